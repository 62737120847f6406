package io.causeway.store;

/**
 * A backup or restore was refused or failed: the message says what was found and what was
 * expected (schema version, an empty store, a table the dump lacks), and is safe to show.
 */
public final class BackupException extends StoreException {
  public BackupException(String message) {
    super(message);
  }

  public BackupException(String message, Throwable cause) {
    super(message, cause);
  }
}
