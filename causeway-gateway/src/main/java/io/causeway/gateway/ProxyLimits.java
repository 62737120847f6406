package io.causeway.gateway;

import java.time.Duration;

/**
 * Downstream protection limits. Defaults follow nginx's spirit: a request line over 8 KiB gets
 * 414, a header section over 32 KiB gets 431, headers must arrive within 30 s of the connection
 * or the previous response (slowloris), and an idle keep-alive connection closes after 60 s.
 */
record ProxyLimits(
    int maxInitialLineLength,
    int maxHeaderSize,
    int maxChunkSize,
    Duration headerTimeout,
    Duration idleTimeout,
    Duration drainTimeout,
    int maxIdleUpstreamPerAddress,
    Duration upstreamIdleTimeout) {

  ProxyLimits {
    if (maxInitialLineLength < 256 || maxHeaderSize < 1024 || maxChunkSize < 1024) {
      throw new IllegalArgumentException("limits too small: " + maxInitialLineLength + "/" + maxHeaderSize);
    }
    if (!headerTimeout.isPositive() || !idleTimeout.isPositive() || drainTimeout.isNegative()) {
      throw new IllegalArgumentException("timeouts: must be positive");
    }
  }

  static ProxyLimits defaults() {
    return new ProxyLimits(
        8192, 32768, 16384, Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(10),
        512, Duration.ofSeconds(60));
  }

  ProxyLimits withTimeouts(Duration header, Duration idle) {
    return new ProxyLimits(
        maxInitialLineLength, maxHeaderSize, maxChunkSize, header, idle, drainTimeout,
        maxIdleUpstreamPerAddress, upstreamIdleTimeout);
  }
}
