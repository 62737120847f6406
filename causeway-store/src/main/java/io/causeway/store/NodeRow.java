package io.causeway.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A row of {@code cluster_nodes}: a data plane that joined a control plane.
 *
 * @param certFingerprint SHA-256 (hex) of the client certificate issued at the join
 * @param configHash the hash of the configuration the node last reported serving
 * @param lastPing when the node last pinged; empty before its first ping
 * @param networkId the network the node was bound to by its join token (for good); empty: in
 *     no network (no DNS forwarding)
 */
public record NodeRow(
    UUID id,
    UUID controlPlaneId,
    String hostname,
    String version,
    String certFingerprint,
    Optional<String> configHash,
    Optional<Instant> lastPing,
    Instant createdAt,
    Instant updatedAt,
    Optional<UUID> networkId) {

  public NodeRow {
    requireNonNull(id, "id");
    requireNonNull(controlPlaneId, "controlPlaneId");
    requireNonNull(hostname, "hostname");
    requireNonNull(version, "version");
    requireNonNull(certFingerprint, "certFingerprint");
    requireNonNull(configHash, "configHash");
    requireNonNull(lastPing, "lastPing");
    requireNonNull(createdAt, "createdAt");
    requireNonNull(updatedAt, "updatedAt");
    requireNonNull(networkId, "networkId");
  }

  /** A node to insert; the store stamps the times. */
  public static NodeRow create(
      UUID id, UUID controlPlaneId, String hostname, String version, String certFingerprint) {
    return create(id, controlPlaneId, hostname, version, certFingerprint, Optional.empty());
  }

  /** A node to insert, bound to {@code networkId} (if present); the store stamps the times. */
  public static NodeRow create(
      UUID id, UUID controlPlaneId, String hostname, String version, String certFingerprint,
      Optional<UUID> networkId) {
    return new NodeRow(
        id, controlPlaneId, hostname, version, certFingerprint, Optional.empty(),
        Optional.empty(), Instant.EPOCH, Instant.EPOCH, networkId);
  }
}
