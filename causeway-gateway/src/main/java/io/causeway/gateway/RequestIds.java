package io.causeway.gateway;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Request ids unique per process and hard to guess across restarts: a random 64-bit prefix drawn
 * at start plus a counter, as 32 hex digits. Cheap enough for every request.
 */
final class RequestIds {

  private final String prefix;
  private final AtomicLong counter = new AtomicLong();

  RequestIds(long seed) {
    this.prefix = String.format("%016x", seed);
  }

  static RequestIds random() {
    return new RequestIds(new java.security.SecureRandom().nextLong());
  }

  String next() {
    String n = Long.toHexString(counter.incrementAndGet());
    return prefix + "0".repeat(16 - n.length()) + n;
  }
}
