package io.causeway.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * Which audit rows to list: every given condition must hold. {@code actor} matches the token id
 * or the token name; {@code since} is inclusive, {@code until} exclusive.
 */
public record AuditQuery(
    Optional<String> entityKind,
    Optional<String> entityId,
    Optional<String> actor,
    Optional<Instant> since,
    Optional<Instant> until) {

  public AuditQuery {
    requireNonNull(entityKind, "entityKind");
    requireNonNull(entityId, "entityId");
    requireNonNull(actor, "actor");
    requireNonNull(since, "since");
    requireNonNull(until, "until");
  }

  /** Every row. */
  public static AuditQuery all() {
    return new AuditQuery(
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }
}
