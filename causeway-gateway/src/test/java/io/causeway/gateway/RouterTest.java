package io.causeway.gateway;

import static io.causeway.gateway.RouterFixture.get;
import static io.causeway.gateway.RouterFixture.https;
import static io.causeway.gateway.RouterFixture.onPort;
import static io.causeway.gateway.RouterFixture.request;
import static io.causeway.gateway.RouterFixture.routeName;
import static org.assertj.core.api.Assertions.assertThat;

import io.causeway.gateway.ServiceDef.Protocol;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Route selection, ported from the behaviour Kong's router spec pins (traditional_compatible). */
class RouterTest {

  private final RouterFixture fx = new RouterFixture();

  private Optional<String> select(RequestFacts request) {
    return routeName(fx.router(), request);
  }

  /** Kong's select() use cases 1-14 (the shared fixture of its spec). */
  private void kongUseCases() {
    fx.route("host").hosts("domain-1.org", "domain-2.org");
    fx.route("method").methods("TRACE");
    fx.route("uri").paths("/my-route");
    fx.route("host-uri").hosts("domain-1.org", "domain-2.org").paths("/route-4");
    fx.route("host-method").hosts("domain-1.org", "domain-2.org").methods("POST", "PUT", "PATCH");
    fx.route("uri-method").methods("POST", "PUT", "PATCH").paths("/route-6");
    fx.route("host-uri-method")
        .hosts("domain-with-uri-1.org", "domain-with-uri-2.org")
        .methods("POST", "PUT", "PATCH")
        .paths("/my-route-uri");
    fx.route("serviceless").paths("/serviceless").serviceless();
    fx.route("headers").header("location", "my-location-1", "my-location-2");
    fx.route("headers-2").header("location", "my-location-1").header("version", "v1", "v2");
    fx.route("headers-uri")
        .header("location", "my-location-1", "my-location-2")
        .paths("/headers-uri");
    fx.route("host-port").hosts("domain-1.org:321", "domain-2.org");
    fx.route("port-only").hosts("domain-3.org:321");
  }

  @Nested
  class Hosts {
    @Test
    void matchesAPlainHost() {
      kongUseCases();
      assertThat(select(get("domain-1.org", "/"))).contains("host");
    }

    @Test
    void ignoresTheRequestPortWhenTheRouteHostHasNone() {
      kongUseCases();
      assertThat(select(get("domain-1.org:80", "/"))).contains("host");
      assertThat(select(get("domain-1.org:123", "/"))).contains("host");
    }

    @Test
    void comparesHostsCaseInsensitively() {
      kongUseCases();
      assertThat(select(get("DOMAIN-1.Org", "/"))).contains("host");
    }

    @Test
    void prefersThePortSpecificHostForThatPort() {
      kongUseCases();
      assertThat(select(get("domain-1.org:321", "/"))).contains("host-port");
    }

    @Test
    void matchesAPortOnlyRouteOnItsPort() {
      kongUseCases();
      assertThat(select(get("domain-3.org:321", "/"))).contains("port-only");
    }

    @Test
    void missesAPortOnlyRouteOnAnotherPort() {
      kongUseCases();
      assertThat(select(get("domain-3.org:123", "/"))).isEmpty();
    }

    @Test
    void usesTheLocalPortWhenTheHostHeaderHasNone() {
      fx.route("any").hosts("route.*");
      fx.route("port-80").hosts("route.*:80");
      assertThat(select(get("route.org:123", "/"))).contains("any");
      assertThat(select(get("route.org:80", "/"))).contains("port-80");
      assertThat(select(get("route.org", "/"))).contains("port-80");
      assertThat(select(onPort(get("route.org", "/"), 8000))).contains("any");
    }

    @Test
    void prefersThePortSpecificWildcardForTheHttpsDefaultPort() {
      fx.route("any").hosts("route.*");
      fx.route("port-443").hosts("route.*:443");
      assertThat(select(get("route.org:443", "/"))).contains("port-443");
      assertThat(select(https("route.org", "/", Optional.empty()))).contains("port-443");
      assertThat(select(get("route.org:123", "/"))).contains("any");
    }

