package io.causeway.cli;

/** The API answered with an error status; exit code 1. */
final class ApiError extends CliException {
  private final Problem problem;

  ApiError(Problem problem) {
    super(API_ERROR, withHint(problem));
    this.problem = problem;
  }

  private static java.util.List<String> withHint(Problem problem) {
    if (problem.status() != 401) {
      return problem.lines();
    }
    var lines = new java.util.ArrayList<>(problem.lines());
    lines.add("Check the token: --token, CAUSEWAY_TOKEN, or `./causeway login` again.");
    return lines;
  }

  Problem problem() {
    return problem;
  }

  int status() {
    return problem.status();
  }
}
