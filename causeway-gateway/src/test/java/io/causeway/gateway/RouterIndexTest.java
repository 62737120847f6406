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

  private static String pick(Random random, List<String> values) {
    return values.get(random.nextInt(values.size()));
  }
}
