package io.causeway.controlplane;

import io.javalin.http.Context;
import java.util.UUID;

/** Path ids: anything that is not a UUID names no entity, so it is a 404 like an unknown id. */
final class Ids {
  private Ids() {}

  static UUID path(Context ctx, String name) {
    String raw = ctx.pathParam(name);
    try {
      UUID id = UUID.fromString(raw);
      // UUID.fromString accepts short forms such as 1-1-1-1-1; only the canonical one names ids.
      if (!id.toString().equalsIgnoreCase(raw)) {
        throw ApiException.notFound();
      }
      return id;
    } catch (IllegalArgumentException e) {
      throw ApiException.notFound();
    }
  }
}
