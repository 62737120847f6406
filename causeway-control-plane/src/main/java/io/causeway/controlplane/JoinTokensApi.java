package io.causeway.controlplane;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.causeway.model.InvalidParameter;
import io.causeway.model.InvalidParameter.Rule;
import io.causeway.store.JoinTokenRow;
import io.causeway.store.Store;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

/**
 * {@code POST /v2/control-planes/{id}/join-tokens}: mints a single-use join token (shown once)
 * for {@code ./causeway data-plane --control-plane URL --join-token T}. Optional body {@code
 * {"expires_in": seconds}} (60 to 604800; one hour by default).
 */
final class JoinTokensApi {
  static final Duration DEFAULT_TTL = Duration.ofHours(1);

  private final Store store;
  private final JoinTokens tokens;
  private final ClusterCa ca;
  private final Clock clock;

  JoinTokensApi(Store store, JoinTokens tokens, ClusterCa ca, Clock clock) {
    this.store = store;
    this.tokens = tokens;
    this.ca = ca;
    this.clock = clock;
  }

  void routes(RoutesConfig routes) {
    routes.post(ControlPlanesApi.PATH + "/{controlPlaneId}/join-tokens", this::create);
  }

  private void create(Context ctx) {
    Principal who = Authenticator.principal(ctx);
    UUID cp = Ids.path(ctx, "controlPlaneId");
    store.controlPlanes().get(who.organizationId(), cp).orElseThrow(ApiException::notFound);
    Duration ttl = ctx.body().isBlank() ? DEFAULT_TTL : ttl(Bodies.json(ctx));
    String token = tokens.newToken(ca.fingerprint());
    JoinTokenRow row = insert(cp, token, ttl);
    ObjectNode body = Json.object();
    body.put("id", row.id().toString());
    body.put("control_plane_id", cp.toString());
    body.put("token", token);
    body.put("ca_fingerprint", ca.fingerprint());
    body.put("created_at", Json.timestamp(row.createdAt()));
    body.put("expires_at", Json.timestamp(row.expiresAt()));
    Responses.json(ctx, 201, body);
  }

  /** A new token for the control plane, valid for {@code ttl}. */
  String mint(UUID controlPlaneId, Duration ttl) {
    String token = tokens.newToken(ca.fingerprint());
    insert(controlPlaneId, token, ttl);
    return token;
  }

  private JoinTokenRow insert(UUID cp, String token, Duration ttl) {
    return store.joinTokens().insert(JoinTokenRow.create(
        UUID.randomUUID(), cp, Tokens.hash(token), clock.instant().plus(ttl)));
  }

  private static Duration ttl(JsonNode body) {
    BodyFields fields = new BodyFields(body, java.util.Set.of("expires_in"));
    JsonNode given = body.path("expires_in");
    fields.check();
    if (given.isMissingNode() || given.isNull()) {
      return DEFAULT_TTL;
    }
    if (!given.canConvertToLong() || !given.isIntegralNumber()
        || given.asLong() < 60 || given.asLong() > 604_800) {
      throw ApiException.badRequest(InvalidParameter.of("expires_in", Rule.INVALID,
          "expires_in: " + given + " (expected: seconds, 60-604800)"));
    }
    return Duration.ofSeconds(given.asLong());
  }
}
