package io.causeway.gateway;

import static io.causeway.gateway.RouterFixture.get;
import static io.causeway.gateway.RouterFixture.request;
import static io.causeway.gateway.RouterFixture.routeName;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The router's index: lookups visit a number of candidates that does not grow with the number of
 * routes for exact hosts and prefix paths, and always agree with a linear scan.
 */
class RouterIndexTest {

  private static Router hostRoutes(int count) {
    RouterFixture fx = new RouterFixture();
    for (int i = 0; i < count; i++) {
      fx.route("r" + i).hosts("host-" + i + ".example.com").paths("/api");
    }
    return fx.router();
  }

  private static Router pathRoutes(int count) {
    RouterFixture fx = new RouterFixture();
    for (int i = 0; i < count; i++) {
      fx.route("r" + i).paths("/svc-" + i);
    }
    return fx.router();
  }

  @Test
  void visitsAsManyCandidatesForTenThousandHostRoutesAsForTen() {
    Router small = hostRoutes(10);
    Router large = hostRoutes(10_000);
    RequestFacts request = get("host-7.example.com", "/api/orders");

    assertThat(large.candidateCount(request)).isEqualTo(small.candidateCount(request)).isEqualTo(1);
    assertThat(routeName(large, request)).contains("r7");
    assertThat(routeName(large, get("host-9999.example.com", "/api"))).contains("r9999");
  }

  @Test
  void visitsAsManyCandidatesForTenThousandPathRoutesAsForTen() {
    Router small = pathRoutes(10);
    Router large = pathRoutes(10_000);
    RequestFacts request = get("any.example.com", "/svc-7/orders");

    assertThat(large.candidateCount(request)).isEqualTo(small.candidateCount(request)).isEqualTo(1);
    assertThat(routeName(large, request)).contains("r7");
    assertThat(routeName(large, get("x", "/svc-77/orders"))).contains("r77");
  }

  private static Router wildcardRoutes(int count) {
    RouterFixture fx = new RouterFixture();
    for (int i = 0; i < count; i++) {
      fx.route("s" + i).hosts("*.tenant-" + i + ".example.com");
      fx.route("p" + i).hosts("tenant-" + i + ".*");
    }
    return fx.router();
  }

  @Test
  void visitsAsManyCandidatesForTenThousandWildcardRoutesAsForTen() {
    Router small = wildcardRoutes(5);
    Router large = wildcardRoutes(5_000);
    RequestFacts suffix = get("api.tenant-3.example.com", "/");
    RequestFacts prefix = get("tenant-3.example.org", "/");

    assertThat(large.candidateCount(suffix)).isEqualTo(small.candidateCount(suffix)).isEqualTo(1);
    assertThat(large.candidateCount(prefix)).isEqualTo(small.candidateCount(prefix)).isEqualTo(1);
    assertThat(routeName(large, suffix)).contains("s3");
    assertThat(routeName(large, prefix)).contains("p3");
    assertThat(routeName(large, get("a.b.tenant-4999.example.com", "/"))).contains("s4999");
  }

  @Test
  void visitsNoCandidateForAnUnknownHostAmongExactHosts() {
    assertThat(hostRoutes(10_000).candidateCount(get("elsewhere.example.com", "/api"))).isZero();
  }

  @Test
  void agreesWithALinearScanOnGeneratedRoutes() {
    Random random = new Random(20261126L);
    List<String> hosts =
        List.of(
            "a.example.com",
            "b.example.com",
            "*.example.com",
            "a.*",
            "a.example.com:8080",
            "*.example.com:80");
    List<String> paths = List.of("/", "/a", "/a/b", "/ab", "~/a/\\d+", "~/(?<x>[ab])/c", "/c");
    List<String> methods = List.of("GET", "POST");
    RouterFixture fx = new RouterFixture();
    for (int i = 0; i < 300; i++) {
      RouterFixture.Spec spec = fx.route("r" + i).regexPriority(random.nextInt(3));
      if (random.nextInt(3) > 0) {
        spec.hosts(pick(random, hosts), pick(random, hosts));
      }
      if (random.nextInt(3) > 0) {
        spec.paths(pick(random, paths), pick(random, paths));
      }
      if (random.nextInt(4) == 0) {
        spec.methods(pick(random, methods));
      }
      if (random.nextInt(5) == 0) {
        spec.header("x-v", "1");
      }
      if (random.nextInt(6) == 0) {
        spec.hosts().paths();
        spec.methods("DELETE");
      }
    }
    Router router = fx.router();
    List<String> requestHosts =
        List.of(
            "a.example.com",
            "b.example.com",
            "c.example.com",
            "a.org",
            "a.example.com:8080",
            "zzz");
    List<String> requestPaths = List.of("/", "/a", "/a/b/c", "/a/12", "/b/c", "/c/d", "/abc", "/x");
    java.util.Set<String> chosen = new java.util.HashSet<>();
    for (int i = 0; i < 2_000; i++) {
      Map<String, List<String>> headers =
          random.nextBoolean() ? Map.of("x-v", List.of("1")) : Map.of();
      RequestFacts r =
          request(
              pick(random, List.of("GET", "POST", "DELETE")),
              pick(random, requestHosts),
              pick(random, requestPaths),
              headers);
      assertThat(router.match(r))
          .as("request %s %s %s", r.method(), r.host(), r.path())
          .isEqualTo(router.matchLinearly(r));
      router.match(r).flatMap(m -> m.route().name()).ifPresent(chosen::add);
    }
    assertThat(chosen).as("distinct routes chosen").hasSizeGreaterThan(20);
  }

