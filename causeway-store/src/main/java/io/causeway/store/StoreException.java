package io.causeway.store;

/**
 * A store operation failed. Subclasses name the outcomes a caller can act on: {@link
 * DuplicateKeyException} (a unique name or key is taken: 409), {@link ReferenceException} (a row
 * is still referenced, or references a missing one: 409), {@link StoreUnavailableException}
 * (the database cannot be reached: 503). Anything else is a bug or a broken database (500).
 */
public class StoreException extends RuntimeException {
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }

  public StoreException(String message) {
    super(message);
  }
}
