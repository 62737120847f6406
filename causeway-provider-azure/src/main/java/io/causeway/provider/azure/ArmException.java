package io.causeway.provider.azure;

import java.time.Duration;
import java.util.Optional;

/**
 * ARM answered with an error (after the client's own retries), or could not be reached. The
 * provider maps {@link #code()} to a precise state; what it cannot map becomes a {@code
 * ProviderException}. The message holds ARM's text, never a token.
 */
final class ArmException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final String code;
  private final transient Optional<Duration> retryAfter;

  ArmException(int status, String code, String message, Optional<Duration> retryAfter) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.retryAfter = retryAfter;
  }

  /** HTTP status, or 0 when ARM was not reached. */
  int status() {
    return status;
  }

  String code() {
    return code;
  }

  Optional<Duration> retryAfter() {
    return retryAfter;
  }

  /** Throttled, a server error, or unreachable: the same request may succeed later. */
  boolean isTransient() {
    return status == 0 || status == 429 || status >= 500
        || code.equals("ReferencedResourceNotProvisioned")
        || code.equals("AnotherOperationInProgress")
        || code.equals("RetryableError");
  }
}
