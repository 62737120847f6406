package io.causeway.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.causeway.gateway.RouteDef.PathHandling;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

/**
 * Kong's table of service path x route path x strip_path x path_handling x request path (212
 * expanded cases), run through the whole router.
 */
class RouterPathHandlingTest {

  @ParameterizedTest(name = "service {0}, route {1}, strip {2}, {3}: {4} -> {5}")
  @CsvFileSource(resources = "/declarative/router-path-handling.csv")
  void buildsTheUpstreamPathAsKongDoes(
      String servicePath,
      String routePath,
      boolean stripPath,
      String pathHandling,
      String requestPath,
      String expected) {
    RouterFixture fx = new RouterFixture();
    RouterFixture.Spec route =
        fx.route("r")
            .servicePath(servicePath)
            .stripPath(stripPath)
            .pathHandling(pathHandling.equals("v1") ? PathHandling.V1 : PathHandling.V0);
    if (routePath == null) {
      route.hosts("domain.org");
    } else {
      route.paths(routePath);
    }

    RouteMatch match =
        fx.router().match(RouterFixture.get("domain.org", requestPath)).orElseThrow();

    assertThat(match.upstreamPath()).isEqualTo(expected);
  }
}
