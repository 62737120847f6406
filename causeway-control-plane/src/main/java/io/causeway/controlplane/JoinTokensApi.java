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
import java.util.Optional;
import java.util.UUID;

/**
 * {@code POST /v2/control-planes/{id}/join-tokens}: mints a single-use join token (shown once)
 * for {@code ./causeway data-plane --control-plane URL --join-token T}. Optional body {@code
 * {"expires_in": seconds, "cloud_gateway_network_id": id}}: 60 to 604800 seconds (one hour by
 * default); the network (our extension) binds the node that redeems the token to one of the
 * networks the control plane's data-plane groups run in, whose DNS forwarding table it receives.
 */
final class JoinTokensApi implements JoinTokenMinter {
  static final String NETWORK = "cloud_gateway_network_id";

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
    JsonNode given = ctx.body().isBlank() ? Json.object() : Bodies.json(ctx);
    BodyFields fields = new BodyFields(given, java.util.Set.of("expires_in", NETWORK));
    Optional<String> networkText = fields.string(NETWORK, false, 1, 64);
    fields.check();
    Duration ttl = ttl(given);
    Optional<UUID> network = networkText.map(JoinTokensApi::networkId);
    String token = tokens.newToken(ca.fingerprint());
    JoinTokenRow row = insert(cp, token, ttl, network);
    ObjectNode body = Json.object();
    body.put("id", row.id().toString());
    body.put("control_plane_id", cp.toString());
    body.put("token", token);
    body.put("ca_fingerprint", ca.fingerprint());
    body.put("created_at", Json.timestamp(row.createdAt()));
    body.put("expires_at", Json.timestamp(row.expiresAt()));
    // Only when bound: an unbound token's answer keeps exactly the documented fields.
    row.networkId().ifPresent(n -> body.put(NETWORK, n.toString()));
    Responses.json(ctx, 201, body);
  }

  /** A new token for the control plane, valid for {@code ttl}, bound to no network. */
  String mint(UUID controlPlaneId, Duration ttl) {
    return mint(controlPlaneId, Optional.empty(), ttl);
  }

  @Override
  public String mint(UUID controlPlaneId, Optional<UUID> networkId, Duration ttl) {
    String token = tokens.newToken(ca.fingerprint());
    insert(controlPlaneId, token, ttl, networkId);
    return token;
  }

  private JoinTokenRow insert(UUID cp, String token, Duration ttl, Optional<UUID> network) {
    network.ifPresent(n -> checkNetwork(cp, n));
    return store.joinTokens().insert(JoinTokenRow.create(
        UUID.randomUUID(), cp, Tokens.hash(token), clock.instant().plus(ttl), network));
  }

  /**
   * A node may be bound only to a network one of the control plane's data-plane groups runs in
   * (which also proves the network exists in the control plane's organisation: configurations
   * reference networks by foreign key, checked by the configurations API).
   */
  private void checkNetwork(UUID cp, UUID network) {
    boolean placed = store.configurations().listByControlPlane(cp).stream()
        .anyMatch(c -> c.networkIds().contains(network));
    if (!placed) {
      throw ApiException.badRequest(InvalidParameter.of(NETWORK, Rule.MISSING_REFERENCE,
          NETWORK + ": " + network + " is not the network of a data-plane group of control"
              + " plane " + cp + " (expected: a cloud_gateway_network_id of its"
              + " dataplane_groups, see PUT /v2/cloud-gateways/configurations)"));
    }
  }

  static UUID networkId(String text) {
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(InvalidParameter.of(NETWORK, Rule.IS_UUID,
          NETWORK + ": " + text + " (expected: a network id, a UUID)"));
    }
  }

  private static Duration ttl(JsonNode body) {
    JsonNode given = body.path("expires_in");
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
