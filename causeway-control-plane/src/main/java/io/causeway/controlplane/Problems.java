package io.causeway.controlplane;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.causeway.model.InvalidParameter;
import io.causeway.model.ValidationException;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where exceptions become HTTP answers: {@code application/problem+json} with
 * {@code status}, {@code title}, {@code detail}, {@code instance} and, on 400, {@code
 * invalid_parameters}. Unexpected exceptions are logged once here, with the trace id the client
 * sees, and answered 500 without internals.
 */
final class Problems {
  static final String CONTENT_TYPE = "application/problem+json";
  private static final Logger LOG = LoggerFactory.getLogger(Problems.class);

  private Problems() {}

  static void handle(Exception e, Context ctx) {
    ApiException api = translate(e);
    String trace = "causeway:trace:" + ApiServer.requestId(ctx);
    if (api.status() == 500) {
      LOG.error("{} {} failed ({})", ctx.method(), ctx.path(), trace, e);
    } else if (api.status() > 500) {
      LOG.warn("{} {} answered {} ({}): {}", ctx.method(), ctx.path(), api.status(), trace,
          e.getMessage());
    }
    write(ctx, api, trace);
  }

  static ApiException translate(Exception e) {
    if (e instanceof ApiException api) {
      return api;
    }
    if (e instanceof ValidationException invalid) {
      return ApiException.badRequest(invalid.problems());
    }
    if (e instanceof HttpResponseException http) {
      return switch (http.getStatus()) {
        case 404 -> ApiException.notFound();
        case 405 -> ApiException.methodNotAllowed("Method " + http.getMessage() + " not allowed");
        case 400 -> ApiException.badState("request", http.getMessage());
        default -> ApiException.of(http.getStatus(), http.getMessage());
      };
    }
    return StoreErrors.translate(e);
  }

  static void write(Context ctx, ApiException api, String trace) {
    ObjectNode body = Json.object();
    body.put("status", api.status());
    body.put("title", api.title());
    body.put("instance", trace);
    body.put("detail", api.getMessage());
    if (!api.invalid().isEmpty()) {
      ArrayNode params = body.putArray("invalid_parameters");
      for (InvalidParameter invalid : api.invalid()) {
        params.add(Json.MAPPER.valueToTree(invalid.toJson()));
      }
    }
    api.retryAfterSeconds().ifPresent(s -> ctx.header("Retry-After", Long.toString(s)));
    ctx.status(api.status()).contentType(CONTENT_TYPE).result(Json.write(body));
  }
}
