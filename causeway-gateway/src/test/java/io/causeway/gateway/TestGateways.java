package io.causeway.gateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Builds data planes on loopback ephemeral ports and small configurations for tests. */
final class TestGateways {

  private TestGateways() {}

  static DataPlaneOptions options() throws IOException {
    Path dir = Files.createTempDirectory("causeway-dp-test");
    return DataPlaneOptions.named("test")
        .withDataDir(dir)
        .withProxy("127.0.0.1", 0, -1)
        .withStatus("127.0.0.1", 0);
  }

  static DataPlane start() throws IOException {
    return DataPlane.start(options(), ProxyLimits.defaults(), 2);
  }

  static DataPlane start(ProxyLimits limits) throws IOException {
    return DataPlane.start(options(), limits, 2);
  }

  static ServiceDef service(String name, String host, int port, int readTimeoutMs, int retries) {
    return new ServiceDef(
        GatewayConfig.nameBasedId("services", name),
        Optional.of(name),
        ServiceDef.Protocol.HTTP,
        host,
        port,
        Optional.empty(),
        2000,
        readTimeoutMs,
        readTimeoutMs,
        retries,
        true,
        Optional.empty(),
        List.of());
  }

  /** One service on 127.0.0.1:port behind a route on {@code /} that does not strip the path. */
  static GatewayConfig direct(int port) {
    return direct(port, 10_000, 1);
  }

  static GatewayConfig direct(int port, int readTimeoutMs, int retries) {
    ServiceDef svc = service("origin", "127.0.0.1", port, readTimeoutMs, retries);
    RouteDef route = noStrip(RouteDef.of("all", svc, List.of(), List.of("/"), List.of(), 0));
    return GatewayConfig.of(List.of(svc), List.of(route), List.of(), List.of());
  }

  static RouteDef noStrip(RouteDef r) {
    return new RouteDef(r.id(), r.name(), r.serviceId(), r.protocols(), r.methods(), r.hosts(), r.paths(),
        r.headers(), r.snis(), false, r.preserveHost(), r.regexPriority(), r.pathHandling(),
        r.httpsRedirectStatusCode(), r.requestBuffering(), r.responseBuffering(), r.tags(), r.createdIndex());
  }

  static Duration seconds(long s) {
    return Duration.ofSeconds(s);
  }
}
