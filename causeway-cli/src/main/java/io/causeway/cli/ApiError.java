package io.causeway.cli;

/** The API answered with an error status; exit code 1. */
final class ApiError extends CliException {
  private final Problem problem;

  ApiError(Problem problem) {
    super(API_ERROR, problem.lines());
    this.problem = problem;
  }

  Problem problem() {
    return problem;
  }

  int status() {
    return problem.status();
  }
}