  @Test
  void findsEveryPrefixOfAHostWithMorePrefixesThanFitInline() {
    RouterFixture fx = new RouterFixture();
    int count = RouterIndex.INLINE_PREFIXES * 4;
    for (int i = 0; i < count; i++) {
      fx.route("h" + i).hosts("api.example.com").paths("/v" + i);
      fx.route("p" + i).paths("/v" + i);
    }
    fx.route("h-nested").hosts("api.example.com").paths("/v1/orders");
    fx.route("h-root").hosts("api.example.com").paths("/");
    Router router = fx.router();

    for (int i = 0; i < count; i++) {
      assertThat(routeName(router, get("api.example.com", "/v" + i + "/x"))).contains("h" + i);
      assertThat(routeName(router, get("other.example.com", "/v" + i + "/x"))).contains("p" + i);
    }
    assertThat(routeName(router, get("api.example.com", "/v1/orders/7"))).contains("h-nested");
    assertThat(routeName(router, get("api.example.com", "/w"))).contains("h-root");
    assertThat(routeName(router, get("other.example.com", "/w"))).isEmpty();
  }

  @Test
  void checksThePortOfAHostRuleTheIndexFound() {
    RouterFixture fx = new RouterFixture();
    fx.route("on-8080").hosts("api.example.com:8080").paths("/x");
    fx.route("any-port").paths("/x");
    Router router = fx.router();

    assertThat(routeName(router, get("api.example.com:8080", "/x"))).contains("on-8080");
    assertThat(routeName(router, get("api.example.com:9090", "/x"))).contains("any-port");
    assertThat(routeName(router, RouterFixture.onPort(get("api.example.com", "/x"), 8080)))
        .contains("on-8080");
  }

  @Test
  void checksTheMethodsAndHeadersOfARouteTheIndexFound() {
    RouterFixture fx = new RouterFixture();
    fx.route("post").hosts("api.example.com").paths("/x").methods("POST");
    fx.route("v2").hosts("api.example.com").paths("/x").header("x-v", "2");
    fx.route("plain").hosts("api.example.com").paths("/x");
    Router router = fx.router();

    assertThat(routeName(router, request("POST", "api.example.com", "/x", Map.of())))
        .contains("post");
    assertThat(
            routeName(router, request("GET", "api.example.com", "/x", Map.of("X-V", List.of("2")))))
        .contains("v2");
    assertThat(routeName(router, get("api.example.com", "/x"))).contains("plain");
  }

  @Test
  void checksTheHostOfARouteListedWithTheOtherHostsForAWildcardTheIndexCannotKey() {
    RouterFixture fx = new RouterFixture();
    fx.route("glued").hosts("*example.com").paths("/x");
    Router router = fx.router();

    assertThat(routeName(router, get("myexample.com", "/x/1"))).contains("glued");
    assertThat(routeName(router, get("example.org", "/x/1"))).isEmpty();
  }

  @Test
  void returnsTheSameMatchForAHostHeaderWithAPortAsTheRouteWouldWithoutIt() {
    RouterFixture fx = new RouterFixture();
    fx.route("api").hosts("api.example.com").paths("/v1").stripPath(true).servicePath("/base");
    Router router = fx.router();

    RouteMatch plain = router.match(get("api.example.com", "/v1/orders")).orElseThrow();
    RouteMatch withPort = router.match(get("API.example.com:8000", "/v1/orders")).orElseThrow();

    assertThat(withPort).isEqualTo(plain);
    assertThat(plain.upstreamPath()).isEqualTo("/base/orders");
    assertThat(plain.forwardedPrefix()).contains("/v1");
  }

