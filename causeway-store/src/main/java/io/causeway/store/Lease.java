package io.causeway.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A row claimed by one reconciler replica: until {@code until}, only {@code owner} may write the
 * row's state or release it, and no other replica claims it.
 *
 * @param row the row as it was when claimed (its lease columns already show this lease)
 */
public record Lease<T>(T row, String owner, Instant until) {
  public Lease {
    requireNonNull(row, "row");
    requireNonNull(owner, "owner");
    requireNonNull(until, "until");
  }
}
