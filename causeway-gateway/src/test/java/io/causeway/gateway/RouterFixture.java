package io.causeway.gateway;

import io.causeway.gateway.RouteDef.PathHandling;
import io.causeway.gateway.ServiceDef.Protocol;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Builds routers from terse route descriptions, each route with its own service. */
final class RouterFixture {

  private final List<Spec> specs = new ArrayList<>();
  private final List<UpstreamDef> upstreams = new ArrayList<>();

  /** A route under construction; registered with the fixture on creation. */
  final class Spec {
    private final String name;
    private List<String> hosts = List.of();
    private List<String> paths = List.of();
    private List<String> methods = List.of();
    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private List<String> snis = List.of();
    private Set<Protocol> protocols = EnumSet.of(Protocol.HTTP, Protocol.HTTPS);
    private boolean stripPath = true;
    private boolean preserveHost;
    private int regexPriority;
    private PathHandling pathHandling = PathHandling.V0;
    private Optional<String> servicePath = Optional.empty();
    private String serviceHost;
    private int servicePort = 80;
    private boolean withService = true;
    private boolean serviceEnabled = true;

    Spec(String name) {
      this.name = name;
      this.serviceHost = name + ".svc";
    }

    Spec hosts(String... values) {
      hosts = List.of(values);
      return this;
    }

    Spec paths(String... values) {
      paths = List.of(values);
      return this;
    }

    Spec methods(String... values) {
      methods = List.of(values);
      return this;
    }

    Spec header(String headerName, String... values) {
      headers.put(headerName, List.of(values));
      return this;
    }

    Spec snis(String... values) {
      snis = List.of(values);
      return this;
    }

    Spec protocols(Protocol... values) {
      protocols = EnumSet.copyOf(List.of(values));
      return this;
    }

    Spec stripPath(boolean value) {
      stripPath = value;
      return this;
    }

    Spec preserveHost(boolean value) {
      preserveHost = value;
      return this;
    }

    Spec regexPriority(int value) {
      regexPriority = value;
      return this;
    }

    Spec pathHandling(PathHandling value) {
      pathHandling = value;
      return this;
    }

    Spec servicePath(String value) {
      servicePath = Optional.of(value);
      return this;
    }

    Spec service(String host, int port) {
      serviceHost = host;
      servicePort = port;
      return this;
    }

    Spec serviceless() {
      withService = false;
      return this;
    }

    Spec serviceDisabled() {
      serviceEnabled = false;
      return this;
    }
  }

  Spec route(String name) {
    Spec s = new Spec(name);
    specs.add(s);
    return s;
  }

  void upstream(UpstreamDef upstream) {
    upstreams.add(upstream);
  }

  GatewayConfig config() {
    List<ServiceDef> services = new ArrayList<>();
    List<RouteDef> routes = new ArrayList<>();
    for (int i = 0; i < specs.size(); i++) {
      Spec s = specs.get(i);
      Optional<java.util.UUID> serviceId = Optional.empty();
      if (s.withService) {
        ServiceDef base =
            ServiceDef.of(
                "svc-" + s.name, Protocol.HTTP, s.serviceHost, s.servicePort, s.servicePath);
        ServiceDef service =
            new ServiceDef(
                base.id(),
                base.name(),
                base.protocol(),
                base.host(),
                base.port(),
                base.path(),
                base.connectTimeoutMs(),
                base.writeTimeoutMs(),
                base.readTimeoutMs(),
                base.retries(),
                s.serviceEnabled,
                base.tlsVerify(),
                base.tags());
        services.add(service);
        serviceId = Optional.of(service.id());
      }
      routes.add(
          new RouteDef(
              GatewayConfig.nameBasedId("routes", s.name),
              Optional.of(s.name),
              serviceId,
              s.protocols,
              s.methods,
              s.hosts,
              s.paths,
              s.headers,
              s.snis,
              s.stripPath,
              s.preserveHost,
              s.regexPriority,
              s.pathHandling,
              RouteDef.DEFAULT_HTTPS_REDIRECT_STATUS,
              true,
              true,
              List.of(),
              i));
    }
    return GatewayConfig.of(services, routes, upstreams, List.of());
  }

  Router router() {
    return Router.build(config());
  }

  static RequestFacts get(String host, String path) {
    return request("GET", host, path, Map.of());
  }

  static RequestFacts request(String method, String host, String path) {
    return request(method, host, path, Map.of());
  }

  static RequestFacts request(
      String method, String host, String path, Map<String, List<String>> headers) {
    return RequestFacts.of(method, host, Protocol.HTTP, path, headers);
  }

  static RequestFacts https(String host, String path, Optional<String> sni) {
    RequestFacts plain = RequestFacts.of("GET", host, Protocol.HTTPS, path);
    return new RequestFacts(
        plain.method(), plain.host(), Protocol.HTTPS, plain.path(), plain.headers(), 443, sni);
  }

  static RequestFacts onPort(RequestFacts r, int localPort) {
    return new RequestFacts(
        r.method(), r.host(), r.scheme(), r.path(), r.headers(), localPort, r.sni());
  }

  static Optional<String> routeName(Router router, RequestFacts request) {
    return router.match(request).flatMap(m -> m.route().name());
  }
}
