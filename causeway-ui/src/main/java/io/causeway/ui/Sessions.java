package io.causeway.ui;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sessions in memory: they end on sign-out, after {@code idle} without use, after {@code lifetime}
 * in any case, and when the process stops (users sign in again; tokens stay valid).
 */
final class Sessions {
  private final Map<String, Session> byId = new ConcurrentHashMap<>();
  private final SecureRandom random;
  private final Clock clock;
  private final Duration idle;
  private final Duration lifetime;

  Sessions(SecureRandom random, Clock clock, Duration idle, Duration lifetime) {
    this.random = random;
    this.clock = clock;
    this.idle = idle;
    this.lifetime = lifetime;
  }

  Session open(String token) {
    Instant now = clock.instant();
    byId.values().removeIf(s -> expired(s, now));
    Session session = new Session(secret(), token, secret(), now, now);
    byId.put(session.id(), session);
    return session;
  }

  /** The live session with this id, marked as used now. */
  Optional<Session> use(String id) {
    Instant now = clock.instant();
    Session found = byId.get(id);
    if (found == null) {
      return Optional.empty();
    }
    if (expired(found, now)) {
      byId.remove(id, found);
      return Optional.empty();
    }
    Session touched = found.touched(now);
    byId.replace(id, found, touched);
    return Optional.of(touched);
  }

  void close(String id) {
    byId.remove(id);
  }

  int size() {
    return byId.size();
  }

  private boolean expired(Session session, Instant now) {
    return !now.isBefore(session.lastUsedAt().plus(idle))
        || !now.isBefore(session.createdAt().plus(lifetime));
  }

  /** 256 random bits: session ids and CSRF values cannot be guessed. */
  private String secret() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
