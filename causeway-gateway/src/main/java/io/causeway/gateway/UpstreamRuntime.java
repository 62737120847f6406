package io.causeway.gateway;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An upstream at run time: its targets' health and its balancer. Lives as long as the
 * configuration that defined it (health is per node and restarts with a new configuration).
 */
final class UpstreamRuntime {

  private final UpstreamDef def;
  private final List<TargetHealth> targets;
  private final Balancer balancer;

  UpstreamRuntime(UpstreamDef def) {
    this.def = def;
    List<TargetHealth> list = new java.util.ArrayList<>();
    for (int i = 0; i < def.targets().size(); i++) {
      list.add(new TargetHealth(def.targets().get(i), i));
    }
    this.targets = List.copyOf(list);
    this.balancer = Balancer.of(def.algorithm(), targets, def.slots(), def.name().hashCode());
  }

  UpstreamDef def() {
    return def;
  }

  List<TargetHealth> targets() {
    return targets;
  }

  Optional<TargetHealth> pick(HttpHeaders headers, InetSocketAddress client, Set<TargetHealth> exclude) {
    return balancer.pick(hashKey(headers, client), exclude);
  }

  private Optional<String> hashKey(HttpHeaders headers, InetSocketAddress client) {
    Optional<String> first = key(def.hashOn(), def.hashOnHeader(), headers, client);
    return first.isPresent() ? first : key(def.hashFallback(), def.hashFallbackHeader(), headers, client);
  }

  private Optional<String> key(
      UpstreamDef.HashOn on, Optional<String> header, HttpHeaders headers, InetSocketAddress client) {
    return switch (on) {
      case NONE -> Optional.empty();
      case IP -> Optional.of(client.getAddress().getHostAddress());
      case HEADER -> header.map(headers::get).filter(v -> !v.isEmpty());
      case COOKIE -> def.hashOnCookie().flatMap(name -> cookie(headers, name));
    };
  }

  private static Optional<String> cookie(HttpHeaders headers, String name) {
    for (String value : headers.getAll(io.netty.handler.codec.http.HttpHeaderNames.COOKIE)) {
      for (Cookie c : ServerCookieDecoder.LAX.decode(value)) {
        if (c.name().equals(name)) {
          return Optional.of(c.value());
        }
      }
    }
    return Optional.empty();
  }

  /** Feeds a proxied outcome to the passive checker (a no-op while it is disabled). */
  void passive(TargetHealth target, TargetHealth.Outcome outcome) {
    HealthcheckDef.Passive p = def.healthchecks().passive();
    target.record(outcome, p.healthy(), p.unhealthy());
  }

  void passiveStatus(TargetHealth target, int status) {
    HealthcheckDef.Passive p = def.healthchecks().passive();
    TargetHealth.classify(status, p.healthy().httpStatuses(), p.unhealthy().httpStatuses())
        .ifPresent(o -> target.record(o, p.healthy(), p.unhealthy()));
  }
}
