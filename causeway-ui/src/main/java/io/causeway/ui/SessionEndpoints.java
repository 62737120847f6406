package io.causeway.ui;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Optional;

/** Sign in, who am I, sign out; and the session lookup every proxied call starts with. */
final class SessionEndpoints {
  static final String PATH = "/ui/session";
  private static final int MAX_TOKEN = 512;

  private final Sessions sessions;
  private final Upstream upstream;
  private final SignInLimiter limiter;

  SessionEndpoints(Sessions sessions, Upstream upstream, SignInLimiter limiter) {
    this.sessions = sessions;
    this.upstream = upstream;
    this.limiter = limiter;
  }

  /** {@code GET}: whether this browser is signed in, and its CSRF value if so. */
  void current(Context ctx) {
    ctx.header("Cache-Control", "no-store");
    Optional<Session> session = session(ctx);
    if (session.isEmpty()) {
      Answers.json(ctx, 200, "{\"signed_in\":false}");
      return;
    }
    Answers.json(ctx, 200, signedIn(session.get()));
  }

  /** {@code POST} with the form field {@code token}. */
  void open(Context ctx) {
    ctx.header("Cache-Control", "no-store");
    if (!sameOrigin(ctx)) {
      Answers.problem(ctx, 403, "Forbidden", "Sign-in from another site is refused");
      return;
    }
    String token = Optional.ofNullable(ctx.formParam("token")).map(String::strip).orElse("");
    if (token.isEmpty() || token.length() > MAX_TOKEN) {
      Answers.problem(
          ctx,
          400,
          "Bad Request",
          "Enter a personal access token (it starts with cw_ and is at most "
              + MAX_TOKEN
              + " characters)");
      return;
    }
    Optional<Duration> blocked = limiter.blockedFor(ctx.ip());
    if (blocked.isPresent()) {
      long seconds = Math.max(1, (blocked.get().toMillis() + 999) / 1000);
      ctx.header("Retry-After", Long.toString(seconds));
      Answers.problem(
          ctx,
          429,
          "Too Many Requests",
          "Too many failed sign-in attempts; try again in " + seconds + " seconds");
      return;
    }
    switch (upstream.check(token)) {
      case Upstream.TokenCheck.Accepted a -> {
        Session session = sessions.open(token);
        setCookie(ctx, session.id(), false);
        Answers.json(ctx, 201, signedIn(session));
      }
      case Upstream.TokenCheck.Rejected r -> {
        limiter.recordFailure(ctx.ip());
        Answers.problem(
            ctx,
            401,
            "Unauthorized",
            "This token was not accepted: it is unknown, mistyped or revoked");
      }
      case Upstream.TokenCheck.TooManyAttempts t -> {
        t.retryAfterSeconds().ifPresent(s -> ctx.header("Retry-After", s));
        Answers.problem(
            ctx,
            429,
            "Too Many Requests",
            "Too many failed sign-in attempts; try again in "
                + t.retryAfterSeconds().orElse("a few")
                + " seconds");
      }
      case Upstream.TokenCheck.Unavailable u ->
          Answers.problem(ctx, 502, "Bad Gateway", "The token could not be checked: " + u.why());
    }
  }

  /** {@code DELETE}: sign out (needs the CSRF header, so another site cannot sign you out). */
  void close(Context ctx) {
    Optional<Session> session = session(ctx);
    if (session.isPresent() && !csrfMatches(ctx, session.get())) {
      Answers.problem(ctx, 403, "Forbidden", "Missing or wrong " + WebUi.CSRF_HEADER + " header");
      return;
    }
    session.ifPresent(s -> sessions.close(s.id()));
    setCookie(ctx, "", true);
    ctx.status(204);
  }

  Optional<Session> session(Context ctx) {
    return Optional.ofNullable(ctx.cookie(WebUi.COOKIE))
        .filter(id -> !id.isEmpty())
        .flatMap(sessions::use);
  }

  void end(Context ctx, Session session) {
    sessions.close(session.id());
    setCookie(ctx, "", true);
  }

  static boolean csrfMatches(Context ctx, Session session) {
    String sent = ctx.header(WebUi.CSRF_HEADER);
    return sent != null
        && MessageDigest.isEqual(
            sent.getBytes(StandardCharsets.UTF_8), session.csrf().getBytes(StandardCharsets.UTF_8));
  }

  /** Browsers send {@code Origin} on cross-site POSTs; it must name this very server. */
  static boolean sameOrigin(Context ctx) {
    String origin = ctx.header("Origin");
    if (origin == null) {
      return true;
    }
    String host = ctx.header("Host");
    return host != null && origin.equalsIgnoreCase(ctx.scheme() + "://" + host);
  }

  private static String signedIn(Session session) {
    return "{\"signed_in\":true,\"csrf\":" + Answers.quote(session.csrf()) + "}";
  }

  private static void setCookie(Context ctx, String value, boolean expire) {
    StringBuilder cookie =
        new StringBuilder(WebUi.COOKIE)
            .append('=')
            .append(value)
            .append("; Path=/; HttpOnly; SameSite=Strict");
    if ("https".equalsIgnoreCase(ctx.scheme())) {
      cookie.append("; Secure");
    }
    if (expire) {
      cookie.append("; Max-Age=0");
    }
    ctx.header("Set-Cookie", cookie.toString());
  }
}
