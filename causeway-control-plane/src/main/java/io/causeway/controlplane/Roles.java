package io.causeway.controlplane;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one table of who may call what: every {@code /v2} route, by method and path pattern, names
 * the role it needs. Reads need {@code viewer}, changes {@code editor}; tokens, join tokens and
 * the audit log {@code admin}; organisations and the host's local VNETs the operator. A route
 * missing from the table needs the operator (fail closed), and {@code RoleMatrixIT} fails until
 * the table names it.
 */
final class Roles {
  /** What a route needs: a role in the caller's organisation, and perhaps the operator. */
  record Rule(Role role, boolean operator) {
    String describe() {
      return operator ? "admin role of the operator's organization" : role.wire() + " role";
    }
  }

  /** Routes anyone may call, without a token (the contract makes availability public). */
  static final Set<String> PUBLIC = Set.of("GET " + CatalogApi.AVAILABILITY);

  /** Paths under this prefix are host resources: the operator only, whatever the method. */
  static final String OPERATOR_PREFIX = "/v2/local/";

  static final Rule VIEWER = new Rule(Role.VIEWER, false);
  static final Rule EDITOR = new Rule(Role.EDITOR, false);
  static final Rule ADMIN = new Rule(Role.ADMIN, false);
  static final Rule OPERATOR = new Rule(Role.ADMIN, true);

  static final Map<String, Rule> TABLE = table();

  private Roles() {}

  private static Map<String, Rule> table() {
    Map<String, Rule> t = new LinkedHashMap<>();
    String accounts = CatalogApi.ACCOUNTS;
    t.put("GET " + accounts, VIEWER);
    t.put("GET " + accounts + "/{providerAccountId}", VIEWER);

    String networks = NetworksApi.PATH;
    String network = networks + "/{networkId}";
    crud(t, networks, network, true);
    t.put("GET " + network + "/configuration-references", VIEWER);
    String gateways = TransitGatewaysApi.PATH;
    String gateway = gateways + "/{transitGatewayId}";
    crud(t, gateways, gateway, true);
    t.put("GET " + gateway + "/azure-setup", VIEWER);
    t.put("POST " + gateway + "/verify", EDITOR);

    String configurations = ConfigurationsApi.PATH;
    t.put("GET " + configurations, VIEWER);
    t.put("PUT " + configurations, EDITOR);
    t.put("GET " + configurations + "/{configurationId}", VIEWER);

    String planes = ControlPlanesApi.PATH;
    String plane = planes + "/{controlPlaneId}";
    crud(t, planes, plane, false);
    // A join token lets a data plane in and hands it the configuration: a credential.
    t.put("POST " + plane + "/join-tokens", ADMIN);
    t.put("GET " + plane + "/nodes", VIEWER);
    t.put("GET " + plane + "/nodes/{nodeId}", VIEWER);
    t.put("DELETE " + plane + "/nodes/{nodeId}", EDITOR);
    t.put("GET " + plane + "/expected-config-hash", VIEWER);
    String core = CoreEntitiesApi.BASE;
    t.put("GET " + core + "/config", VIEWER);
    t.put("PUT " + core + "/config", EDITOR);
    for (String kind : new String[] {"services", "routes", "upstreams"}) {
      coreCrud(t, core + "/" + kind, core + "/" + kind + "/{entity}");
    }
    t.put("GET " + core + "/services/{parent}/routes", VIEWER);
    t.put("POST " + core + "/services/{parent}/routes", EDITOR);
    String targets = core + "/upstreams/{parent}/targets";
    coreCrud(t, targets, targets + "/{entity}");

    t.put("GET " + TokensApi.TOKENS, ADMIN);
    t.put("POST " + TokensApi.TOKENS, ADMIN);
    t.put("GET " + TokensApi.TOKENS + "/{tokenId}", ADMIN);
    t.put("DELETE " + TokensApi.TOKENS + "/{tokenId}", ADMIN);
    t.put("POST " + TokensApi.ORGANIZATIONS, OPERATOR);
    t.put("GET " + AuditApi.PATH, ADMIN);
    return Map.copyOf(t);
  }

  private static void crud(Map<String, Rule> t, String list, String item, boolean patch) {
    t.put("GET " + list, VIEWER);
    t.put("POST " + list, EDITOR);
    t.put("GET " + item, VIEWER);
    if (patch) {
      t.put("PATCH " + item, EDITOR);
    }
    t.put("DELETE " + item, EDITOR);
  }

  private static void coreCrud(Map<String, Rule> t, String list, String item) {
    crud(t, list, item, true);
    t.put("PUT " + item, EDITOR);
  }

  /** The rule of a route; empty when the table does not know it. */
  static Optional<Rule> rule(String method, String pattern) {
    if (pattern.startsWith(OPERATOR_PREFIX)) {
      return Optional.of(OPERATOR);
    }
    return Optional.ofNullable(TABLE.get(method + " " + pattern));
  }

  /**
   * Lets the call through or throws a 403 naming the role needed and the role held. HEAD needs
   * what GET needs; an unknown route needs the operator.
   */
  static void authorize(Principal who, String method, Optional<String> pattern) {
    String shown = method.equals("HEAD") ? "GET" : method;
    // HEAD has no handler of its own (Javalin answers it from GET), so no pattern: a read.
    Rule fallback = pattern.isEmpty() && shown.equals("GET") ? VIEWER : OPERATOR;
    Rule rule = pattern.flatMap(p -> rule(shown, p)).orElse(fallback);
    boolean allowed = who.role().covers(rule.role()) && (!rule.operator() || who.operator());
    if (!allowed) {
      String held = who.operator() ? "admin role of the operator's organization"
          : who.role().wire() + " role";
      throw ApiException.forbidden(method + " " + pattern.orElse("this path") + " needs the "
          + rule.describe() + "; this token (" + who.tokenName() + ") has the " + held);
    }
  }
}
