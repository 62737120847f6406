package io.causeway.gateway;

import java.util.List;
import java.util.stream.Collectors;

/** A configuration was refused; carries every problem found, not only the first. */
final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient List<ConfigProblem> problems;

  ConfigException(List<ConfigProblem> problems) {
    super(describe(problems));
    this.problems = List.copyOf(problems);
  }

  ConfigException(ConfigProblem problem) {
    this(List.of(problem));
  }

  List<ConfigProblem> problems() {
    return problems;
  }

  private static String describe(List<ConfigProblem> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a ConfigException needs at least one problem");
    }
    return "invalid declarative configuration ("
        + problems.size()
        + (problems.size() == 1 ? " problem" : " problems")
        + "): "
        + problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("; "));
  }
}
