package io.causeway.gateway;

import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Request ids unique per process and hard to guess across restarts: a random 64-bit prefix drawn
 * at start plus a counter, as 32 hex digits. Cheap enough for every request.
 */
final class RequestIds {

  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private final byte[] prefix;
  private final AtomicLong counter = new AtomicLong();

  RequestIds(long seed) {
    this.prefix = String.format("%016x", seed).getBytes(StandardCharsets.US_ASCII);
  }

  static RequestIds random() {
    return new RequestIds(new java.security.SecureRandom().nextLong());
  }

  String next() {
    return nextAscii().toString();
  }

  /**
   * The next id as ASCII bytes: one array per request, no formatting or concatenation, and a
   * header value the HTTP encoders copy in bulk (a String is written a char at a time).
   */
  AsciiString nextAscii() {
    byte[] id = Arrays.copyOf(prefix, 32);
    long n = counter.incrementAndGet();
    for (int i = 31; i >= 16; i--) {
      id[i] = HEX[(int) (n & 0xf)];
      n >>>= 4;
    }
    return new AsciiString(id, false);
  }
}