    @Test
    void matchesLeftmostWildcards() {
      fx.route("left").hosts("*.route.com");
      fx.route("right").hosts("route.*");
      assertThat(select(get("foo.route.com", "/"))).contains("left");
      assertThat(select(get("a.b.route.com", "/"))).contains("left");
      assertThat(select(get("route.com.evil", "/"))).contains("right");
      assertThat(select(get("route-com", "/"))).isEmpty();
    }

    @Test
    void matchesRightmostWildcards() {
      fx.route("left").hosts("*.route.com");
      fx.route("right").hosts("route.*");
      assertThat(select(get("route.org", "/"))).contains("right");
    }

    @Test
    void matchesWildcardsOnAnyRequestPort() {
      fx.route("left").hosts("*.route.com");
      fx.route("right").hosts("route.*");
      assertThat(select(get("route.org:123", "/"))).contains("right");
      assertThat(select(get("foo.route.com:123", "/"))).contains("left");
    }

    @Test
    void matchesPortSpecificWildcardsOnlyOnTheirPort() {
      fx.route("left").hosts("*.route.com");
      fx.route("right").hosts("route.*");
      fx.route("left-port").hosts("*.route.net:123");
      fx.route("right-port").hosts("route.*:123");
      assertThat(select(get("foo.route.net:123", "/"))).contains("left-port");
      assertThat(select(get("foo.route.net:456", "/"))).isEmpty();
      assertThat(select(get("route.org:123", "/"))).contains("right-port");
    }

    @Test
    void prefersAPlainHostOverAWildcard() {
      fx.route("plain").hosts("plain.route.com");
      fx.route("left").hosts("*.route.com");
      fx.route("right").hosts("route.*");
      fx.route("bare").hosts("route.com");
      assertThat(select(get("route.com", "/"))).contains("bare");
      assertThat(select(get("route.org", "/"))).contains("right");
      assertThat(select(get("plain.route.com", "/"))).contains("plain");
      assertThat(select(get("foo.route.com", "/"))).contains("left");
    }

    @Test
    void matchesWildcardHostAndPathEvenIfASimilarPlainHostExists() {
      fx.route("wild").hosts("*.route.com").paths("/path1");
      fx.route("plain").hosts("plain.route.com").paths("/path2");
      assertThat(select(get("plain.route.com", "/path1"))).contains("wild");
      assertThat(select(get("plain.route.com", "/path2"))).contains("plain");
    }

    @Test
    void prefersAWildcardWithPortOverOneWithout() {
      fx.route("plain-wild").hosts("route.*");
      fx.route("port-wild").hosts("route.*:80", "route.com.*");
      assertThat(select(get("route.org:80", "/"))).contains("port-wild");
    }

    @Test
    void matchesIpv6LiteralsWithOrWithoutBrackets() {
      fx.route("any-port").hosts("[::1]");
      fx.route("port").hosts("[::1]:8080");
      assertThat(select(get("[::1]", "/"))).contains("any-port");
      assertThat(select(get("::1", "/"))).contains("any-port");
      assertThat(select(get("[::1]:8080", "/"))).contains("port");
      assertThat(select(get("[::1]:9090", "/"))).contains("any-port");
    }

    @Test
    void failsOnAnIpv6PortRouteWithoutAnAnyPortRoute() {
      fx.route("port").hosts("[::1]:8080");
      assertThat(select(get("[::1]:9090", "/"))).isEmpty();
    }

    @Test
    void routesRequestsWithoutHostByTheirPath() {
      kongUseCases();
      assertThat(select(get("", "/my-route-uri"))).contains("uri");
    }

    @Test
    void missesAnUnknownHost() {
      fx.route("host").hosts("domain-1.org");
      assertThat(select(get("domain-9.org", "/"))).isEmpty();
    }

    @Test
    void halfAHostAndPathMatchDoesNotSupersedeAnotherRoute() {
      fx.route("one").hosts("host1.com").paths("/v1/path");
      fx.route("two").hosts("host2.com").paths("/");
      assertThat(select(get("host1.com", "/v1/path"))).contains("one");
      assertThat(select(get("host2.com", "/v1/path"))).contains("two");
    }
  }

