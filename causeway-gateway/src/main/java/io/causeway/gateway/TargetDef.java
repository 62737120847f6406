package io.causeway.gateway;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.UUID;

/**
 * A Kong Target: one {@code host:port} of an upstream. Weight 0 disables it (Kong's rule).
 *
 * @param host a host name or an IP literal (IPv6 without brackets)
 * @param port Kong's default when the target omits it is 8000
 */
record TargetDef(UUID id, String host, int port, int weight, List<String> tags) {

  static final int DEFAULT_WEIGHT = 100;
  static final int DEFAULT_PORT = 8000;

  TargetDef {
    requireNonNull(id, "id");
    requireNonNull(host, "host");
    if (host.isEmpty()) {
      throw new IllegalArgumentException("host: must not be empty");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port: " + port + " (expected: 1-65535)");
    }
    if (weight < 0 || weight > 65535) {
      throw new IllegalArgumentException("weight: " + weight + " (expected: 0-65535)");
    }
    tags = List.copyOf(tags);
  }

  /** A target with an id derived from its upstream and address; for tests and programmatic use. */
  static TargetDef of(String upstreamName, String host, int port, int weight) {
    String h =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    return new TargetDef(
        GatewayConfig.nameBasedId("targets", upstreamName + "/" + h + ":" + port),
        h,
        port,
        weight,
        List.of());
  }

  /** Kong's {@code target} text, {@code host:port}, with IPv6 literals in brackets. */
  String target() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }

  boolean isEnabled() {
    return weight > 0;
  }
}
