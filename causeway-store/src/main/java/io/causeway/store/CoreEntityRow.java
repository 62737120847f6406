package io.causeway.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A row of {@code core_entities}: one service, route, upstream or target of a control plane.
 *
 * @param uniqueKey what must be unique per control plane and kind (a name, or a target's upstream
 *     id and address); empty when the entity has no name
 * @param parentId the service of a route, the upstream of a target
 * @param document the entity as a JSON object the control plane encodes; the store never looks
 *     inside
 */
public record CoreEntityRow(
    UUID id,
    UUID controlPlaneId,
    CoreEntityKind kind,
    Optional<String> uniqueKey,
    Optional<UUID> parentId,
    String document,
    Instant createdAt,
    Instant updatedAt) {

  public CoreEntityRow {
    requireNonNull(id, "id");
    requireNonNull(controlPlaneId, "controlPlaneId");
    requireNonNull(kind, "kind");
    requireNonNull(uniqueKey, "uniqueKey");
    requireNonNull(parentId, "parentId");
    requireNonNull(document, "document");
    requireNonNull(createdAt, "createdAt");
    requireNonNull(updatedAt, "updatedAt");
  }

  /** A row to insert or update; the store stamps {@code createdAt} and {@code updatedAt}. */
  public static CoreEntityRow create(
      UUID id,
      UUID controlPlaneId,
      CoreEntityKind kind,
      Optional<String> uniqueKey,
      Optional<UUID> parentId,
      String document) {
    return new CoreEntityRow(
        id, controlPlaneId, kind, uniqueKey, parentId, document, Instant.EPOCH, Instant.EPOCH);
  }
}