  @Nested
  class Paths {
    @Test
    void matchesAPrefix() {
      kongUseCases();
      assertThat(select(get("domain.org", "/my-route"))).contains("uri");
      assertThat(select(get("domain.org", "/my-route/hello/world"))).contains("uri");
      assertThat(select(get("domain.org", "/my-routefoo"))).contains("uri");
    }

    @Test
    void anchorsPrefixesAtTheStart() {
      fx.route("uri").paths("/my-route");
      assertThat(select(get("domain.org", "/foo/my-route"))).isEmpty();
    }

    @Test
    void prefersTheLongerPrefix() {
      fx.route("short").paths("/my-route");
      fx.route("long").paths("/my-route/hello");
      assertThat(select(get("domain.org", "/my-route/hello"))).contains("long");
      assertThat(select(get("domain.org", "/my-route/hello/world"))).contains("long");
      assertThat(select(get("domain.org", "/my-route/world"))).contains("short");
    }

    @Test
    void prefersTheLongerPrefixWhenMethodsAreAlsoSet() {
      fx.route("short").paths("/my-route").methods("GET");
      fx.route("long").paths("/my-route/hello").methods("GET");
      assertThat(select(get("domain.org", "/my-route/hello"))).contains("long");
    }

    @Test
    void prefersALongerPrefixOfAnotherRouteOverAShortPathOfASplitRoute() {
      fx.route("split").paths("/a", "/bbbbbbb");
      fx.route("long").paths("/a/bb");
      assertThat(select(get("domain.org", "/a/bb/foobar"))).contains("long");
      assertThat(select(get("domain.org", "/a/other"))).contains("split");
      assertThat(select(get("domain.org", "/bbbbbbb/x"))).contains("split");
    }

    @Test
    void matchesARegex() {
      fx.route("regex").paths("~/users/\\d+/profile");
      assertThat(select(get("domain.org", "/users/123/profile"))).contains("regex");
      assertThat(select(get("domain.org", "/users/abc/profile"))).isEmpty();
    }

    @Test
    void anchorsRegexesAtTheStartOnly() {
      fx.route("regex").paths("~/users/\\d+/profile");
      assertThat(select(get("domain.org", "/users/123/profile/extra"))).contains("regex");
      assertThat(select(get("domain.org", "/api/users/123/profile"))).isEmpty();
    }

    @Test
    void picksTheRightRegexAmongSeveral() {
      fx.route("one").paths("~/route/persons/\\d{3}");
      fx.route("two").paths("~/route/persons/\\d{3}/following");
      fx.route("three").paths("~/route/persons/\\d{3}/[a-z]+/bar");
      assertThat(select(get("domain.org", "/route/persons/456"))).contains("one");
    }

    @Test
    void prefersARegexEvenIfAPrefixMatchedExactly() {
      fx.route("prefix").paths("/route/persons");
      fx.route("regex").paths("~/route/persons");
      assertThat(select(get("domain.org", "/route/persons"))).contains("regex");
    }

    @Test
    void prefersARegexWithHostOverALongerPrefix() {
      fx.route("prefix").paths("/route/persons/123/profile");
      fx.route("regex").paths("~/route/persons/\\d+/profile").hosts("route.com");
      assertThat(select(get("route.com", "/route/persons/123/profile"))).contains("regex");
    }

    @Test
    void ordersRegexesByRegexPriority() {
      fx.route("low").paths("~/foo/.+").regexPriority(1);
      fx.route("high").paths("~/foo/bar").regexPriority(10);
      assertThat(select(get("domain.org", "/foo/bar"))).contains("high");
      assertThat(select(get("domain.org", "/foo/baz"))).contains("low");
    }

    @Test
    void breaksRegexPriorityTiesByCreationOrder() {
      fx.route("first").paths("~/foo/.+");
      fx.route("second").paths("~/foo/bar");
      assertThat(select(get("domain.org", "/foo/bar"))).contains("first");
    }

    @Test
    void ignoresRegexPriorityOfPrefixRoutes() {
      fx.route("short").paths("/foo").regexPriority(100);
      fx.route("long").paths("/foo/bar");
      assertThat(select(get("domain.org", "/foo/bar"))).contains("long");
    }

