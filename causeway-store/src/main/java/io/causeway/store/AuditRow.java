package io.causeway.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A row of {@code audit_log}: one change attempted through the API by an authenticated caller.
 * {@code beforeJson} and {@code afterJson} are JSON documents the control plane has already
 * redacted; the store never looks inside them.
 *
 * @param route the pattern of the route that matched, e.g. {@code /v2/tokens/{tokenId}}
 * @param status the HTTP status answered
 */
public record AuditRow(
    UUID id,
    UUID organizationId,
    Instant createdAt,
    String requestId,
    UUID actorTokenId,
    String actorTokenName,
    String method,
    String path,
    String route,
    Optional<String> entityKind,
    Optional<String> entityId,
    int status,
    Optional<String> beforeJson,
    Optional<String> afterJson) {

  public AuditRow {
    requireNonNull(id, "id");
    requireNonNull(organizationId, "organizationId");
    requireNonNull(createdAt, "createdAt");
    requireNonNull(requestId, "requestId");
    requireNonNull(actorTokenId, "actorTokenId");
    requireNonNull(actorTokenName, "actorTokenName");
    requireNonNull(method, "method");
    requireNonNull(path, "path");
    requireNonNull(route, "route");
    requireNonNull(entityKind, "entityKind");
    requireNonNull(entityId, "entityId");
    requireNonNull(beforeJson, "beforeJson");
    requireNonNull(afterJson, "afterJson");
  }
}
