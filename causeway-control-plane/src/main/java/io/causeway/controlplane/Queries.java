package io.causeway.controlplane;

import io.causeway.model.InvalidParameter;
import io.causeway.model.InvalidParameter.Rule;
import io.causeway.store.Filter;
import io.causeway.store.PageRequest;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the contract's list parameters: {@code page[size]}, {@code page[number]} and {@code
 * filter[field][op]} (deepObject style), with {@code filter[field]=v} as shorthand for {@code eq}.
 * Every bad parameter is a 400 naming it.
 */
final class Queries {
  static final int DEFAULT_PAGE_SIZE = 100;
  private static final Pattern FILTER = Pattern.compile("filter\\[([a-z_]+)](?:\\[([a-z]+)])?");

  /** Which operators a field accepts and, for enum fields, which values. */
  record FilterField(Set<Filter.Op> ops, List<String> choices) {
    static FilterField string() {
      return new FilterField(Set.of(Filter.Op.values()), List.of());
    }

    static FilterField enumeration(List<String> choices) {
      return new FilterField(Set.of(Filter.Op.EQ, Filter.Op.NEQ, Filter.Op.OEQ), choices);
    }
  }

  private Queries() {}

  static PageRequest page(Context ctx) {
    List<InvalidParameter> problems = new ArrayList<>();
    int size = integer(ctx, "page[size]", DEFAULT_PAGE_SIZE, PageRequest.MAX_SIZE, problems);
    int number = integer(ctx, "page[number]", 1, Integer.MAX_VALUE, problems);
    if (!problems.isEmpty()) {
      throw ApiException.badRequest(problems);
    }
    return PageRequest.of(number, size);
  }

  private static int integer(
      Context ctx, String name, int fallback, int max, List<InvalidParameter> problems) {
    String raw = ctx.queryParam(name);
    if (raw == null || raw.isEmpty()) {
      return fallback;
    }
    int value;
    try {
      value = Integer.parseInt(raw);
    } catch (NumberFormatException e) {
      problems.add(
          InvalidParameter.of(
              name, Rule.IS_INTEGER, name + ": " + shown(raw) + " (expected: an integer)"));
      return fallback;
    }
    if (value < 1) {
      problems.add(
          InvalidParameter.minimum(
              name, Rule.MIN, 1, name + ": " + value + " (expected: 1 or more)"));
    } else if (value > max) {
      problems.add(
          InvalidParameter.maximum(
              name, Rule.MAX, max, name + ": " + value + " (expected: at most " + max + ")"));
    }
    return value;
  }

  static List<Filter> filters(Context ctx, Map<String, FilterField> fields) {
    List<Filter> filters = new ArrayList<>();
    List<InvalidParameter> problems = new ArrayList<>();
    for (Map.Entry<String, List<String>> param : ctx.queryParamMap().entrySet()) {
      String name = param.getKey();
      if (!name.startsWith("filter")) {
        continue;
      }
      Matcher m = FILTER.matcher(name);
      FilterField field = m.matches() ? fields.get(m.group(1)) : null;
      if (field == null) {
        problems.add(
            InvalidParameter.of(
                name,
                Rule.INVALID,
                name + ": unsupported filter (expected: one of filter[" + fields.keySet() + "])"));
        continue;
      }
      String opName = m.group(2) == null ? "eq" : m.group(2);
      Filter.Op op =
          Arrays.stream(Filter.Op.values())
              .filter(o -> o.wire().equals(opName) && field.ops().contains(o))
              .findFirst()
              .orElse(null);
      if (op == null) {
        problems.add(
            InvalidParameter.of(
                name,
                Rule.INVALID,
                name + ": unsupported operator " + opName + " (expected: one of "
                    + field.ops().stream().map(Filter.Op::wire).sorted().toList() + ")"));
        continue;
      }
      String raw = param.getValue().isEmpty() ? "" : param.getValue().getLast();
      List<String> values =
          op == Filter.Op.OEQ || op == Filter.Op.OCONTAINS
              ? Arrays.stream(raw.split(",", -1)).map(String::trim).toList()
              : List.of(raw);
      List<String> bad =
          field.choices().isEmpty()
              ? List.of()
              : values.stream().filter(v -> !field.choices().contains(v)).toList();
      if (!bad.isEmpty()) {
        problems.add(
            InvalidParameter.choice(
                name, field.choices(), name + ": " + shown(String.join(",", bad))
                    + " (expected: one of " + field.choices() + ")"));
        continue;
      }
      filters.add(new Filter(m.group(1), op, values));
    }
    if (!problems.isEmpty()) {
      throw ApiException.badRequest(problems);
    }
    return filters;
  }

  private static String shown(String raw) {
    return raw.length() > 80 ? raw.substring(0, 80) + "..." : raw;
  }
}
