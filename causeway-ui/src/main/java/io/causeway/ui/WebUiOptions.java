package io.causeway.ui;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * How the web UI reaches the API it fronts and how long its sessions live.
 *
 * @param apiBase the API's own base URI ({@code http://127.0.0.1:8001}), asked on every call
 *     because a server started on port 0 knows its port only after it listens
 * @param apiTls trust for the loopback calls when the API serves HTTPS with its own certificate
 * @param idleTimeout a session unused this long is forgotten (the user signs in again)
 * @param maxLifetime a session older than this is forgotten however busy it is
 * @param clock the time source for expiry
 */
public record WebUiOptions(
    Supplier<URI> apiBase,
    Optional<SSLContext> apiTls,
    Duration idleTimeout,
    Duration maxLifetime,
    Clock clock) {
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(30);
  public static final Duration DEFAULT_MAX_LIFETIME = Duration.ofHours(12);

  public WebUiOptions {
    requireNonNull(apiBase, "apiBase");
    requireNonNull(apiTls, "apiTls");
    requireNonNull(idleTimeout, "idleTimeout");
    requireNonNull(maxLifetime, "maxLifetime");
    requireNonNull(clock, "clock");
    if (idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException("idleTimeout: " + idleTimeout + " (expected: > 0)");
    }
    if (maxLifetime.compareTo(idleTimeout) < 0) {
      throw new IllegalArgumentException(
          "maxLifetime: " + maxLifetime + " (expected: >= idleTimeout " + idleTimeout + ")");
    }
  }

  /** Plain HTTP to the API, default expiry, the system clock. */
  public static WebUiOptions of(Supplier<URI> apiBase) {
    return new WebUiOptions(
        apiBase, Optional.empty(), DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_LIFETIME, Clock.systemUTC());
  }

  /** The same options with trust for an API that serves HTTPS. */
  public WebUiOptions withApiTls(SSLContext tls) {
    return new WebUiOptions(apiBase, Optional.of(tls), idleTimeout, maxLifetime, clock);
  }

  /**
   * The same options, trusting the certificates of {@code keyStore} (the API's own key store) for
   * the loopback calls. The certificate must name the host of {@code apiBase}.
   */
  public WebUiOptions withApiTrust(KeyStore keyStore) {
    requireNonNull(keyStore, "keyStore");
    try {
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(keyStore);
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(null, trust.getTrustManagers(), null);
      return withApiTls(tls);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot trust the API's key store: " + e.getMessage(), e);
    }
  }

  /** The same options with another clock (tests). */
  public WebUiOptions withClock(Clock other) {
    return new WebUiOptions(apiBase, apiTls, idleTimeout, maxLifetime, other);
  }
}
