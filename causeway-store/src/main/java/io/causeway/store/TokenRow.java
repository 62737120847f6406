package io.causeway.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A row of {@code api_tokens}. The token itself is never stored, only its SHA-256 as 64
 * lower-case hex digits.
 */
public record TokenRow(
    UUID id,
    UUID organizationId,
    String name,
    String tokenHash,
    String role,
    Instant createdAt,
    Optional<Instant> lastUsedAt,
    boolean revoked) {

  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

  public TokenRow {
    requireNonNull(id, "id");
    requireNonNull(organizationId, "organizationId");
    requireNonNull(name, "name");
    requireNonNull(tokenHash, "tokenHash");
    requireNonNull(role, "role");
    requireNonNull(createdAt, "createdAt");
    requireNonNull(lastUsedAt, "lastUsedAt");
    if (!SHA256_HEX.matcher(tokenHash).matches()) {
      throw new IllegalArgumentException(
          "tokenHash: not a SHA-256 (expected: 64 lower-case hex digits)");
    }
  }

  /** A fresh, unused, unrevoked token row to insert; the store stamps {@code createdAt}. */
  public static TokenRow create(
      UUID id, UUID organizationId, String name, String tokenHash, String role) {
    return new TokenRow(
        id, organizationId, name, tokenHash, role, Instant.EPOCH, Optional.empty(), false);
  }

  @Override
  public String toString() {
    return "TokenRow[id=" + id + ", organizationId=" + organizationId + ", name=" + name
        + ", role=" + role + ", createdAt=" + createdAt + ", lastUsedAt=" + lastUsedAt
        + ", revoked=" + revoked + "]";
  }
}
