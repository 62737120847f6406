package io.causeway.store;

/**
 * The database cannot serve now: connection refused, pool exhausted, server shutting down, file
 * in use by another process, or contention a retry resolves (deadlock, lock timeout). The API
 * answers 503; retrying later may succeed.
 */
public final class StoreUnavailableException extends StoreException {
  StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
