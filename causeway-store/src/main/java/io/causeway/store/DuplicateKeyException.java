package io.causeway.store;

import java.util.Optional;

/**
 * A unique constraint refused the write (SQLSTATE 23505): a name already in use, a token hash
 * seen before. {@link #constraint()} names the constraint when the store recognises it, e.g.
 * {@code networks_organization_name_key}.
 */
public final class DuplicateKeyException extends StoreException {
  private final String constraint;

  DuplicateKeyException(Optional<String> constraint, Throwable cause) {
    super("duplicate key" + constraint.map(c -> " (" + c + ")").orElse(""), cause);
    this.constraint = constraint.orElse(null);
  }

  public Optional<String> constraint() {
    return Optional.ofNullable(constraint);
  }
}
