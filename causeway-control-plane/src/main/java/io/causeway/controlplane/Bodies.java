package io.causeway.controlplane;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.causeway.model.InvalidParameter;
import io.causeway.model.InvalidParameter.Rule;
import io.javalin.http.Context;
import java.util.Locale;

/**
 * Reads a request body as a JSON tree. Wrong content type, malformed JSON and duplicate keys are
 * 400 answers naming the problem; decoding the tree into records is the model's job.
 */
final class Bodies {
  private static final ObjectReader READER =
      Json.MAPPER.reader().with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private Bodies() {}

  static JsonNode json(Context ctx) {
    String contentType = ctx.contentType();
    String media =
        contentType == null
            ? ""
            : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (!media.equals("application/json")) {
      throw ApiException.badRequest(
          InvalidParameter.of(
              "Content-Type",
              Rule.INVALID,
              "Content-Type: "
                  + (contentType == null ? "missing" : contentType)
                  + " (expected: application/json)"));
    }
    String body = ctx.body();
    if (body.isBlank()) {
      throw ApiException.badRequest(
          InvalidParameter.of("body", Rule.IS_OBJECT, "body: empty (expected: a JSON object)"));
    }
    try {
      return READER.readTree(body);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where =
          at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw ApiException.badRequest(
          InvalidParameter.of(
              "body",
              Rule.INVALID,
              "body: malformed JSON" + where + ": " + e.getOriginalMessage()
                  + " (expected: a JSON object)"));
    }
  }
}
