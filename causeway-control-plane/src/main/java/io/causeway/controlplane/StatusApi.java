package io.causeway.controlplane;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.causeway.store.Store;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** {@code GET /status} (health, no auth) and {@code GET /openapi.yaml} (our API document). */
final class StatusApi {
  private final Store store;
  private final String providerName;
  private final byte[] openApi;

  StatusApi(Store store, String providerName) {
    this.store = store;
    this.providerName = providerName;
    this.openApi = resource("/openapi.yaml");
  }

  void routes(RoutesConfig routes) {
    routes.get("/status", this::status);
    routes.get("/openapi.yaml", ctx -> ctx.contentType("application/yaml").result(openApi));
  }

  private void status(Context ctx) {
    boolean storeUp = store.isAvailable();
    ObjectNode body = Json.object();
    body.put("status", storeUp ? "ok" : "degraded");
    body.put("store", storeUp ? "available" : "unavailable");
    body.put("provider", providerName);
    Responses.json(ctx, storeUp ? 200 : 503, body);
  }

  private static byte[] resource(String name) {
    try (InputStream in = StatusApi.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the control plane jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
