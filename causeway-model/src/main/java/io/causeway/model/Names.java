package io.causeway.model;

import io.causeway.model.InvalidParameter.Rule;
import java.util.List;

/**
 * The {@code name} of networks and transit gateways: 1 to {@link Limits#NAME_MAX_LENGTH} characters
 * (Unicode code points), without control characters (names are printed in tables and logs, where a
 * newline or escape sequence would forge output).
 */
public final class Names {
  private Names() {}

  /** The problems of {@code value} as a name at {@code field}; empty when valid. */
  public static List<InvalidParameter> check(String field, String value) {
    int length = value.codePointCount(0, value.length());
    if (length < Limits.NAME_MIN_LENGTH) {
      return List.of(
          InvalidParameter.minimum(
              field,
              Rule.MIN_LENGTH,
              Limits.NAME_MIN_LENGTH,
              field + " must have at least " + Limits.NAME_MIN_LENGTH + " character"));
    }
    if (length > Limits.NAME_MAX_LENGTH) {
      // Konnect's published wording, with the length we got.
      return List.of(
          InvalidParameter.maximum(
              field,
              Rule.MAX_LENGTH,
              Limits.NAME_MAX_LENGTH,
              "%s must be shorter than or equal to %d characters (got %d)"
                  .formatted(field, Limits.NAME_MAX_LENGTH, length)));
    }
    if (value.codePoints().anyMatch(Character::isISOControl)) {
      return List.of(
          InvalidParameter.of(
              field,
              Rule.INVALID,
              Problems.reason(field, Problems.show(value), "no control characters")));
    }
    return List.of();
  }
}
