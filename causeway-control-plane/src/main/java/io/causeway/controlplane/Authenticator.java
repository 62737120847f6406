package io.causeway.controlplane;

import io.causeway.store.Store;
import io.causeway.store.TokenRow;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * Checks {@code Authorization: Bearer <token>} against the stored SHA-256 hashes. Missing,
 * malformed, unknown and revoked tokens all answer the same 401 (nothing tells them apart), and
 * count as failures for the client address's {@link FailedAuthLimiter}. Tokens are never logged.
 */
final class Authenticator {
  static final String ATTRIBUTE = "causeway.principal";
  private static final String BEARER = "Bearer ";

  private final Store store;
  private final FailedAuthLimiter limiter;
  private final Clock clock;
  private final UUID operatorOrganization;

  /**
   * @param operatorOrganization the organisation made on first start: its admin tokens are the
   *     operator's
   */
  Authenticator(
      Store store, FailedAuthLimiter limiter, Clock clock, UUID operatorOrganization) {
    this.store = store;
    this.limiter = limiter;
    this.clock = clock;
    this.operatorOrganization = operatorOrganization;
  }

  void authenticate(Context ctx) {
    String address = ctx.ip();
    Optional<Duration> blocked = limiter.blockedFor(address);
    if (blocked.isPresent()) {
      long seconds = Math.max(1, (blocked.get().toMillis() + 999) / 1000);
      throw ApiException.tooManyRequests(seconds);
    }
    Optional<TokenRow> token = bearer(ctx).flatMap(t -> store.tokens().findByHash(Tokens.hash(t)));
    if (token.isEmpty() || token.get().revoked()) {
      limiter.recordFailure(address);
      throw ApiException.unauthorized();
    }
    TokenRow row = token.get();
    // One write per minute per token at most: last use is for humans, not an audit log.
    if (row.lastUsedAt().map(t -> t.isBefore(clock.instant().minusSeconds(60))).orElse(true)) {
      store.tokens().touch(row.id(), clock.instant());
    }
    // A role this version does not know grants the least, never more.
    Role role = Role.fromWire(row.role()).orElse(Role.VIEWER);
    ctx.attribute(ATTRIBUTE, new Principal(row.organizationId(), row.id(), row.name(), role,
        role == Role.ADMIN && row.organizationId().equals(operatorOrganization)));
  }

  static Principal principal(Context ctx) {
    Principal principal = ctx.attribute(ATTRIBUTE);
    if (principal == null) {
      throw ApiException.unauthorized();
    }
    return principal;
  }

  private static Optional<String> bearer(Context ctx) {
    String header = ctx.header("Authorization");
    if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return Optional.empty();
    }
    String token = header.substring(BEARER.length()).trim();
    return token.startsWith(Tokens.PREFIX) ? Optional.of(token) : Optional.empty();
  }
}
