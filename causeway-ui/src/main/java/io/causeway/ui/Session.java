package io.causeway.ui;

import java.time.Instant;

/**
 * One signed-in browser: the API token it signed in with (held here only, never sent to the
 * browser) and the value its unsafe requests must echo in {@link WebUi#CSRF_HEADER}.
 */
record Session(String id, String token, String csrf, Instant createdAt, Instant lastUsedAt) {
  Session touched(Instant now) {
    return new Session(id, token, csrf, createdAt, now);
  }

  /** Never prints the token or the ids a thief could replay. */
  @Override
  public String toString() {
    return "Session[created " + createdAt + ", last used " + lastUsedAt + "]";
  }
}
