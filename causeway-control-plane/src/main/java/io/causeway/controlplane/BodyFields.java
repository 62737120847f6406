package io.causeway.controlplane;

import com.fasterxml.jackson.databind.JsonNode;
import io.causeway.model.InvalidParameter;
import io.causeway.model.InvalidParameter.Rule;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decodes the small bodies the model does not own (tokens, organisations, control planes): every
 * problem is collected with its field, then thrown together as one 400.
 */
final class BodyFields {
  private final JsonNode body;
  private final List<InvalidParameter> problems = new ArrayList<>();

  BodyFields(JsonNode body, Set<String> known) {
    this.body = body;
    if (!body.isObject()) {
      throw ApiException.badRequest(InvalidParameter.of(
          "body", Rule.IS_OBJECT, "body: " + body.getNodeType() + " (expected: a JSON object)"));
    }
    for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        problems.add(InvalidParameter.of(name, Rule.UNKNOWN_PROPERTY,
            name + ": unknown property (expected: only " + known.stream().sorted().toList() + ")"));
      }
    }
  }

  Optional<String> string(String name, boolean required, int min, int max) {
    JsonNode value = body.get(name);
    if (value == null || value.isNull()) {
      if (required) {
        problems.add(InvalidParameter.of(name, Rule.REQUIRED, name + ": missing (expected: a string)"));
      }
      return Optional.empty();
    }
    if (!value.isTextual()) {
      problems.add(InvalidParameter.of(name, Rule.IS_STRING,
          name + ": " + value.getNodeType() + " (expected: a string)"));
      return Optional.empty();
    }
    String text = value.textValue();
    int length = text.codePointCount(0, text.length());
    if (length < min) {
      problems.add(InvalidParameter.minimum(name, Rule.MIN_LENGTH, min,
          name + ": " + length + " characters (expected: at least " + min + ")"));
    } else if (length > max) {
      problems.add(InvalidParameter.maximum(name, Rule.MAX_LENGTH, max,
          name + ": " + length + " characters (expected: at most " + max + ")"));
    }
    return Optional.of(text);
  }

  Optional<String> choice(String name, List<String> choices) {
    Optional<String> value = string(name, false, 0, Integer.MAX_VALUE);
    if (value.isPresent() && !choices.contains(value.get())) {
      problems.add(InvalidParameter.choice(name, choices,
          name + ": " + value.get() + " (expected: one of " + choices + ")"));
      return Optional.empty();
    }
    return value;
  }

  Optional<Boolean> bool(String name) {
    JsonNode value = body.get(name);
    if (value == null) {
      return Optional.empty();
    }
    if (!value.isBoolean()) {
      problems.add(InvalidParameter.of(name, Rule.IS_BOOLEAN,
          name + ": " + value.getNodeType() + " (expected: true or false)"));
      return Optional.empty();
    }
    return Optional.of(value.booleanValue());
  }

  Optional<JsonNode> node(String name) {
    return Optional.ofNullable(body.get(name));
  }

  void problem(InvalidParameter problem) {
    problems.add(problem);
  }

  /** Throws every problem found so far as one 400. */
  void check() {
    if (!problems.isEmpty()) {
      throw ApiException.badRequest(problems);
    }
  }
}
