package io.causeway.testkit;

import static io.causeway.testkit.ArmWorld.lower;

import com.sun.net.httpserver.HttpExchange;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What ARM checks before a resource provider sees a request: a bearer token issued for ARM's
 * audience by the tenant that owns the subscription in the URL, the caller's role for the action
 * over the resource, and, for a peering, {@code peer/action} on the remote VNET with an auxiliary
 * token ({@code x-ms-authorization-auxiliary}) for the remote tenant when it differs.
 */
final class ArmAccess {
  static final String PEER_ACTION = "Microsoft.Network/virtualNetworks/peer/action";
  private static final Pattern VNET_ID =
      Pattern.compile(
          "/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/Microsoft\\.Network"
              + "/virtualNetworks/([^/]+)",
          Pattern.CASE_INSENSITIVE);

  private final ArmWorld world;
  private final String audience;

  ArmAccess(ArmWorld world, String audience) {
    this.world = world;
    this.audience = audience;
  }

  /** The primary token, checked against the subscription in the URL. */
  ArmWorld.Token primary(HttpExchange exchange, String subscription) {
    String header = Exchanges.header(exchange, "Authorization").orElse("");
    if (header.isEmpty()) {
      throw new ArmFailure(401, "AuthenticationFailed",
          "Authentication failed. The 'Authorization' header is missing.");
    }
    if (!header.startsWith("Bearer ")) {
      throw new ArmFailure(401, "AuthenticationFailedInvalidHeader",
          "Authentication failed. The 'Authorization' header is provided in an invalid format.");
    }
    ArmWorld.Token token = known(header.substring("Bearer ".length()).trim(), "Authorization");
    String owner = world.tenantOfSubscription(subscription)
        .orElseThrow(() -> new ArmFailure(404, "SubscriptionNotFound",
            "The subscription '" + subscription + "' could not be found."));
    if (!owner.equals(token.tenant())) {
      throw new ArmFailure(401, "InvalidAuthenticationTokenTenant",
          "The access token is from the wrong issuer 'https://sts.windows.net/" + token.tenant()
              + "/'. It must match the tenant 'https://sts.windows.net/" + owner
              + "/' associated with this subscription. Please use the authority (URL)"
              + " 'https://login.windows.net/" + owner + "' to get the token.");
    }
    return token;
  }

  /** 403 {@code AuthorizationFailed} unless the caller's role allows {@code action}. */
  void require(ArmWorld.Token token, String action, String scope) {
    if (!world.allowed(token.tenant(), action, scope)) {
      throw new ArmFailure(403, "AuthorizationFailed",
          "The client '" + token.clientId() + "' with object id '"
              + world.servicePrincipalObjectId(token.tenant())
              + "' does not have authorization to perform action '" + action + "' over scope '"
              + scope + "' or the scope is invalid. If access was recently granted, please"
              + " refresh your credentials.");
    }
  }

  /**
   * The linked-scope check of a peering PUT: the caller needs {@code peer/action} on the remote
   * VNET, proven with a token of the remote VNET's tenant (the primary one when tenants match,
   * else an auxiliary one).
   */
  void requireLinked(
      HttpExchange exchange, ArmWorld.Token primary, String peeringId, String remoteVnetId) {
    Matcher m = VNET_ID.matcher(remoteVnetId);
    if (!m.matches()) {
      throw new ArmFailure(400, "LinkedInvalidPropertyId",
          "Property id '" + remoteVnetId + "' at path 'properties.remoteVirtualNetwork.id' is"
              + " invalid. Expect fully qualified resource Id that start with"
              + " '/subscriptions/{subscriptionId}' or '/providers/{resourceProviderNamespace}/'.");
    }
    String remoteSubscription = m.group(1);
    List<ArmWorld.Token> auxiliary = auxiliary(exchange);
    Optional<String> remoteTenant = world.tenantOfSubscription(remoteSubscription);
    Optional<ArmWorld.Token> proof =
        remoteTenant.flatMap(
            tenant -> tenant.equals(primary.tenant())
                ? Optional.of(primary)
                : auxiliary.stream().filter(t -> t.tenant().equals(tenant)).findFirst());
    if (proof.isEmpty()) {
      throw new ArmFailure(403, "LinkedAuthorizationFailed",
          "The client has permission to perform action '" + PEER_ACTION + "' on scope '"
              + peeringId + "', however the current tenant '" + primary.tenant()
              + "' is not authorized to access linked subscription '" + remoteSubscription + "'.");
    }
    if (!world.allowed(proof.get().tenant(), PEER_ACTION, remoteVnetId)) {
      throw new ArmFailure(403, "LinkedAuthorizationFailed",
          "The client '" + primary.clientId() + "' with object id '"
              + world.servicePrincipalObjectId(primary.tenant()) + "' has permission to perform"
              + " action 'Microsoft.Network/virtualNetworks/virtualNetworkPeerings/write' on"
              + " scope '" + peeringId + "'; however, it does not have permission to perform"
              + " action '" + PEER_ACTION + "' on the linked scope(s) '" + remoteVnetId
              + "' or the linked scope(s) are invalid.");
    }
  }

  /** The auxiliary tokens: {@code Bearer <t1>, Bearer <t2>}, at most three, all valid. */
  private List<ArmWorld.Token> auxiliary(HttpExchange exchange) {
    List<ArmWorld.Token> tokens = new ArrayList<>();
    String header = Exchanges.header(exchange, "x-ms-authorization-auxiliary").orElse("");
    for (String entry : header.split(",")) {
      String value = entry.trim();
      if (value.isEmpty()) {
        continue;
      }
      if (!value.startsWith("Bearer ")) {
        throw new ArmFailure(401, "AuthenticationFailedInvalidHeader",
            "The 'x-ms-authorization-auxiliary' header is provided in an invalid format.");
      }
      String token = value.substring("Bearer ".length()).trim();
      tokens.add(known(token, "x-ms-authorization-auxiliary"));
    }
    if (tokens.size() > 3) {
      throw new ArmFailure(400, "TooManyAuxiliaryTokens",
          "At most 3 auxiliary tokens may be sent, got " + tokens.size() + ".");
    }
    return tokens;
  }

  private ArmWorld.Token known(String value, String header) {
    ArmWorld.Token token = world.tokens.get(value);
    if (token == null) {
      throw new ArmFailure(401, "InvalidAuthenticationToken",
          "The access token in the '" + header + "' header is invalid.");
    }
    if (!lower(token.audience()).equals(lower(audience))) {
      throw new ArmFailure(401, "InvalidAuthenticationTokenAudience",
          "The access token has been obtained for wrong audience or resource '"
              + token.audience() + "'. It should exactly match with one of the allowed"
              + " audiences '" + audience + "','" + audience + "/'.");
    }
    return token;
  }

  static Optional<String[]> parseVnetId(String id) {
    Matcher m = VNET_ID.matcher(id);
    return m.matches()
        ? Optional.of(new String[] {m.group(1), m.group(2), m.group(3)})
        : Optional.empty();
  }
}
