package io.causeway.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.causeway.gateway.RouteDef.PathHandling;
import io.causeway.gateway.ServiceDef.Protocol;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class DeclarativeConfigTest {

  private static final String V3 = "_format_version: \"3.0\"\n";

  static Path resource(String name) {
    try {
      return Path.of(DeclarativeConfigTest.class.getResource("/declarative/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static GatewayConfig yaml(String body) {
    return DeclarativeConfig.parse(V3 + body, "kong.yaml");
  }

  static List<ConfigProblem> problems(String document, String fileName) {
    Throwable t =
        org.assertj.core.api.Assertions.catchThrowable(
            () -> DeclarativeConfig.parse(document, fileName));
    assertThat(t).isInstanceOf(ConfigException.class);
    return ((ConfigException) t).problems();
  }

  static List<ConfigProblem> yamlProblems(String body) {
    return problems(V3 + body, "kong.yaml");
  }

  static void assertRefused(String body, String path, String reasonPart) {
    assertThat(yamlProblems(body))
        .anySatisfy(
            p -> {
              assertThat(p.path()).isEqualTo(path);
              assertThat(p.reason()).contains(reasonPart);
            });
  }

  @Nested
  class Loading {
    @Test
    void loadsKongsExampleFromYaml() {
      GatewayConfig config = DeclarativeConfig.load(resource("kong-example.yaml"));

      ServiceDef orders = config.services().get(0);
      assertThat(orders.name()).contains("orders");
      assertThat(orders.protocol()).isEqualTo(Protocol.HTTP);
      assertThat(orders.host()).isEqualTo("orders.upstream");
      assertThat(orders.port()).isEqualTo(8080);
      assertThat(orders.path()).contains("/api");
      assertThat(
              List.of(
                  orders.connectTimeoutMs(),
                  orders.readTimeoutMs(),
                  orders.writeTimeoutMs(),
                  orders.retries()))
          .containsExactly(2000, 30000, 30000, 2);
      assertThat(orders.tags()).containsExactly("team-a");

      RouteDef v1 = config.routes().get(0);
      assertThat(v1.serviceId()).contains(orders.id());
      assertThat(v1.paths()).containsExactly("/orders", "~/orders/(?<id>\\d+)$");
      assertThat(v1.methods()).containsExactly("GET", "POST");
      assertThat(v1.pathHandling()).isEqualTo(PathHandling.V1);
      assertThat(v1.regexPriority()).isEqualTo(10);
      assertThat(config.upstream(orders.host())).map(UpstreamDef::name).contains("orders.upstream");
    }

    @Test
    void readsHealthChecksAndTargets() {
      UpstreamDef u = DeclarativeConfig.load(resource("kong-example.yaml")).upstreams().get(0);

      HealthcheckDef.Active active = u.healthchecks().active();
      assertThat(active.httpPath()).isEqualTo("/health");
      assertThat(active.healthy().interval()).isEqualTo(Duration.ofSeconds(5));
      assertThat(active.healthy().successes()).isEqualTo(2);
      assertThat(active.healthy().httpStatuses()).containsExactly(200, 302);
      assertThat(active.unhealthy().httpFailures()).isEqualTo(3);
      assertThat(active.timeout()).isEqualTo(Duration.ofSeconds(1));
      assertThat(active.isEnabled()).isTrue();
      assertThat(u.healthchecks().passive().unhealthy().httpFailures()).isEqualTo(5);
      assertThat(u.healthchecks().passive().unhealthy().httpStatuses())
          .containsExactly(429, 500, 503);
      assertThat(u.targets())
          .extracting(TargetDef::target, TargetDef::weight)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("orders-a.corp.internal:8080", 100),
              org.assertj.core.groups.Tuple.tuple("10.0.1.10:8080", 50),
              org.assertj.core.groups.Tuple.tuple("[fd00::1]:9090", 100));
    }

    @Test
    void readsTopLevelRoutesWithTheirService() {
      GatewayConfig config = DeclarativeConfig.load(resource("kong-example.yaml"));
      ServiceDef catalog = config.services().get(1);
      RouteDef route = config.routes().get(1);

      assertThat(catalog.protocol()).isEqualTo(Protocol.HTTPS);
      assertThat(catalog.port()).isEqualTo(8443);
      assertThat(route.serviceId()).contains(catalog.id());
      assertThat(route.headers()).containsEntry("x-version", List.of("2", "~*beta-\\d+"));
      assertThat(route.createdIndex()).isGreaterThan(config.routes().get(0).createdIndex());
    }

    @Test
    void readsTheCausewaySection() {
      List<DnsForwardingEntry> dns =
          DeclarativeConfig.load(resource("kong-example.yaml")).dnsForwarding();

      assertThat(dns).hasSize(1);
      assertThat(dns.get(0).domains()).containsExactly("corp.internal", "example.org");
      assertThat(dns.get(0).servers()).containsExactly("10.0.0.2", "127.0.0.1:5353", "[::1]:5353");
      assertThat(dns.get(0).serverAddresses())
          .extracting(a -> a.getAddress().getHostAddress() + "/" + a.getPort())
          .containsExactly("10.0.0.2/53", "127.0.0.1/5353", "0:0:0:0:0:0:0:1/5353");
    }

    @Test
    void readsJsonToTheSameConfigurationAsYaml() {
      GatewayConfig fromYaml = DeclarativeConfig.load(resource("kong-example.yaml"));
      GatewayConfig fromJson = DeclarativeConfig.load(resource("kong-example.json"));

      assertThat(fromJson.hash()).isEqualTo(fromYaml.hash());
      assertThat(fromJson.routes()).isEqualTo(fromYaml.routes());
    }

    @Test
    void detectsJsonContentWhenTheNameSaysNothing() {
      GatewayConfig c =
          DeclarativeConfig.parse(
              "{\"_format_version\":\"3.0\",\"services\":[{\"name\":\"s\",\"host\":\"h\"}]}",
              "config");
      assertThat(c.services()).hasSize(1);
    }

    @Test
    void appliesKongDefaults() {
      GatewayConfig c =
          yaml(
              """
              services:
              - name: s
                host: backend.internal
                routes:
                - paths: ["/"]
              upstreams:
              - name: pool.internal
                targets:
                - target: 10.0.0.1
              """);
      ServiceDef s = c.services().get(0);
      assertThat(s.protocol()).isEqualTo(Protocol.HTTP);
      assertThat(s.port()).isEqualTo(80);
      assertThat(s.path()).isEmpty();
      assertThat(List.of(s.connectTimeoutMs(), s.writeTimeoutMs(), s.readTimeoutMs(), s.retries()))
          .containsExactly(60000, 60000, 60000, 5);
      assertThat(s.enabled()).isTrue();
      RouteDef r = c.routes().get(0);
      assertThat(r.protocols()).containsExactlyInAnyOrder(Protocol.HTTP, Protocol.HTTPS);
      assertThat(r.stripPath()).isTrue();
      assertThat(r.preserveHost()).isFalse();
      assertThat(r.regexPriority()).isZero();
      assertThat(r.pathHandling()).isEqualTo(PathHandling.V0);
      assertThat(r.httpsRedirectStatusCode()).isEqualTo(426);
      UpstreamDef u = c.upstreams().get(0);
      assertThat(u.algorithm()).isEqualTo(UpstreamDef.Algorithm.ROUND_ROBIN);
      assertThat(u.slots()).isEqualTo(10000);
      assertThat(u.hashOn()).isEqualTo(UpstreamDef.HashOn.NONE);
      assertThat(u.hashOnCookiePath()).isEqualTo("/");
      assertThat(u.healthchecks()).isEqualTo(HealthcheckDef.defaults());
      assertThat(u.targets().get(0).port()).isEqualTo(8000);
      assertThat(u.targets().get(0).weight()).isEqualTo(100);
    }

    @Test
    void takesTheHttpsDefaultPortFromTheUrlShorthand() {
      ServiceDef s =
          yaml("services:\n- name: s\n  url: https://secure.example.com\n").services().get(0);
      assertThat(s.protocol()).isEqualTo(Protocol.HTTPS);
      assertThat(s.port()).isEqualTo(443);
      assertThat(s.path()).isEmpty();
    }

    @Test
    void acceptsUnderscoresAndIpv6InTheUrlShorthand() {
      GatewayConfig c =
          yaml(
              """
              services:
              - name: a
                url: http://my_backend.internal:8081/x
              - name: b
                url: http://[::1]:9000
              """);
      assertThat(c.services().get(0).host()).isEqualTo("my_backend.internal");
      assertThat(c.services().get(0).port()).isEqualTo(8081);
      assertThat(c.services().get(1).host()).isEqualTo("::1");
      assertThat(c.services().get(1).port()).isEqualTo(9000);
    }

    @Test
    void resolvesTopLevelServiceReferencesByNameOrId() {
      GatewayConfig c =
          yaml(
              """
              services:
              - name: s
                id: 3f1a2b4c-0000-4000-8000-000000000001
                host: h
              routes:
              - name: by-name
                service: s
                paths: ["/a"]
              - name: by-object
                service: {name: s}
                paths: ["/b"]
              - name: by-id
                service: {id: 3f1a2b4c-0000-4000-8000-000000000001}
                paths: ["/c"]
              - name: serviceless
                paths: ["/d"]
              """);
      assertThat(c.routes())
          .extracting(RouteDef::serviceId)
          .containsExactly(
              Optional.of(c.services().get(0).id()), Optional.of(c.services().get(0).id()),
              Optional.of(c.services().get(0).id()), Optional.empty());
      assertThat(c.services().get(0).id().toString())
          .isEqualTo("3f1a2b4c-0000-4000-8000-000000000001");
    }

    @Test
    void givesTheSameIdsWhenTheSameFileIsLoadedAgain() {
      GatewayConfig first = DeclarativeConfig.load(resource("kong-example.yaml"));
      GatewayConfig second = DeclarativeConfig.load(resource("kong-example.yaml"));

      assertThat(second.services())
          .extracting(ServiceDef::id)
          .isEqualTo(first.services().stream().map(ServiceDef::id).toList());
      assertThat(second.routes())
          .extracting(RouteDef::id)
          .isEqualTo(first.routes().stream().map(RouteDef::id).toList());
      assertThat(second.upstreams().get(0).targets()).isEqualTo(first.upstreams().get(0).targets());
      assertThat(second.hash()).isEqualTo(first.hash());
    }

    @Test
    void keepsAServiceIdWhenOtherServicesChange() {
      GatewayConfig before = yaml("services:\n- name: a\n  host: a\n");
      GatewayConfig after = yaml("services:\n- name: z\n  host: z\n- name: a\n  host: a2\n");
      assertThat(after.services().get(1).id()).isEqualTo(before.services().get(0).id());
      assertThat(after.hash()).isNotEqualTo(before.hash());
    }

    @Test
    void readsAnUpstreamWithConsistentHashingOnAHeader() {
      UpstreamDef u =
          yaml("""
          upstreams:
          - name: pool.internal
            algorithm: consistent-hashing
            hash_on: header
            hash_on_header: x-user
            hash_fallback: ip
            slots: 100
            host_header: pool.example.com
          """)
              .upstreams()
              .get(0);
      assertThat(u.algorithm()).isEqualTo(UpstreamDef.Algorithm.CONSISTENT_HASHING);
      assertThat(u.hashOn()).isEqualTo(UpstreamDef.HashOn.HEADER);
      assertThat(u.hashOnHeader()).contains("x-user");
      assertThat(u.hashFallback()).isEqualTo(UpstreamDef.HashOn.IP);
      assertThat(u.slots()).isEqualTo(100);
      assertThat(u.hostHeader()).contains("pool.example.com");
    }

    @Test
    void acceptsCommentsAndNullsAsKongDoes() {
      GatewayConfig c =
          yaml("_comment: hello\nservices:\n- name: s\n  host: h\n  path: null\n  _comment: svc\n");
      assertThat(c.services().get(0).path()).isEmpty();
    }

    @Test
    void buildsARouterThatServesTheLoadedRoutes() {
      Router router = Router.build(DeclarativeConfig.load(resource("kong-example.yaml")));
      RouteMatch m = router.match(RouterFixture.get("api.example.com", "/orders/42")).orElseThrow();
      assertThat(m.route().name()).contains("orders-v1");
      assertThat(m.captures().named()).containsEntry("id", "42");
      assertThat(m.upstreamPath()).isEqualTo("/api");
      assertThat(m.upstream()).isPresent();
    }
  }

  @Nested
  class Refusals {
    @Test
    void refusesAMissingFormatVersion() {
      assertThat(problems("services: []\n", "kong.yaml"))
          .containsExactly(
              new ConfigProblem("_format_version", "required field missing (expected: \"3.0\")"));
    }

    @Test
    void refusesOtherFormatVersions() {
      assertThat(problems("_format_version: \"2.1\"\n", "kong.yaml").get(0).reason())
          .contains("unsupported version \"2.1\"", "expected: \"3.0\"");
    }

    @Test
    void refusesAnUnquotedFormatVersion() {
      assertThat(problems("_format_version: 3.0\n", "kong.yaml").get(0).reason())
          .contains("expected the string \"3.0\"", "quote it");
    }

    @Test
    void refusesEntitiesCausewayDoesNotServeByName() {
      List<ConfigProblem> p =
          yamlProblems(
              "plugins: [{name: cors}]\n"
                  + "consumers: [{username: u}]\n"
                  + "certificates: []\n"
                  + "vaults: []\n");
      assertThat(p)
          .extracting(ConfigProblem::path)
          .containsExactlyInAnyOrder("plugins", "consumers", "certificates", "vaults");
      assertThat(p.get(0).reason()).contains("Kong entity '", "is not served by Causeway yet");
    }

    @Test
    void refusesUnknownTopLevelFields() {
      assertRefused("servicez: []\n", "servicez", "unknown field");
    }

    @Test
    void refusesUnknownFieldsInEntitiesWithTheirPath() {
      List<ConfigProblem> p =
          yamlProblems(
              """
              services:
              - name: s
                host: h
                colour: blue
                routes:
                - paths: ["/a"]
                - paths: ["/b"]
                  flavour: sweet
              """);
      assertThat(p)
          .extracting(ConfigProblem::path)
          .containsExactly("services[0].routes[1].flavour", "services[0].colour");
      assertThat(p).extracting(ConfigProblem::reason).containsOnly("unknown field");
    }

    @Test
    void refusesPluginsNestedInServicesAndRoutes() {
      List<ConfigProblem> p =
          yamlProblems(
              """
              services:
              - name: s
                host: h
                plugins: [{name: cors}]
                routes:
                - paths: ["/a"]
                  plugins: [{name: cors}]
              """);
      assertThat(p)
          .extracting(ConfigProblem::path)
          .containsExactlyInAnyOrder("services[0].plugins", "services[0].routes[0].plugins");
    }

    @Test
    void reportsEveryProblemOfADocument() {
      List<ConfigProblem> p =
          yamlProblems(
              """
              services:
              - name: s
                host: h
                port: 70000
                routes:
                - paths: ["foo", "/ok", "/a//b"]
                  methods: ["get"]
              upstreams:
              - name: 10.0.0.1
              """);
      assertThat(p)
          .extracting(ConfigProblem::path)
          .containsExactlyInAnyOrder(
              "services[0].port",
              "services[0].routes[0].paths[0]",
              "services[0].routes[0].paths[2]",
              "services[0].routes[0].methods[0]",
              "upstreams[0].name");
    }

    @Test
    void refusesBadRoutePaths() {
      String base = "services:\n- name: s\n  host: h\n  routes:\n  - paths: [\"%s\"]\n";
      assertRefused(
          base.formatted("foo"),
          "services[0].routes[0].paths[0]",
          "should start with: / (fixed path) or ~/ (regex path)");
      assertRefused(
          base.formatted("/a//b"),
          "services[0].routes[0].paths[0]",
          "must not have empty segments");
      assertRefused(
          base.formatted("/a/../b"),
          "services[0].routes[0].paths[0]",
          "non-normalized path, consider use '/b' instead");
      assertRefused(
          base.formatted("/a%2d"),
          "services[0].routes[0].paths[0]",
          "non-normalized path, consider use '/a-' instead");
      assertRefused(
          base.formatted("/a%zz"),
          "services[0].routes[0].paths[0]",
          "invalid url-encoded value: '%zz'");
      assertRefused(
          base.formatted("~/a/(b"), "services[0].routes[0].paths[0]", "invalid regex: '/a/(b'");
    }

    @Test
    void refusesBadHosts() {
      String base = "services:\n- name: s\n  host: h\n  routes:\n  - hosts: [\"%s\"]\n";
      assertRefused(
          base.formatted("*.*.example.com"),
          "services[0].routes[0].hosts[0]",
          "must have at most one wildcard");
      assertRefused(
          base.formatted("ex*ample.com"),
          "services[0].routes[0].hosts[0]",
          "must be placed at leftmost or rightmost label");
      assertRefused(
          base.formatted("bad host"), "services[0].routes[0].hosts[0]", "invalid value: bad host");
      assertThat(yaml(base.formatted("*.example.com:8080")).routes().get(0).hosts())
          .containsExactly("*.example.com:8080");
    }

    @Test
    void refusesBadHeadersAndMethods() {
      String base = "services:\n- name: s\n  host: h\n  routes:\n  - %s\n";
      assertRefused(
          base.formatted("headers: {Host: [a]}"),
          "services[0].routes[0].headers.Host",
          "cannot contain 'host' header");
      assertRefused(
          base.formatted("headers: {\"x y\": [a]}"),
          "services[0].routes[0].headers.x y",
          "bad header name");
      assertRefused(
          base.formatted("headers: {x-a: [\"~*(\"]}"),
          "services[0].routes[0].headers.x-a[0]",
          "invalid regex");
      assertRefused(
          base.formatted("methods: [get]"), "services[0].routes[0].methods[0]", "upper-case");
    }

    @Test
    void refusesARouteWithoutAnyMatchingField() {
      assertRefused(
          "services:\n- name: s\n  host: h\n  routes:\n  - name: empty\n",
          "services[0].routes[0]",
          "must set one of 'methods', 'hosts', 'headers', 'paths', 'snis'");
    }

    @Test
    void refusesSnisOnPlainHttpRoutes() {
      assertRefused(
          "services:\n"
              + "- name: s\n"
              + "  host: h\n"
              + "  routes:\n"
              + "  - snis: [a.example.com]\n"
              + "    protocols: [http]\n",
          "services[0].routes[0].snis",
          "'snis' can only be set when 'protocols' is 'https'");
    }

    @Test
    void refusesProtocolsCausewayDoesNotServeByName() {
      assertRefused(
          "services:\n- name: s\n  host: h\n  protocol: grpc\n",
          "services[0].protocol",
          "protocol 'grpc' is not served by Causeway");
      assertRefused(
          "services:\n- name: s\n  url: tcp://h:1\n",
          "services[0].url",
          "protocol 'tcp' is not served by Causeway");
      assertRefused(
          "services:\n- name: s\n  host: h\n  routes:\n  - paths: [/]\n    protocols: [http, ws]\n",
          "services[0].routes[0].protocols[1]",
          "protocol 'ws' is not served by Causeway");
      assertRefused(
          "services:\n- name: s\n  host: h\n  protocol: gopher\n",
          "services[0].protocol",
          "expected one of: http, https");
    }

    @Test
    void refusesStreamAndExpressionRouteFields() {
      String base = "services:\n- name: s\n  host: h\n  routes:\n  - paths: [/]\n    %s\n";
      assertRefused(
          base.formatted("sources: [{ip: 10.0.0.1}]"),
          "services[0].routes[0].sources",
          "stream routing is not served");
      assertRefused(
          base.formatted("expression: 'http.path == \"/\"'"),
          "services[0].routes[0].expression",
          "expression routes are not served");
    }

    @Test
    void refusesBadRouteOptions() {
      String base = "services:\n- name: s\n  host: h\n  routes:\n  - paths: [/]\n    %s\n";
      assertRefused(
          base.formatted("https_redirect_status_code: 303"),
          "services[0].routes[0].https_redirect_status_code",
          "expected one of: 426, 301, 302, 307, 308");
      assertRefused(
          base.formatted("path_handling: v2"),
          "services[0].routes[0].path_handling",
          "expected one of: v0, v1");
      assertRefused(
          base.formatted("strip_path: \"yes\""),
          "services[0].routes[0].strip_path",
          "expected a boolean, got the string \"yes\"");
      assertRefused(
          base.formatted("service: s"),
          "services[0].routes[0].service",
          "must not be set on a route nested under a service");
    }

    @Test
    void refusesBadServiceEndpoints() {
      assertRefused("services:\n- name: s\n", "services[0].host", "required field missing");
      assertRefused(
          "services:\n- name: s\n  host: h:80\n", "services[0].host", "must not have a port");
      assertRefused(
          "services:\n- name: s\n  host: h\n  port: 70000\n",
          "services[0].port",
          "value 70000 out of range (expected: 0-65535)");
      assertRefused(
          "services:\n- name: s\n  host: h\n  port: \"80\"\n",
          "services[0].port",
          "expected an integer, got the string \"80\"");
      assertRefused(
          "services:\n- name: s\n  host: h\n  path: api\n",
          "services[0].path",
          "should start with: /");
      assertRefused(
          "services:\n- name: s\n  url: http://h\n  host: h\n",
          "services[0].url",
          "cannot be combined with protocol, host, port or path");
      assertRefused(
          "services:\n- name: s\n  url: http://h/x?y=1\n",
          "services[0].url",
          "must not carry user info, a query or a fragment");
      assertRefused(
          "services:\n- name: s\n  url: not a url\n", "services[0].url", "could not parse url");
    }

    @Test
    void refusesBadServiceOptions() {
      String base = "services:\n- name: s\n  host: h\n  %s\n";
      assertRefused(
          base.formatted("connect_timeout: 0"),
          "services[0].connect_timeout",
          "out of range (expected: 1-2147483646)");
      assertRefused(
          base.formatted("retries: 40000"),
          "services[0].retries",
          "out of range (expected: 0-32767)");
      assertRefused(
          base.formatted("tls_verify: true"),
          "services[0].tls_verify",
          "must be null when protocol is not https");
      assertRefused(
          base.formatted("client_certificate: {id: x}"),
          "services[0].client_certificate",
          "certificates are not served");
      assertRefused(base.formatted("tags: [\"a,b\"]"), "services[0].tags[0]", "invalid tag 'a,b'");
      assertRefused(
          "services:\n- name: \"bad name\"\n  host: h\n",
          "services[0].name",
          "invalid value 'bad name'");
    }

    @Test
    void refusesDuplicates() {
      assertRefused(
          "services:\n- name: s\n  host: a\n- name: s\n  host: b\n",
          "services[1].name",
          "duplicate service name 's' (first at services[0].name)");
      assertRefused(
          """
          services:
          - name: s
            host: h
            routes:
            - id: 3f1a2b4c-0000-4000-8000-000000000009
              paths: [/a]
            - id: 3f1a2b4c-0000-4000-8000-000000000009
              paths: [/b]
          """,
          "services[0].routes[1].id",
          "duplicate route id");
      assertRefused(
          "upstreams:\n- name: u\n  targets:\n  - target: a:1\n  - target: a:1\n",
          "upstreams[0].targets[1].target",
          "duplicate target of upstream u 'a:1'");
      assertRefused(
          "services:\n- name: s\n  host: h\n  id: nope\n", "services[0].id", "invalid uuid 'nope'");
    }

    @Test
    void refusesReferencesToUnknownEntities() {
      assertRefused(
          "routes:\n- service: ghost\n  paths: [/]\n",
          "routes[0].service",
          "no service with name or id 'ghost'");
      assertRefused(
          "targets:\n- upstream: ghost\n  target: a:1\n",
          "targets[0].upstream",
          "no upstream with name or id 'ghost'");
      assertRefused("targets:\n- target: a:1\n", "targets[0].upstream", "required field missing");
    }

    @Test
    void refusesBadUpstreams() {
      assertRefused(
          "upstreams:\n- name: 10.0.0.1\n", "upstreams[0].name", "no ip addresses allowed");
      assertRefused("upstreams:\n- name: pool:80\n", "upstreams[0].name", "no port allowed");
      assertRefused(
          "upstreams:\n- host_header: x\n", "upstreams[0].name", "required field missing");
      assertRefused(
          "upstreams:\n- name: u\n  algorithm: latency\n",
          "upstreams[0].algorithm",
          "algorithm 'latency' is not implemented");
      assertRefused(
          "upstreams:\n- name: u\n  hash_on: consumer\n",
          "upstreams[0].hash_on",
          "hashing on 'consumer' is not supported");
      assertRefused(
          "upstreams:\n- name: u\n  hash_on: header\n",
          "upstreams[0].hash_on_header",
          "required field missing when hash_on is 'header'");
      assertRefused(
          "upstreams:\n- name: u\n  hash_on: cookie\n",
          "upstreams[0].hash_on_cookie",
          "required field missing");
      assertRefused(
          "upstreams:\n- name: u\n  hash_fallback: ip\n",
          "upstreams[0].hash_fallback",
          "must be 'none' when hash_on is 'none'");
      assertRefused(
          "upstreams:\n- name: u\n  slots: 5\n",
          "upstreams[0].slots",
          "out of range (expected: 10-65536)");
      assertRefused(
          "upstreams:\n- name: u\n  use_srv_name: true\n",
          "upstreams[0].use_srv_name",
          "SRV names are not supported");
    }

    @Test
    void reportsNoSpuriousDuplicatesForRefusedEntities() {
      List<ConfigProblem> p =
          yamlProblems(
              """
              upstreams:
              - targets: [{target: "a:1"}, {target: "bad host"}, {target: "bad host"}]
              - targets: [{target: "a:1"}]
              """);
      assertThat(p)
          .extracting(ConfigProblem::path)
          .containsExactly(
              "upstreams[0].name",
              "upstreams[0].targets[1].target",
              "upstreams[0].targets[2].target",
              "upstreams[1].name");
    }

    @Test
    void refusesBadTargets() {
      assertRefused(
          "upstreams:\n- name: u\n  targets:\n  - target: \"bad host:1\"\n",
          "upstreams[0].targets[0].target",
          "Invalid target ('bad host:1')");
      assertRefused(
          "upstreams:\n- name: u\n  targets:\n  - target: a:99999\n",
          "upstreams[0].targets[0].target",
          "Invalid target");
      assertRefused(
          "upstreams:\n- name: u\n  targets:\n  - target: a:1\n    weight: 70000\n",
          "upstreams[0].targets[0].weight",
          "out of range (expected: 0-65535)");
      assertRefused(
          "upstreams:\n- name: u\n  targets:\n  - weight: 1\n",
          "upstreams[0].targets[0].target",
          "required field missing");
    }

    @Test
    void refusesBadHealthChecks() {
      String base = "upstreams:\n- name: u\n  healthchecks:\n    %s\n";
      assertRefused(
          base.formatted("active: {type: grpc}"),
          "upstreams[0].healthchecks.active.type",
          "health check type 'grpc' is not supported");
      assertRefused(
          base.formatted("active: {healthy: {interval: 70000}}"),
          "upstreams[0].healthchecks.active.healthy.interval",
          "out of range (expected: 0-65535)");
      assertRefused(
          base.formatted("passive: {healthy: {interval: 5}}"),
          "upstreams[0].healthchecks.passive.healthy.interval",
          "unknown field");
      assertRefused(
          base.formatted("active: {unhealthy: {http_statuses: [42]}}"),
          "upstreams[0].healthchecks.active.unhealthy.http_statuses[0]",
          "expected an integer status 100-999");
      assertRefused(
          base.formatted("threshold: 101"),
          "upstreams[0].healthchecks.threshold",
          "out of range (expected: 0-100)");
      assertRefused(
          base.formatted("activ: {}"), "upstreams[0].healthchecks.activ", "unknown field");
    }

    @Test
    void refusesABadCausewaySection() {
      assertRefused("_causeway: {dns: []}\n", "_causeway.dns", "unknown field");
      assertRefused(
          "_causeway:\n"
              + "  dns_forwarding:\n"
              + "  - domain_proxy_list: [corp.internal]\n"
              + "    remote_dns_server_ip_addresses: [dns.example.com]\n",
          "_causeway.dns_forwarding[0].remote_dns_server_ip_addresses[0]",
          "dns.example.com (expected: an IP address, optionally with :port");
      assertRefused(
          "_causeway:\n"
              + "  dns_forwarding:\n"
              + "  - domain_proxy_list: []\n"
              + "    remote_dns_server_ip_addresses: [10.0.0.2]\n",
          "_causeway.dns_forwarding[0].domain_proxy_list",
          "required: at least one domain");
      assertRefused(
          "_causeway:\n"
              + "  dns_forwarding:\n"
              + "  - domain_proxy_list: [\"bad domain\"]\n"
              + "    remote_dns_server_ip_addresses: [\"::1:53\"]\n",
          "_causeway.dns_forwarding[0].domain_proxy_list[0]",
          "invalid domain 'bad domain'");
    }

    @Test
    void refusesSyntaxErrorsWithTheirLocation() {
      ConfigProblem p = problems("_format_version: \"3.0\"\nservices: [\n", "kong.yaml").get(0);
      assertThat(p.path()).isEmpty();
      assertThat(p.reason()).startsWith("invalid YAML at line");
      assertThat(problems("{\"_format_version\": ", "kong.json").get(0).reason())
          .startsWith("invalid JSON at line 1");
    }

    @Test
    void refusesDuplicateKeys() {
      assertThat(
              problems("_format_version: \"3.0\"\nservices: []\nservices: []\n", "kong.yaml")
                  .get(0)
                  .reason())
          .contains("Duplicate field 'services'");
    }

    @Test
    void refusesEmptyAndNonObjectDocuments() {
      assertThat(problems("", "kong.yaml").get(0).reason()).contains("empty YAML document");
      assertThat(problems("[1, 2]", "kong.json"))
          .containsExactly(new ConfigProblem("", "expected an object, got an array"));
    }

    @Test
    void carriesItsProblemsInTheMessage() {
      ConfigException e =
          (ConfigException)
              org.assertj.core.api.Assertions.catchThrowable(
                  () -> DeclarativeConfig.parse("plugins: []\n", "kong.yaml"));
      assertThat(e.getMessage()).contains("2 problems", "_format_version", "plugins");
    }

    @Test
    void reportsAnUnreadableFileAsAnIoFailure() {
      assertThatThrownBy(() -> DeclarativeConfig.load(Path.of("/nonexistent/kong.yaml")))
          .isInstanceOf(java.io.UncheckedIOException.class)
          .hasMessageContaining("/nonexistent/kong.yaml");
    }
  }
}
