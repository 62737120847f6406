package io.causeway.store;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One {@code filter[field][op]=value} condition of a list. Several filters are ANDed.
 * {@code contains} and {@code ocontains} match substrings case-insensitively; {@code eq},
 * {@code neq} and {@code oeq} compare exactly. Each repository says which fields it filters on
 * and refuses others with {@link IllegalArgumentException}.
 *
 * @param field the wire field name, e.g. {@code name} or {@code state}
 * @param op the operator
 * @param values one value for {@code eq}, {@code neq}, {@code contains}; one or more for {@code
 *     oeq} and {@code ocontains} (one of)
 */
public record Filter(String field, Op op, List<String> values) {

  /** The operators of the Konnect string filter. */
  public enum Op {
    EQ("eq"),
    NEQ("neq"),
    CONTAINS("contains"),
    OEQ("oeq"),
    OCONTAINS("ocontains");

    private final String wire;

    Op(String wire) {
      this.wire = wire;
    }

    public String wire() {
      return wire;
    }

    boolean isMultiValued() {
      return this == OEQ || this == OCONTAINS;
    }
  }

  public Filter {
    requireNonNull(field, "field");
    requireNonNull(op, "op");
    values = List.copyOf(values);
    if (values.isEmpty()) {
      throw new IllegalArgumentException(
          "filter[" + field + "][" + op.wire() + "]: no value (expected: at least one)");
    }
    if (!op.isMultiValued() && values.size() != 1) {
      throw new IllegalArgumentException(
          "filter[" + field + "][" + op.wire() + "]: " + values.size()
              + " values (expected: exactly one)");
    }
  }

  public static Filter eq(String field, String value) {
    return new Filter(field, Op.EQ, List.of(value));
  }

  public static Filter neq(String field, String value) {
    return new Filter(field, Op.NEQ, List.of(value));
  }

  public static Filter contains(String field, String value) {
    return new Filter(field, Op.CONTAINS, List.of(value));
  }

  public static Filter oneOf(String field, List<String> values) {
    return new Filter(field, Op.OEQ, values);
  }

  public static Filter containsOneOf(String field, List<String> values) {
    return new Filter(field, Op.OCONTAINS, values);
  }
}