    @Test
    void treatsTheRootPathAsACatchAllThatSupersedesNothing() {
      kongUseCases();
      fx.route("root").paths("/");
      assertThat(select(get("domain.org", "/"))).contains("root");
      assertThat(select(get("domain.org", "/my-route/hello/world"))).contains("uri");
      assertThat(select(get("domain.org", "/foobar/baz"))).contains("root");
    }

    @Test
    void matchesTheNormalisedPath() {
      fx.route("uri").paths("/my-route");
      assertThat(select(get("domain.org", "/my%2Droute"))).contains("uri");
      assertThat(select(get("domain.org", "/x/../my-route"))).contains("uri");
      assertThat(select(get("domain.org", "/./my-route"))).contains("uri");
      assertThat(select(get("domain.org", "//my-route"))).contains("uri");
    }

    @Test
    void keepsReservedCharactersEncodedAndUpperCased() {
      fx.route("slash").paths("/foo%2Fbar");
      assertThat(select(get("domain.org", "/foo%2fbar"))).contains("slash");
      assertThat(select(get("domain.org", "/foo/bar"))).isEmpty();
    }

    @Test
    void matchesRegexesAgainstDecodedPaths() {
      fx.route("regex").paths("~/users/(?<name>[a-z ]+)$");
      RouteMatch m = fx.router().match(get("domain.org", "/users/jo%20hn")).orElseThrow();
      assertThat(m.captures().named()).containsEntry("name", "jo hn");
      assertThat(m.normalizedPath()).isEqualTo("/users/jo%20hn");
    }

    @Test
    void escapesRegexMetaCharactersOnlyInThePattern() {
      fx.route("dot").paths("~/a\\.b$");
      assertThat(select(get("domain.org", "/a%2Eb"))).contains("dot");
      assertThat(select(get("domain.org", "/axb"))).isEmpty();
    }

    @Test
    void matchesNonAsciiPrefixesByTheirUtf8Bytes() {
      fx.route("cafe").paths("/caf\u00e9");
      assertThat(select(get("domain.org", "/caf%C3%A9/menu"))).contains("cafe");
    }
  }

  @Nested
  class Methods {
    @Test
    void matchesAMethod() {
      kongUseCases();
      assertThat(select(request("TRACE", "domain.org", "/"))).contains("method");
    }

    @Test
    void missesAnotherMethod() {
      fx.route("post").methods("POST").paths("/x");
      assertThat(select(get("domain.org", "/x"))).isEmpty();
    }

    @Test
    void comparesMethodsCaseSensitively() {
      fx.route("get").methods("GET");
      assertThat(select(request("get", "domain.org", "/"))).isEmpty();
    }

    @Test
    void prefersHostOrUriOverMethodAlone() {
      fx.route("host").hosts("domain-1.org", "domain-2.org");
      fx.route("method").methods("TRACE");
      fx.route("uri").paths("/my-route");
      fx.route("host-uri").hosts("domain-1.org", "domain-2.org").paths("/route-4");
      fx.route("host-method").hosts("domain-1.org", "domain-2.org").methods("POST", "PUT", "PATCH");
      assertThat(select(request("TRACE", "domain-2.org", "/"))).contains("host");
      assertThat(select(request("TRACE", "domain.org", "/my-route"))).contains("uri");
    }

    @Test
    void combinesHostUriAndMethod() {
      kongUseCases();
      assertThat(select(request("PUT", "domain-with-uri-2.org", "/my-route-uri")))
          .contains("host-uri-method");
      assertThat(select(request("POST", "domain-1.org", "/"))).contains("host-method");
      assertThat(select(request("PUT", "domain.org", "/route-6"))).contains("uri-method");
      assertThat(select(get("domain-1.org", "/route-4"))).contains("host-uri");
    }

    @Test
    void doesNotLetAMethodSupersedeAPrefix() {
      fx.route("method").methods("GET");
      fx.route("prefix").paths("/example");
      assertThat(select(get("domain.org", "/example/status/200"))).contains("prefix");
    }

    @Test
    void doesNotLetAMethodSupersedeAWildcardHost() {
      fx.route("method").methods("GET");
      fx.route("wild").hosts("domain.*");
      assertThat(select(get("nothing.com", "/"))).contains("method");
      assertThat(select(get("domain.com", "/"))).contains("wild");
    }

