package io.causeway.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Typed, path-aware access to one object of a declarative file. Every problem is recorded (with its
 * path) instead of thrown, so a whole file is checked in one pass; {@link #finish()} reports the
 * fields nobody asked for as unknown. A JSON {@code null} counts as absent, as in Kong.
 */
final class DeclarativeConfigFields {

  private final JsonNode node;
  private final String path;
  private final List<ConfigProblem> problems;
  private final Set<String> known = new HashSet<>(Set.of("_comment", "_ignore"));

  private DeclarativeConfigFields(JsonNode node, String path, List<ConfigProblem> problems) {
    this.node = node;
    this.path = path;
    this.problems = problems;
  }

  /** Wraps {@code node}, or records a problem and gives empty when it is not an object. */
  static Optional<DeclarativeConfigFields> of(
      JsonNode node, String path, List<ConfigProblem> problems) {
    if (!node.isObject()) {
      problems.add(new ConfigProblem(path, "expected an object, got " + describe(node)));
      return Optional.empty();
    }
    return Optional.of(new DeclarativeConfigFields(node, path, problems));
  }

  String path() {
    return path;
  }

  /** The object as read. */
  JsonNode node() {
    return node;
  }

  String pathOf(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  void problem(String key, String reason) {
    problems.add(new ConfigProblem(key.isEmpty() ? path : pathOf(key), reason));
  }

  /** Marks a field as understood without reading it. */
  void allow(String... keys) {
    known.addAll(List.of(keys));
  }

  boolean has(String key) {
    known.add(key);
    JsonNode v = node.get(key);
    return v != null && !v.isNull();
  }

  Optional<JsonNode> raw(String key) {
    return has(key) ? Optional.of(node.get(key)) : Optional.empty();
  }

  /** Refuses a field Kong knows but Causeway does not serve, when it is set. */
  void refuse(String key, String reason) {
    if (has(key)) {
      problem(key, reason);
    }
  }

  Optional<String> string(String key) {
    return raw(key)
        .flatMap(v -> expect(key, v, JsonNodeType.STRING, "a string"))
        .map(JsonNode::asText);
  }

  Optional<Boolean> bool(String key) {
    return raw(key)
        .flatMap(v -> expect(key, v, JsonNodeType.BOOLEAN, "a boolean"))
        .map(JsonNode::asBoolean);
  }

  Optional<Integer> integer(String key, long min, long max) {
    Optional<JsonNode> v = raw(key);
    if (v.isEmpty()) {
      return Optional.empty();
    }
    JsonNode n = v.get();
    if (!n.isIntegralNumber() && !(n.isNumber() && n.asDouble() == Math.rint(n.asDouble()))) {
      problem(key, "expected an integer, got " + describe(n));
      return Optional.empty();
    }
    long value = n.asLong();
    if (value < min || value > max) {
      problem(key, "value " + value + " out of range (expected: " + min + "-" + max + ")");
      return Optional.empty();
    }
    return Optional.of((int) value);
  }

  Optional<Double> number(String key, double min, double max) {
    Optional<JsonNode> v = raw(key);
    if (v.isEmpty()) {
      return Optional.empty();
    }
    if (!v.get().isNumber()) {
      problem(key, "expected a number, got " + describe(v.get()));
      return Optional.empty();
    }
    double value = v.get().asDouble();
    if (value < min || value > max) {
      problem(
          key,
          "value "
              + v.get().asText()
              + " out of range (expected: "
              + fmt(min)
              + "-"
              + fmt(max)
              + ")");
      return Optional.empty();
    }
    return Optional.of(value);
  }

  Optional<DeclarativeConfigFields> object(String key) {
    return raw(key).flatMap(v -> of(v, pathOf(key), problems));
  }

  /** The elements of an array field with their paths; empty list when absent or not an array. */
  List<Element> array(String key) {
    Optional<JsonNode> v = raw(key);
    if (v.isEmpty()) {
      return List.of();
    }
    if (!v.get().isArray()) {
      problem(key, "expected an array, got " + describe(v.get()));
      return List.of();
    }
    List<Element> out = new ArrayList<>();
    for (int i = 0; i < v.get().size(); i++) {
      out.add(new Element(v.get().get(i), pathOf(key) + "[" + i + "]", i));
    }
    return out;
  }

  /** An array of strings; each non-string element is a problem and is left out. */
  Optional<List<String>> strings(String key) {
    if (!has(key)) {
      return Optional.empty();
    }
    if (!node.get(key).isArray()) {
      problem(key, "expected an array of strings, got " + describe(node.get(key)));
      return Optional.empty();
    }
    List<String> out = new ArrayList<>();
    for (Element e : array(key)) {
      if (e.node().isTextual()) {
        out.add(e.node().asText());
      } else {
        problems.add(new ConfigProblem(e.path(), "expected a string, got " + describe(e.node())));
      }
    }
    return Optional.of(out);
  }

  /** A map of names to arrays of strings (Kong's {@code headers}). */
  Optional<Map<String, List<String>>> stringListMap(String key) {
    Optional<DeclarativeConfigFields> obj = object(key);
    if (obj.isEmpty()) {
      return Optional.empty();
    }
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (Iterator<String> it = obj.get().node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      obj.get().strings(name).ifPresent(values -> out.put(name, values));
      if (!obj.get().has(name)) {
        obj.get().problem(name, "expected an array of strings, got null");
      }
    }
    return Optional.of(out);
  }

  /** Reports every field that no accessor asked for. */
  void finish() {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!known.contains(name)) {
        problems.add(new ConfigProblem(pathOf(name), "unknown field"));
      }
    }
  }

  /** One element of an array field. */
  record Element(JsonNode node, String path, int index) {}

  private Optional<JsonNode> expect(String key, JsonNode v, JsonNodeType type, String what) {
    if (v.getNodeType() != type) {
      problem(key, "expected " + what + ", got " + describe(v));
      return Optional.empty();
    }
    return Optional.of(v);
  }

  static String describe(JsonNode n) {
    return switch (n.getNodeType()) {
      case STRING -> "the string \"" + n.asText() + "\"";
      case NUMBER -> "the number " + n.asText();
      case BOOLEAN -> "the boolean " + n.asText();
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      case NULL, MISSING -> "null";
      default -> n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    };
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
