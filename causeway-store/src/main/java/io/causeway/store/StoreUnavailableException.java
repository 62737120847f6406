package io.causeway.store;

/** The database cannot be reached (connection refused, pool exhausted, server shutting down). */
public final class StoreUnavailableException extends StoreException {
  StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