    @Test
    void halfAMatchDoesNotSupersedeAnotherRoute() {
      fx.route("get").methods("GET").paths("~/users/\\d+/profile");
      fx.route("post").methods("POST").paths("~/users/\\d*/profile");
      assertThat(select(get("domain.org", "/users/123/profile"))).contains("get");
      assertThat(select(request("POST", "domain.org", "/users/123/profile"))).contains("post");
    }
  }

  @Nested
  class Headers {
    private RequestFacts withHeaders(String path, Map<String, List<String>> headers) {
      return request("GET", "domain.org", path, headers);
    }

    @Test
    void matchesAnyConfiguredValue() {
      kongUseCases();
      assertThat(select(withHeaders("/", Map.of("location", List.of("my-location-2")))))
          .contains("headers");
      assertThat(select(withHeaders("/", Map.of("location", List.of("my-location-3"))))).isEmpty();
    }

    @Test
    void matchesAnyOfSeveralRequestValues() {
      kongUseCases();
      assertThat(
              select(
                  withHeaders("/", Map.of("location", List.of("my-location-3", "my-location-2")))))
          .contains("headers");
      assertThat(select(withHeaders("/", Map.of("location", List.of("my-location-3", "foo")))))
          .isEmpty();
    }

    @Test
    void prefersTheRouteWithMoreHeaders() {
      kongUseCases();
      assertThat(
              select(
                  withHeaders(
                      "/", Map.of("location", List.of("my-location-1"), "version", List.of("v2")))))
          .contains("headers-2");
      assertThat(
              select(
                  withHeaders(
                      "/", Map.of("location", List.of("my-location-2"), "version", List.of("v2")))))
          .contains("headers");
    }

    @Test
    void comparesHeaderNamesCaseInsensitively() {
      fx.route("h").header("X-Version", "v1");
      assertThat(select(withHeaders("/", Map.of("x-version", List.of("v1"))))).contains("h");
      assertThat(select(withHeaders("/", Map.of("X-VERSION", List.of("v1"))))).contains("h");
    }

    @Test
    void comparesHeaderValuesCaseInsensitively() {
      fx.route("h").header("location", "My-Location");
      assertThat(select(withHeaders("/", Map.of("location", List.of("my-LOCATION")))))
          .contains("h");
    }

    @Test
    void matchesRegexValuesWithTildeStar() {
      fx.route("chrome").header("user-agent", "~*chrome/\\d+");
      assertThat(
              select(
                  withHeaders(
                      "/", Map.of("user-agent", List.of("Mozilla/5.0 Chrome/83.0 Safari")))))
          .contains("chrome");
      assertThat(select(withHeaders("/", Map.of("user-agent", List.of("curl/8.0"))))).isEmpty();
    }

    @Test
    void combinesHeadersAndPath() {
      kongUseCases();
      assertThat(select(withHeaders("/headers-uri", Map.of("location", List.of("my-location-2")))))
          .contains("headers-uri");
      assertThat(select(withHeaders("/headers-uri", Map.of("location", List.of("elsewhere")))))
          .isEmpty();
    }

    @Test
    void prefersMoreHeadersOverALongerPath() {
      fx.route("long-path").header("version", "v1").paths("/my-route/hello");
      fx.route("more-headers")
          .header("version", "v1")
          .header("location", "us-east")
          .paths("/my-route");
      Map<String, List<String>> h =
          Map.of("version", List.of("v1"), "location", List.of("us-east"));
      assertThat(select(withHeaders("/my-route/hello", h))).contains("more-headers");
    }

    @Test
    void missesWhenAHeaderIsAbsent() {
      fx.route("h").header("version", "v1").paths("/x");
      assertThat(select(get("domain.org", "/x"))).isEmpty();
    }
  }

  @Nested
  class SnisAndProtocols {
    @Test
    void constrainsTlsRequestsBySni() {
      fx.route("sni").snis("api.example.com").protocols(Protocol.HTTPS);
      assertThat(select(https("whatever", "/", Optional.of("api.example.com")))).contains("sni");
      assertThat(select(https("whatever", "/", Optional.of("www.example.com")))).isEmpty();
      assertThat(select(https("whatever", "/", Optional.empty()))).isEmpty();
    }

