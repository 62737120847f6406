package io.causeway.store;

import java.util.Optional;

/**
 * A foreign key refused the write (SQLSTATE 23503): deleting a row others still reference, or
 * inserting one that references a missing row. {@link #constraint()} names the constraint when
 * the store recognises it, e.g. {@code transit_gateways_network_fkey}.
 */
public final class ReferenceException extends StoreException {
  private final String constraint;

  ReferenceException(Optional<String> constraint, Throwable cause) {
    super("reference violation" + constraint.map(c -> " (" + c + ")").orElse(""), cause);
    this.constraint = constraint.orElse(null);
  }

  public Optional<String> constraint() {
    return Optional.ofNullable(constraint);
  }
}
