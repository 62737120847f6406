package io.causeway.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.causeway.model.InvalidParameter.Rule;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A JSON object being decoded at a dotted path. Accessors record a problem (with the exact path)
 * and return empty instead of throwing, so one pass finds every problem of a request.
 */
final class Fields {
  /** The field name used for the request body itself when it is not an object. */
  static final String BODY = "body";

  private final ObjectNode node;
  private final String path;
  private final Problems problems;

  private Fields(ObjectNode node, String path, Problems problems) {
    this.node = node;
    this.path = path;
    this.problems = problems;
  }

  /** The object at {@code path} ({@code ""} for the body), or empty after an {@code is_object}. */
  static Optional<Fields> object(JsonNode node, String path, Problems problems) {
    if (node instanceof ObjectNode object) {
      return Optional.of(new Fields(object, path, problems));
    }
    String field = path.isEmpty() ? BODY : path;
    problems.add(field, Rule.IS_OBJECT, Problems.reason(field, shown(node), "a JSON object"));
    return Optional.empty();
  }

  static String child(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  static String child(String path, int index) {
    return path + "." + index;
  }

  String path(String name) {
    return child(path, name);
  }

  boolean has(String name) {
    return node.has(name);
  }

  Set<String> names() {
    Set<String> names = new LinkedHashSet<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  Optional<JsonNode> optional(String name) {
    return Optional.ofNullable(node.get(name));
  }

  Optional<JsonNode> required(String name, String expectation) {
    JsonNode value = node.get(name);
    if (value == null) {
      problems.add(path(name), Rule.REQUIRED, Problems.reason(path(name), "missing", expectation));
    }
    return Optional.ofNullable(value);
  }

  Optional<String> requiredString(String name) {
    return required(name, "a string").flatMap(v -> string(v, path(name), problems));
  }

  Optional<String> optionalString(String name) {
    return optional(name).flatMap(v -> string(v, path(name), problems));
  }

  Optional<ArrayNode> requiredArray(String name) {
    return required(name, "an array").flatMap(v -> array(v, path(name), problems));
  }

  Optional<ArrayNode> optionalArray(String name) {
    return optional(name).flatMap(v -> array(v, path(name), problems));
  }

  Optional<Fields> requiredObject(String name) {
    return required(name, "a JSON object").flatMap(v -> object(v, path(name), problems));
  }

  /** Records an {@code unknown_property} for every member not in {@code known}. */
  void rejectUnknown(Set<String> known, String expectation) {
    for (String name : names()) {
      if (!known.contains(name)) {
        problems.add(
            path(name),
            Rule.UNKNOWN_PROPERTY,
            Problems.reason(path(name), "unknown property", expectation));
      }
    }
  }

  static Optional<String> string(JsonNode value, String path, Problems problems) {
    if (value.isTextual()) {
      return Optional.of(value.textValue());
    }
    problems.add(path, Rule.IS_STRING, Problems.reason(path, shown(value), "a string"));
    return Optional.empty();
  }

  static Optional<ArrayNode> array(JsonNode value, String path, Problems problems) {
    if (value instanceof ArrayNode array) {
      return Optional.of(array);
    }
    problems.add(path, Rule.IS_ARRAY, Problems.reason(path, shown(value), "an array"));
    return Optional.empty();
  }

  /**
   * The strings of an array, or empty if any element is not a string (each such element gets an
   * {@code is_string} at its index).
   */
  static Optional<List<String>> strings(ArrayNode array, String path, Problems problems) {
    List<String> values = new ArrayList<>();
    boolean allStrings = true;
    Iterator<JsonNode> elements = array.elements();
    for (int i = 0; elements.hasNext(); i++) {
      Optional<String> value = string(elements.next(), child(path, i), problems);
      value.ifPresent(values::add);
      allStrings &= value.isPresent();
    }
    return allStrings ? Optional.of(values) : Optional.empty();
  }

  /** A JSON value as shown in a reason: its JSON text, cut short. */
  static String shown(JsonNode value) {
    return Problems.show(value.toString());
  }
}
