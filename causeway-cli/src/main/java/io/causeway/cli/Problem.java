package io.causeway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An {@code application/problem+json} answer of the API, as the user reads it: the title and
 * detail, then one {@code field: reason} line per entry of {@code invalid_parameters}.
 *
 * @param status HTTP status
 * @param title short summary ({@code Bad Request})
 * @param detail what went wrong, may be empty
 * @param invalid the field-level problems of a 400
 */
record Problem(int status, String title, String detail, List<Invalid> invalid) {

  /** One {@code invalid_parameters} entry. */
  record Invalid(String field, String rule, String reason) {}

  Problem {
    invalid = List.copyOf(invalid);
  }

  /** Reads a problem body; a body of another shape keeps its first characters as the detail. */
  static Problem parse(int status, Optional<JsonNode> body, String raw) {
    if (body.isEmpty() || !body.get().isObject() || !body.get().has("title")) {
      String shown = raw.strip();
      return new Problem(
          status,
          "HTTP " + status,
          shown.length() > 300 ? shown.substring(0, 300) + "..." : shown,
          List.of());
    }
    JsonNode node = body.get();
    List<Invalid> invalid = new ArrayList<>();
    for (JsonNode p : node.path("invalid_parameters")) {
      invalid.add(
          new Invalid(
              p.path("field").asText(""), p.path("rule").asText(""), p.path("reason").asText("")));
    }
    return new Problem(
        node.path("status").asInt(status),
        node.path("title").asText(""),
        node.path("detail").asText(""),
        invalid);
  }

  /** {@code Error: Bad Request (400): detail}, then {@code field: reason} per invalid parameter. */
  List<String> lines() {
    List<String> lines = new ArrayList<>();
    String head = "Error: " + title + " (" + status + ")";
    lines.add(detail.isBlank() || detail.equals(title) ? head : head + ": " + detail);
    for (Invalid i : invalid) {
      String reason = i.reason().isBlank() ? i.rule() : i.reason();
      // Reasons usually start with the field already ("cidr_block: 10.0.0.0/12 (expected: ...)").
      lines.add("  " + (reason.startsWith(i.field() + ":") ? reason : i.field() + ": " + reason));
    }
    return lines;
  }
}
