package io.causeway.model;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A request broke one or more rules; the control plane answers 400 with {@code invalid_parameters}
 * built from {@link #problems()} ({@link InvalidParameter#toJson()}). Thrown only by {@link
 * Validated#orElseThrow()}; validation itself returns {@link Validated}.
 */
public class ValidationException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient List<InvalidParameter> problems;

  public ValidationException(List<InvalidParameter> problems) {
    super(
        problems.stream()
            .map(InvalidParameter::reason)
            .collect(Collectors.joining("; ", "invalid parameters: ", "")));
    this.problems = List.copyOf(problems);
  }

  public List<InvalidParameter> problems() {
    return problems;
  }
}