    @Test
    void ignoresSnisForPlainHttp() {
      fx.route("sni").snis("api.example.com").paths("/x");
      assertThat(select(get("whatever", "/x"))).contains("sni");
    }

    @Test
    void matchesWildcardSnis() {
      fx.route("left").snis("*.sni.test").protocols(Protocol.HTTPS);
      fx.route("right").snis("sni.*").protocols(Protocol.HTTPS);
      assertThat(select(https("h", "/", Optional.of("foo.sni.test")))).contains("left");
      assertThat(select(https("h", "/", Optional.of("sni.org")))).contains("right");
      assertThat(select(https("h", "/", Optional.of("foo.sni.org")))).isEmpty();
    }

    @Test
    void reportsTheRedirectStatusForAnHttpsOnlyRouteReachedOverHttp() {
      fx.route("secure").paths("/s").protocols(Protocol.HTTPS);
      Router router = fx.router();
      RequestFacts plain = get("domain.org", "/s");
      RouteMatch m = router.match(plain).orElseThrow();
      assertThat(m.httpsRedirectStatus(plain)).contains(426);
      RequestFacts tls = https("domain.org", "/s", Optional.empty());
      assertThat(router.match(tls).orElseThrow().httpsRedirectStatus(tls)).isEmpty();
    }
  }

  @Nested
  class Priorities {
    @Test
    void prefersRoutesUsingMoreFields() {
      fx.route("host-uri").hosts("domain.org").paths("/a");
      fx.route("host-uri-method").hosts("domain.org").paths("/a").methods("GET");
      assertThat(select(get("domain.org", "/a"))).contains("host-uri-method");
    }

    @Test
    void breaksExactTiesByCreationOrder() {
      for (int i = 1; i < 6; i++) {
        fx.route("same-" + i).hosts("domain.org").paths("/my-uri");
      }
      fx.route("target").hosts("domain.org").paths("/my-target-uri");
      assertThat(select(get("domain.org", "/my-target-uri"))).contains("target");
      assertThat(select(get("domain.org", "/my-uri"))).contains("same-1");
    }

    @Test
    void ranksEachPathGroupOfARouteOnItsOwn() {
      fx.route("mixed").paths("/aaaa", "~/b+", "/c");
      fx.route("medium").paths("/cc");
      assertThat(select(get("domain.org", "/ccc"))).contains("medium");
      assertThat(select(get("domain.org", "/aaaa/x"))).contains("mixed");
      assertThat(select(get("domain.org", "/bbb"))).contains("mixed");
    }

    @Test
    void matchesAServicelessRouteWithoutAService() {
      kongUseCases();
      RouteMatch m = fx.router().match(get("domain.org", "/serviceless")).orElseThrow();
      assertThat(m.route().name()).contains("serviceless");
      assertThat(m.service()).isEmpty();
    }

    @Test
    void leavesOutRoutesOfDisabledServices() {
      fx.route("off").paths("/x").serviceDisabled();
      fx.route("on").paths("/");
      assertThat(select(get("domain.org", "/x"))).contains("on");
    }

    @Test
    void pointsAtTheUpstreamNamedByTheServiceHost() {
      fx.route("balanced").paths("/").service("orders.upstream", 80);
      fx.upstream(
          UpstreamDef.of(
              "orders.upstream", List.of(TargetDef.of("orders.upstream", "127.0.0.1", 8080, 100))));
      RouteMatch m = fx.router().match(get("domain.org", "/")).orElseThrow();
      assertThat(m.upstream()).map(UpstreamDef::name).contains("orders.upstream");
    }

    @Test
    void hasNoUpstreamForAPlainServiceHost() {
      fx.route("direct").paths("/");
      assertThat(fx.router().match(get("domain.org", "/")).orElseThrow().upstream()).isEmpty();
    }

    @Test
    void matchesNothingWithAnEmptyConfiguration() {
      assertThat(Router.build(GatewayConfig.empty()).match(get("domain.org", "/"))).isEmpty();
    }
  }

