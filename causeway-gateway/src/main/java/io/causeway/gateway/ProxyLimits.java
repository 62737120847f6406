package io.causeway.gateway;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Downstream protection limits. Defaults follow nginx's spirit: a request line over 8 KiB gets
 * 414, a header section over 32 KiB gets 431 (and bounds an HTTP/2 header list the same way);
 * what a single client may hold (header, body and send deadlines, connections per address,
 * HTTP/2 streams and resets) is in {@link ClientLimits}.
 */
record ProxyLimits(
    int maxInitialLineLength,
    int maxHeaderSize,
    Duration drainTimeout,
    int maxIdleUpstreamPerAddress,
    Duration upstreamIdleTimeout,
    ClientLimits client) {

  ProxyLimits {
    if (maxInitialLineLength < 256 || maxHeaderSize < 1024) {
      throw new IllegalArgumentException("limits too small: " + maxInitialLineLength + "/" + maxHeaderSize);
    }
    if (drainTimeout.isNegative()) {
      throw new IllegalArgumentException("drainTimeout: " + drainTimeout + " (expected: not negative)");
    }
    requireNonNull(client, "client");
  }

  static ProxyLimits defaults() {
    return new ProxyLimits(
        8192, 32768, Duration.ofSeconds(10), 512, Duration.ofSeconds(60), ClientLimits.defaults());
  }

  Duration headerTimeout() {
    return client.headerTimeout();
  }

  Duration idleTimeout() {
    return client.idleTimeout();
  }

  ProxyLimits withTimeouts(Duration header, Duration idle) {
    return withClient(client.withTimeouts(header, idle));
  }

  ProxyLimits withClient(ClientLimits limits) {
    return new ProxyLimits(
        maxInitialLineLength, maxHeaderSize, drainTimeout, maxIdleUpstreamPerAddress,
        upstreamIdleTimeout, limits);
  }
}