  @Test
  void findsKeysOfEveryLengthAroundTheFourCharsPackedInAnInt() {
    RouterFixture fx = new RouterFixture();
    for (int n = 1; n <= 9; n++) {
      String name = "abcdefghi".substring(0, n);
      fx.route("h" + n).hosts(name).paths("/" + name.substring(1));
    }
    Router router = fx.router();

    for (int n = 1; n <= 9; n++) {
      String name = "abcdefghi".substring(0, n);
      assertThat(routeName(router, get(name, "/" + name.substring(1) + "x"))).contains("h" + n);
      assertThat(routeName(router, get(name + "j", "/" + name.substring(1)))).isEmpty();
    }
  }

  @Test
  void findsHostsWhoseCharsFillWholeBytesAndHostsBeyondLatin1() {
    RouterFixture fx = new RouterFixture();
    fx.route("latin1").hosts("\u00ff\u00ff\u00ff\u00ff.com").paths("/\u00ff");
    fx.route("beyond").hosts("\u4f8b\u3048.jp").paths("/x");
    fx.route("other").paths("/x");
    Router router = fx.router();

    assertThat(routeName(router, get("\u00ff\u00ff\u00ff\u00ff.com", "/\u00c3\u00bf")))
        .contains("latin1");
    assertThat(routeName(router, get("\u00ff\u00ff\u00ff\u00fe.com", "/\u00c3\u00bf"))).isEmpty();
    assertThat(routeName(router, get("\u4f8b\u3048.jp", "/x"))).contains("beyond");
    assertThat(routeName(router, get("\u4f8b\u3049.jp", "/x"))).contains("other");
  }

  @Test
  void agreesWithALinearScanOnManyHostsWithManyPrefixes() {
    Random random = new Random(20261127L);
    List<String> hosts = new java.util.ArrayList<>();
    for (int i = 0; i < 12; i++) {
      hosts.add("h" + i + ".example.com");
    }
    hosts.addAll(
        List.of(
            "h1.example.com:8080",
            "*.example.com",
            "h2.*",
            "*.h3.example.com",
            "*xample.com",
            "*.example.com:8080"));
    List<String> paths = new java.util.ArrayList<>();
    for (int i = 0; i < 30; i++) {
      paths.add("/p" + i);
      paths.add("/p" + i + "/x");
    }
    paths.addAll(List.of("/", "/p", "~/p\\d+/y", "~/(?<n>p1)/x", "/caf\u00e9"));
    RouterFixture fx = new RouterFixture();
    for (int i = 0; i < 600; i++) {
      RouterFixture.Spec spec = fx.route("r" + i).regexPriority(random.nextInt(2));
      if (random.nextInt(4) > 0) {
        spec.hosts(pick(random, hosts));
      }
      if (random.nextInt(5) > 0) {
        spec.paths(pick(random, paths), pick(random, paths), pick(random, paths));
      }
      if (random.nextInt(8) == 0) {
        spec.methods("POST");
      }
      if (random.nextInt(10) == 0) {
        spec.header("x-v", "1");
      }
      spec.stripPath(random.nextBoolean());
    }
    Router router = fx.router();
    List<String> requestHosts = new java.util.ArrayList<>(hosts);
    requestHosts.addAll(
        List.of("H1.Example.com:8080", "a.h3.example.com", "h2.org", "x.example.com:8080", "zz"));
    for (int i = 0; i < 5_000; i++) {
      String path = pick(random, paths).replace("~", "") + (random.nextBoolean() ? "/y" : "");
      RequestFacts r =
          request(
              random.nextInt(4) == 0 ? "POST" : "GET",
              pick(random, requestHosts).replace("*", "w"),
              path.replace("\\d+", "7").replace("(?<n>p1)", "p1"),
              random.nextBoolean() ? Map.of("x-v", List.of("1")) : Map.of());
      assertThat(router.match(r))
          .as("request %s %s %s", r.method(), r.host(), r.path())
          .isEqualTo(router.matchLinearly(r));
    }
  }

  private static String pick(Random random, List<String> values) {
    return values.get(random.nextInt(values.size()));
  }
}