  @Nested
  class Upstreams {
    private RouteMatch match(RequestFacts r) {
      return fx.router().match(r).orElseThrow();
    }

    @Test
    void stripsTheMatchedPrefix() {
      fx.route("strip").paths("/my-route", "/this-route");
      assertThat(match(get("domain.org", "/my-route/hello/world")).upstreamPath())
          .isEqualTo("/hello/world");
      assertThat(match(get("domain.org", "/this-route/hello")).upstreamPath()).isEqualTo("/hello");
      assertThat(match(get("domain.org", "/my-route")).upstreamPath()).isEqualTo("/");
    }

    @Test
    void keepsThePathWithoutStripPath() {
      fx.route("keep").paths("/my-route").stripPath(false);
      assertThat(match(get("domain.org", "/my-route/hello/world")).upstreamPath())
          .isEqualTo("/my-route/hello/world");
      assertThat(match(get("domain.org", "/my-route/hello/world")).forwardedPrefix()).isEmpty();
    }

    @Test
    void stripsTheWholeRegexMatch() {
      fx.route("regex").paths("~/users/\\d+/profile");
      assertThat(match(get("domain.org", "/users/123/profile/hello")).upstreamPath())
          .isEqualTo("/hello");
    }

    @Test
    void doesNotStripTheRootPath() {
      fx.route("root").paths("/");
      RouteMatch m = match(get("domain.org", "/my-route/hello"));
      assertThat(m.upstreamPath()).isEqualTo("/my-route/hello");
      assertThat(m.forwardedPrefix()).isEmpty();
    }

    @Test
    void reportsTheStrippedPrefixForXForwardedPrefix() {
      fx.route("strip").paths("/my-route");
      assertThat(match(get("domain.org", "/my-route/x")).forwardedPrefix()).contains("/my-route");
    }

    @Test
    void stripsNormalisedAndEncodedPaths() {
      fx.route("strip").paths("/my-route");
      assertThat(match(get("domain.org", "/my-route/hello%2Fworld")).upstreamPath())
          .isEqualTo("/hello%2Fworld");
      assertThat(match(get("domain.org", "/x/../my-route/a")).upstreamPath()).isEqualTo("/a");
    }

    @Test
    void escapesUnsafeCharactersInTheUpstreamPath() {
      fx.route("keep").paths("/").stripPath(false);
      assertThat(match(get("domain.org", "/a%20b/%22q%22")).upstreamPath())
          .isEqualTo("/a%20b/%22q%22");
      assertThat(match(get("domain.org", "/caf%c3%a9")).upstreamPath()).isEqualTo("/caf%C3%A9");
    }

    @Test
    void passesInvalidUtf8ThroughEscaped() {
      fx.route("keep").paths("/").stripPath(false);
      RouteMatch m = match(get("domain.org", "/%FC%80%80%80%80%AF/x"));
      assertThat(m.upstreamPath()).isEqualTo("/%FC%80%80%80%80%AF/x");
    }

    @Test
    void bracketsAnIpv6ServiceHost() {
      fx.route("v6").paths("/").service("::1", 8080);
      assertThat(match(get("domain.org", "/")).upstreamHostHeader("domain.org"))
          .isEqualTo("[::1]:8080");
    }

    @Test
    void joinsTheServicePath() {
      fx.route("svc").paths("/my-route").servicePath("/base");
      assertThat(match(get("domain.org", "/my-route/x")).upstreamPath()).isEqualTo("/base/x");
    }

    @Test
    void returnsPositionalAndNamedCaptures() {
      fx.route("regex").paths("~/users/(?<user>\\d+)/(profile|posts)");
      RouteMatch m = match(get("domain.org", "/users/123/posts"));
      assertThat(m.captures().positional()).containsExactly("/users/123/posts", "123", "posts");
      assertThat(m.captures().named()).containsExactly(Map.entry("user", "123"));
    }

    @Test
    void returnsAnEmptyStringForAnOptionalGroupThatDidNotTakePart() {
      fx.route("regex").paths("~/(users/)?(?<id>\\d+)");
      RouteMatch m = match(get("domain.org", "/123"));
      assertThat(m.captures().positional()).containsExactly("/123", "", "123");
      assertThat(m.captures().named()).containsEntry("id", "123");
    }

