package io.causeway.ui;

import static java.util.Objects.requireNonNull;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.security.SecureRandom;
import java.time.Duration;

/**
 * The gateway manager in the browser, added to a Javalin server beside the API.
 *
 * <p>Routes: {@code GET /} (the app) and {@code /ui/assets/**} (its static files from the jar);
 * {@code GET|POST|DELETE /ui/session} (sign in with an API token, which is checked against the API
 * and then kept server-side: the browser only holds the HttpOnly, SameSite=Strict cookie {@value
 * #COOKIE}); {@code /ui/api/v2/**} (the API, called over loopback with the session's token; unsafe
 * methods need the session's {@value #CSRF_HEADER} header).
 *
 * <p>Thread-safe; handlers block on the loopback call, so the server should run them on virtual
 * threads (as the control plane does).
 */
public final class WebUi {
  /** The session cookie; its value is a random id, never the token. */
  public static final String COOKIE = "causeway_session";

  /** The header unsafe requests must carry, with the value {@code /ui/session} handed out. */
  public static final String CSRF_HEADER = "X-Causeway-CSRF";

  private static final String ASSETS = "/ui/assets/";

  /** Failed sign-ins a client may make at once, and how fast it may make more. */
  private static final int SIGN_IN_BURST = 10;

  private static final Duration SIGN_IN_REFILL = Duration.ofSeconds(30);
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none';"
          + " form-action 'self'";

  static final String PERMISSIONS_POLICY =
      "camera=(), microphone=(), geolocation=(), payment=(), usb=(), clipboard-read=()";

  private WebUi() {}

  /** Adds the UI's routes; call once per server, inside {@code Javalin.create}. */
  public static void register(RoutesConfig routes, WebUiOptions options) {
    requireNonNull(routes, "routes");
    requireNonNull(options, "options");
    Sessions sessions =
        new Sessions(
            new SecureRandom(), options.clock(), options.idleTimeout(), options.maxLifetime());
    Upstream upstream = new Upstream(options.apiBase(), options.apiTls());
    Assets assets = new Assets();
    SessionEndpoints signIn =
        new SessionEndpoints(
            sessions, upstream, new SignInLimiter(options.clock(), SIGN_IN_BURST, SIGN_IN_REFILL));
    ApiProxy proxy = new ApiProxy(signIn, upstream);

    routes.before("/ui/*", WebUi::protect);
    routes.get(
        "/",
        ctx -> {
          protect(ctx);
          assets.serve(ctx, "index.html");
        });
    routes.get(ASSETS + "*", ctx -> assets.serve(ctx, ctx.path().substring(ASSETS.length())));
    routes.get(SessionEndpoints.PATH, signIn::current);
    routes.post(SessionEndpoints.PATH, signIn::open);
    routes.delete(SessionEndpoints.PATH, signIn::close);
    routes.get(ApiProxy.PATH + "/*", proxy::forward);
    routes.post(ApiProxy.PATH + "/*", proxy::forward);
    routes.put(ApiProxy.PATH + "/*", proxy::forward);
    routes.patch(ApiProxy.PATH + "/*", proxy::forward);
    routes.delete(ApiProxy.PATH + "/*", proxy::forward);
  }

  /**
   * Headers that keep the UI's pages from being framed, sniffed, fed foreign scripts (no inline
   * script or style: the app has none), opened by other windows or handed powerful features. Set
   * on every UI answer, errors included; answers that carry API data add {@code Cache-Control:
   * no-store} themselves.
   */
  static void protect(Context ctx) {
    ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("Cross-Origin-Opener-Policy", "same-origin");
    ctx.header("Cross-Origin-Resource-Policy", "same-origin");
    ctx.header("Permissions-Policy", PERMISSIONS_POLICY);
    if ("https".equalsIgnoreCase(ctx.scheme())) {
      ctx.header("Strict-Transport-Security", "max-age=31536000");
    }
  }
}
