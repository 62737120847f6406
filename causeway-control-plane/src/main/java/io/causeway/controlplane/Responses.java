package io.causeway.controlplane;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;

/** Writes JSON answers with the one configured mapper. */
final class Responses {
  private Responses() {}

  static void json(Context ctx, int status, JsonNode body) {
    ctx.status(status).contentType("application/json").result(Json.write(body));
  }
}