    @Test
    void acceptsPcreStyleNamedGroupsWithUnderscores() {
      fx.route("regex").paths("~/users/(?P<user_id>\\d+)/profile/?(?P<scope>[a-z]*)");
      RouteMatch m = match(get("domain.org", "/users/1984/profile/email"));
      assertThat(m.captures().positional())
          .containsExactly("/users/1984/profile/email", "1984", "email");
      assertThat(m.captures().named())
          .containsEntry("user_id", "1984")
          .containsEntry("scope", "email");
      RouteMatch empty = match(get("domain.org", "/users/1984/profile"));
      assertThat(empty.captures().named()).containsEntry("scope", "");
    }

    @Test
    void leavesOutNamedGroupsThatDidNotTakePart() {
      fx.route("regex").paths("~/(users/)?1984/(?<subpath>profile)$");
      RouteMatch m = match(get("domain.org", "/1984/profile"));
      assertThat(m.captures().positional()).containsExactly("/1984/profile", "", "profile");
      assertThat(m.captures().named()).containsExactly(Map.entry("subpath", "profile"));
    }

    @Test
    void returnsNormalisedCaptures() {
      fx.route("regex").paths("~/users/(?P<fullname>[a-zA-Z\\s\\d%]+)/profile/?(?P<scope>[a-z]*)");
      RouteMatch m = match(get("domain.org", "/users/%6aohn%20doe/profile"));
      assertThat(m.captures().named()).containsEntry("fullname", "john doe");
      assertThat(m.captures().positional().get(0)).isEqualTo("/users/john doe/profile");
    }

    @Test
    void keepsLookbehindsAndCharacterClassesAsTheyAre() {
      fx.route("regex").paths("~/a/(?<!b)c[(?<x>]+");
      assertThat(match(get("domain.org", "/a/c(<x>/rest")).upstreamPath()).isEqualTo("/rest");
      assertThat(fx.router().match(get("domain.org", "/a/bc(/rest"))).isEmpty();
    }

    @Test
    void returnsNoCapturesForAPrefixOrAGrouplessRegex() {
      fx.route("prefix").paths("/p");
      fx.route("regex").paths("~/r\\d+");
      assertThat(match(get("domain.org", "/p/x")).captures().isEmpty()).isTrue();
      assertThat(match(get("domain.org", "/r12")).captures().isEmpty()).isTrue();
    }

    @Test
    void preservesTheClientHostIncludingItsPort() {
      fx.route("keep-host").hosts("preserve.com").preserveHost(true);
      RouteMatch m = match(get("preserve.com:123", "/"));
      assertThat(m.preserveHost()).isTrue();
      assertThat(m.upstreamHostHeader("preserve.com:123")).isEqualTo("preserve.com:123");
    }

    @Test
    void sendsTheServiceHostWhenNotPreserving() {
      fx.route("default-port").hosts("a.com").service("backend.internal", 80);
      fx.route("other-port").hosts("b.com").service("backend.internal", 8080);
      Router router = fx.router();
      assertThat(router.match(get("a.com", "/")).orElseThrow().upstreamHostHeader("a.com"))
          .isEqualTo("backend.internal");
      assertThat(router.match(get("b.com", "/")).orElseThrow().upstreamHostHeader("b.com"))
          .isEqualTo("backend.internal:8080");
    }

    @Test
    void sendsTheUpstreamHostHeaderWhenItHasOne() {
      fx.route("balanced").paths("/").service("orders.upstream", 80);
      UpstreamDef u = UpstreamDef.of("orders.upstream", List.of());
      fx.upstream(
          new UpstreamDef(
              u.id(),
              u.name(),
              u.algorithm(),
              u.hashOn(),
              u.hashFallback(),
              u.hashOnHeader(),
              u.hashFallbackHeader(),
              u.hashOnCookie(),
              u.hashOnCookiePath(),
              u.slots(),
              Optional.of("orders.example.com"),
              u.healthchecks(),
              u.targets(),
              u.tags()));
      assertThat(match(get("domain.org", "/")).upstreamHostHeader("domain.org"))
          .isEqualTo("orders.example.com");
    }
  }
}
