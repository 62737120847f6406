package io.causeway.gateway;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One configuration as the proxy serves it: the compiled router and the upstreams' run-time
 * state. Immutable apart from the health counters; swapped as a whole.
 *
 * @param loaded false until a real configuration arrived (readiness answers 503 until then)
 */
record ProxyState(GatewayConfig config, Router router, Map<String, UpstreamRuntime> upstreams, boolean loaded) {

  ProxyState {
    upstreams = Map.copyOf(upstreams);
  }

  static ProxyState initial() {
    return of(GatewayConfig.empty(), false);
  }

  static ProxyState of(GatewayConfig config, boolean loaded) {
    Map<String, UpstreamRuntime> upstreams = new HashMap<>();
    for (UpstreamDef u : config.upstreams()) {
      upstreams.put(u.name().toLowerCase(Locale.ROOT), new UpstreamRuntime(u));
    }
    return new ProxyState(config, Router.build(config), upstreams, loaded);
  }

  Optional<UpstreamRuntime> upstream(String name) {
    // Per request: most configurations name no upstream entity, so skip lower-casing the host.
    return upstreams.isEmpty() ? Optional.empty() : Optional.ofNullable(upstreams.get(name.toLowerCase(Locale.ROOT)));
  }
}
