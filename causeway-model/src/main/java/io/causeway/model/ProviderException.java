package io.causeway.model;

import java.time.Duration;
import java.util.Optional;

/**
 * A provider call failed in a way that may pass on retry (unreachable, throttled, server error).
 * The reconciler records the message in {@code state_metadata} and retries with backoff, no
 * sooner than {@link #retryAfter()} when the provider said so. The message must never contain a
 * secret.
 */
public class ProviderException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient Optional<Duration> retryAfter;

  public ProviderException(String message, Optional<Duration> retryAfter, Throwable cause) {
    super(message, cause);
    this.retryAfter = retryAfter;
  }

  public ProviderException(String message) {
    this(message, Optional.empty(), null);
  }

  public Optional<Duration> retryAfter() {
    return retryAfter;
  }
}
