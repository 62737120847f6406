package io.causeway.ui;

import io.javalin.http.Context;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code /ui/api/v2/...} to {@code /v2/...} of the API with the session's bearer token. Only plain
 * API paths pass (no dot segments, no escapes), so nothing outside {@code /v2} can be reached
 * through the session.
 */
final class ApiProxy {
  static final String PATH = "/ui/api";
  private static final Pattern API_PATH = Pattern.compile("/v2(/[A-Za-z0-9_~-][A-Za-z0-9._~-]*)+");
  private static final Pattern QUERY = Pattern.compile("[A-Za-z0-9._~%=&+\\-\\[\\]]*");
  private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

  private final SessionEndpoints sessions;
  private final Upstream upstream;

  ApiProxy(SessionEndpoints sessions, Upstream upstream) {
    this.sessions = sessions;
    this.upstream = upstream;
  }

  void forward(Context ctx) {
    ctx.header("Cache-Control", "no-store");
    Optional<Session> found = sessions.session(ctx);
    if (found.isEmpty()) {
      Answers.problem(ctx, 401, "Unauthorized", "Sign in first (the session ended or expired)");
      return;
    }
    Session session = found.get();
    String method = ctx.method().name();
    if (!SAFE_METHODS.contains(method)
        && (!SessionEndpoints.csrfMatches(ctx, session) || !SessionEndpoints.sameOrigin(ctx))) {
      Answers.problem(ctx, 403, "Forbidden", "Missing or wrong " + WebUi.CSRF_HEADER + " header");
      return;
    }
    String path = ctx.path().substring(PATH.length());
    String query = Optional.ofNullable(ctx.queryString()).orElse("");
    if (!API_PATH.matcher(path).matches()
        || path.contains("/..")
        || !QUERY.matcher(query).matches()) {
      Answers.problem(ctx, 400, "Bad Request", "Not an API path: " + path);
      return;
    }
    Upstream.Answer answer;
    try {
      answer =
          upstream.send(
              method,
              query.isEmpty() ? path : path + "?" + query,
              session.token(),
              Optional.ofNullable(ctx.contentType()),
              ctx.bodyAsBytes());
    } catch (IOException e) {
      Answers.problem(ctx, 502, "Bad Gateway", "The API could not be reached: " + e.getMessage());
      return;
    }
    if (answer.status() == 401) {
      // The token was revoked meanwhile: the session is worth nothing any more.
      sessions.end(ctx, session);
    }
    answer.contentType().ifPresent(ctx::contentType);
    answer.retryAfter().ifPresent(s -> ctx.header("Retry-After", s));
    ctx.status(answer.status()).result(answer.body());
  }
}
