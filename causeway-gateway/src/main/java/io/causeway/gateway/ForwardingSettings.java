package io.causeway.gateway;

import java.time.Duration;

/**
 * Tuning of the forwarding resolver; Kong's DNS client settings are the model.
 *
 * @param queryTimeout how long one query to one server may take
 * @param attempts passes over an entry's server list before the lookup counts as failed
 * @param minTtl floor for the TTL of positive answers (also what a TTL of 0 becomes)
 * @param maxTtl ceiling for the TTL of positive answers
 * @param maxNegativeTtl ceiling for NXDOMAIN/NODATA caching; the SOA minimum decides below it
 * @param defaultNegativeTtl NXDOMAIN/NODATA caching when the answer carries no SOA
 * @param staleTtl how long after expiry an answer may still be served when every server of its
 *     entry fails (Kong's {@code dns_stale_ttl})
 * @param staleRetry how often a stale answer's background refresh is retried
 * @param refreshAhead a hit with less TTL left than this (and than a quarter of the TTL) starts a
 *     background refresh, so a name in use never expires on the request path
 * @param maxEntries cache size; beyond it the entries expiring first are dropped
 */
record ForwardingSettings(
    Duration queryTimeout,
    int attempts,
    Duration minTtl,
    Duration maxTtl,
    Duration maxNegativeTtl,
    Duration defaultNegativeTtl,
    Duration staleTtl,
    Duration staleRetry,
    Duration refreshAhead,
    int maxEntries) {

  ForwardingSettings {
    requirePositive("queryTimeout", queryTimeout);
    requireNotNegative("minTtl", minTtl);
    requirePositive("maxTtl", maxTtl);
    requireNotNegative("maxNegativeTtl", maxNegativeTtl);
    requireNotNegative("defaultNegativeTtl", defaultNegativeTtl);
    requireNotNegative("staleTtl", staleTtl);
    requirePositive("staleRetry", staleRetry);
    requireNotNegative("refreshAhead", refreshAhead);
    if (attempts < 1 || attempts > 10) {
      throw new IllegalArgumentException("attempts: " + attempts + " (expected: 1-10)");
    }
    if (minTtl.compareTo(maxTtl) > 0) {
      throw new IllegalArgumentException(
          "minTtl: " + minTtl + " (expected: at most maxTtl " + maxTtl + ")");
    }
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries: " + maxEntries + " (expected: at least 1)");
    }
  }

  /**
   * Kong's defaults where it has one: 2 s timeout, stale for an hour, not-found for 30 s; a
   * refresh starts in the last quarter of a TTL (at most the last 30 s).
   */
  static ForwardingSettings defaults() {
    return new ForwardingSettings(
        Duration.ofSeconds(2),
        2,
        Duration.ofSeconds(1),
        Duration.ofHours(1),
        Duration.ofMinutes(5),
        Duration.ofSeconds(30),
        Duration.ofHours(1),
        Duration.ofSeconds(1),
        Duration.ofSeconds(30),
        10_000);
  }

  ForwardingSettings withQueryTimeout(Duration timeout) {
    return new ForwardingSettings(timeout, attempts, minTtl, maxTtl, maxNegativeTtl,
        defaultNegativeTtl, staleTtl, staleRetry, refreshAhead, maxEntries);
  }

  ForwardingSettings withAttempts(int n) {
    return new ForwardingSettings(queryTimeout, n, minTtl, maxTtl, maxNegativeTtl,
        defaultNegativeTtl, staleTtl, staleRetry, refreshAhead, maxEntries);
  }

  ForwardingSettings withTtlBounds(Duration min, Duration max) {
    return new ForwardingSettings(queryTimeout, attempts, min, max, maxNegativeTtl,
        defaultNegativeTtl, staleTtl, staleRetry, refreshAhead, maxEntries);
  }

  ForwardingSettings withStaleTtl(Duration stale) {
    return new ForwardingSettings(queryTimeout, attempts, minTtl, maxTtl, maxNegativeTtl,
        defaultNegativeTtl, stale, staleRetry, refreshAhead, maxEntries);
  }

  ForwardingSettings withRefreshAhead(Duration ahead) {
    return new ForwardingSettings(queryTimeout, attempts, minTtl, maxTtl, maxNegativeTtl,
        defaultNegativeTtl, staleTtl, staleRetry, ahead, maxEntries);
  }

  ForwardingSettings withMaxEntries(int n) {
    return new ForwardingSettings(queryTimeout, attempts, minTtl, maxTtl, maxNegativeTtl,
        defaultNegativeTtl, staleTtl, staleRetry, refreshAhead, n);
  }

  private static void requirePositive(String field, Duration d) {
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(field + ": " + d + " (expected: positive)");
    }
  }

  private static void requireNotNegative(String field, Duration d) {
    if (d.isNegative()) {
      throw new IllegalArgumentException(field + ": " + d + " (expected: zero or more)");
    }
  }
}
