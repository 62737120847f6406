package io.causeway.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A row of {@code join_tokens}: a single-use, expiring data-plane join token, known by its
 * SHA-256 only.
 *
 * @param usedAt when the token was redeemed; empty while it is still usable
 * @param nodeId the node that redeemed it
 * @param networkId the network the redeeming node is bound to (its DNS forwarding comes from
 *     that network's ready transit gateways only); empty: a node in no network
 */
public record JoinTokenRow(
    UUID id,
    UUID controlPlaneId,
    String tokenHash,
    Instant createdAt,
    Instant expiresAt,
    Optional<Instant> usedAt,
    Optional<UUID> nodeId,
    Optional<UUID> networkId) {

  public JoinTokenRow {
    requireNonNull(id, "id");
    requireNonNull(controlPlaneId, "controlPlaneId");
    requireNonNull(tokenHash, "tokenHash");
    requireNonNull(createdAt, "createdAt");
    requireNonNull(expiresAt, "expiresAt");
    requireNonNull(usedAt, "usedAt");
    requireNonNull(nodeId, "nodeId");
    requireNonNull(networkId, "networkId");
  }

  /** A token to insert, expiring at {@code expiresAt}; the store stamps {@code createdAt}. */
  public static JoinTokenRow create(
      UUID id, UUID controlPlaneId, String tokenHash, Instant expiresAt) {
    return create(id, controlPlaneId, tokenHash, expiresAt, Optional.empty());
  }

  /** A token to insert that binds the node redeeming it to {@code networkId} (if present). */
  public static JoinTokenRow create(
      UUID id, UUID controlPlaneId, String tokenHash, Instant expiresAt,
      Optional<UUID> networkId) {
    return new JoinTokenRow(
        id, controlPlaneId, tokenHash, Instant.EPOCH, expiresAt, Optional.empty(),
        Optional.empty(), networkId);
  }
}
