package io.causeway.gateway;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * What one downstream client may hold of a data plane: the defences against slow and hostile
 * clients (slowloris, slow POST, slow read, HTTP/2 rapid reset). Immutable; validated on
 * construction.
 *
 * @param headerTimeout a request's header section must be complete within this time of its first
 *     byte (slowloris); the connection closes otherwise
 * @param idleTimeout a keep-alive connection with no request in flight closes after this time
 * @param bodyTimeout the time a request body may spend waiting for the client beyond what {@code
 *     bodyMinRate} earns it: the wait allowed is {@code bodyTimeout + bytesReceived / bodyMinRate}
 *     (Apache's mod_reqtimeout model, slow POST). Only time the proxy was ready to read counts, so
 *     a slow upstream never makes a client late. Exceeded: 408 and the connection closes
 * @param bodyMinRate bytes per second that extend the body deadline; at least 1
 * @param sendTimeout a response write to the client that makes no progress for this long closes
 *     the connection (HTTP/1) or the stream (HTTP/2): a client that does not read (slow read)
 *     cannot hold an upstream connection
 * @param maxConnectionsPerAddress open downstream connections per client IP address; more are
 *     closed as soon as they are accepted, before any byte is read; 0 for no limit
 * @param http2MaxConcurrentStreams SETTINGS_MAX_CONCURRENT_STREAMS announced to HTTP/2 clients
 * @param http2MaxResets RST_STREAM frames a client may send (and the server may be provoked to
 *     send, "MadeYouReset") per {@code http2ResetWindow} on one connection before it gets GOAWAY
 *     ENHANCE_YOUR_CALM (CVE-2023-44487, rapid reset)
 * @param http2ResetWindow the window of {@code http2MaxResets}, in whole seconds
 */
public record ClientLimits(
    Duration headerTimeout,
    Duration idleTimeout,
    Duration bodyTimeout,
    int bodyMinRate,
    Duration sendTimeout,
    int maxConnectionsPerAddress,
    int http2MaxConcurrentStreams,
    int http2MaxResets,
    Duration http2ResetWindow) {

  public ClientLimits {
    positive("headerTimeout", headerTimeout);
    positive("idleTimeout", idleTimeout);
    positive("bodyTimeout", bodyTimeout);
    positive("sendTimeout", sendTimeout);
    requireNonNull(http2ResetWindow, "http2ResetWindow");
    if (bodyMinRate < 1) {
      throw new IllegalArgumentException("bodyMinRate: " + bodyMinRate + " (expected: at least 1 byte/s)");
    }
    if (maxConnectionsPerAddress < 0) {
      throw new IllegalArgumentException(
          "maxConnectionsPerAddress: " + maxConnectionsPerAddress + " (expected: 0 for no limit, or more)");
    }
    if (http2MaxConcurrentStreams < 1) {
      throw new IllegalArgumentException(
          "http2MaxConcurrentStreams: " + http2MaxConcurrentStreams + " (expected: at least 1)");
    }
    if (http2MaxResets < 1) {
      throw new IllegalArgumentException("http2MaxResets: " + http2MaxResets + " (expected: at least 1)");
    }
    if (http2ResetWindow.toSeconds() < 1 || http2ResetWindow.toSeconds() > 3600) {
      throw new IllegalArgumentException(
          "http2ResetWindow: " + http2ResetWindow + " (expected: 1s-1h in whole seconds)");
    }
  }

  private static void positive(String field, Duration d) {
    requireNonNull(d, field);
    if (!d.isPositive()) {
      throw new IllegalArgumentException(field + ": " + d + " (expected: a positive duration)");
    }
  }

  /**
   * Headers within 30 s, idle keep-alive 60 s, body 30 s plus 1 s per KiB received, a write
   * stalled 60 s, 4,096 connections per address (far above a browser's 6, far below what exhausts
   * file descriptors), 128 concurrent HTTP/2 streams (nginx's and Kong's default), 200 resets per
   * 30 s (Netty's default since the rapid reset advisory).
   */
  public static ClientLimits defaults() {
    return new ClientLimits(
        Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(30), 1024,
        Duration.ofSeconds(60), 4096, 128, 200, Duration.ofSeconds(30));
  }

  public ClientLimits withTimeouts(Duration header, Duration idle) {
    return new ClientLimits(header, idle, bodyTimeout, bodyMinRate, sendTimeout,
        maxConnectionsPerAddress, http2MaxConcurrentStreams, http2MaxResets, http2ResetWindow);
  }

  public ClientLimits withBody(Duration timeout, int minRate) {
    return new ClientLimits(headerTimeout, idleTimeout, timeout, minRate, sendTimeout,
        maxConnectionsPerAddress, http2MaxConcurrentStreams, http2MaxResets, http2ResetWindow);
  }

  public ClientLimits withSendTimeout(Duration timeout) {
    return new ClientLimits(headerTimeout, idleTimeout, bodyTimeout, bodyMinRate, timeout,
        maxConnectionsPerAddress, http2MaxConcurrentStreams, http2MaxResets, http2ResetWindow);
  }

  public ClientLimits withMaxConnectionsPerAddress(int max) {
    return new ClientLimits(headerTimeout, idleTimeout, bodyTimeout, bodyMinRate, sendTimeout,
        max, http2MaxConcurrentStreams, http2MaxResets, http2ResetWindow);
  }

  public ClientLimits withHttp2(int maxConcurrentStreams, int maxResets, Duration resetWindow) {
    return new ClientLimits(headerTimeout, idleTimeout, bodyTimeout, bodyMinRate, sendTimeout,
        maxConnectionsPerAddress, maxConcurrentStreams, maxResets, resetWindow);
  }
}
