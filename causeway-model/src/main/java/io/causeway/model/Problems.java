package io.causeway.model;

import io.causeway.model.InvalidParameter.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Collects every problem of one request, so the answer lists them all rather than the first. */
final class Problems {
  private static final int SHOWN_VALUE_MAX = 80;

  private final List<InvalidParameter> list = new ArrayList<>();

  void add(InvalidParameter problem) {
    list.add(problem);
  }

  void add(String field, Rule rule, String reason) {
    list.add(InvalidParameter.of(field, rule, reason));
  }

  void addAll(List<InvalidParameter> problems) {
    list.addAll(problems);
  }

  boolean isEmpty() {
    return list.isEmpty();
  }

  int size() {
    return list.size();
  }

  List<InvalidParameter> list() {
    return List.copyOf(list);
  }

  /** Valid with the supplied value when nothing was found; the supplier only runs then. */
  <T> Validated<T> result(Supplier<T> value) {
    return list.isEmpty() ? Validated.valid(value.get()) : Validated.invalid(list);
  }

  /** Armeria-style reason: {@code field: value (expected: expectation)}. */
  static String reason(String field, String shownValue, String expectation) {
    return field + ": " + shownValue + " (expected: " + expectation + ")";
  }

  /** A user value as shown in a reason: quoted-free, cut short so a huge input stays readable. */
  static String show(String value) {
    int length = value.codePointCount(0, value.length());
    if (length <= SHOWN_VALUE_MAX) {
      return value;
    }
    return value.substring(0, value.offsetByCodePoints(0, SHOWN_VALUE_MAX))
        + "... ("
        + length
        + " characters)";
  }
}
