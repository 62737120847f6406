package io.causeway.model;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Function;

/**
 * The outcome of decoding and validating a request: the value, or every problem found (never just
 * the first). Bad input is an expected outcome, hence a value; {@link #orElseThrow()} turns it into
 * a {@link ValidationException} for callers that map exceptions to HTTP in one place.
 */
public sealed interface Validated<T> {

  /** The request was valid; {@code value} is decoded and normalised. */
  record Valid<T>(T value) implements Validated<T> {
    public Valid {
      requireNonNull(value, "value");
    }
  }

  /** At least one problem; the list has no duplicates and keeps the order they were found in. */
  record Invalid<T>(List<InvalidParameter> problems) implements Validated<T> {
    public Invalid {
      problems = List.copyOf(new LinkedHashSet<>(problems));
      if (problems.isEmpty()) {
        throw new IllegalArgumentException("an invalid result needs at least one problem");
      }
    }
  }

  static <T> Validated<T> valid(T value) {
    return new Valid<>(value);
  }

  static <T> Validated<T> invalid(List<InvalidParameter> problems) {
    return new Invalid<>(problems);
  }

  /** The problems; empty when valid. */
  default List<InvalidParameter> problems() {
    return switch (this) {
      case Valid<T> v -> List.of();
      case Invalid<T> i -> i.problems();
    };
  }

  default boolean isValid() {
    return this instanceof Valid<T>;
  }

  default <R> Validated<R> map(Function<? super T, ? extends R> mapper) {
    return switch (this) {
      case Valid<T> v -> new Valid<>(mapper.apply(v.value()));
      case Invalid<T> i -> new Invalid<>(i.problems());
    };
  }

  /** The value, or a {@link ValidationException} carrying every problem. */
  default T orElseThrow() {
    return switch (this) {
      case Valid<T> v -> v.value();
      case Invalid<T> i -> throw new ValidationException(i.problems());
    };
  }
}
