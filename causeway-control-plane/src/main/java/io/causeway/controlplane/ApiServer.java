package io.causeway.controlplane;

import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URI;
import java.security.KeyStore;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The HTTP(S) listener of the API: Javalin on Jetty 12 with virtual threads. Every error, also
 * for unknown routes and wrong methods, leaves through {@link Problems}.
 */
final class ApiServer implements AutoCloseable {
  /**
   * Largest request body: above the largest valid one (50 DNS entries of 100 domains of 253
   * characters, about 1.3 MB), small enough that no request can exhaust memory.
   */
  static final int MAX_BODY = 4_000_000;

  private static final String REQUEST_ID = "causeway.request-id";

  private final Javalin app;
  private final boolean tls;
  private final String host;

  private ApiServer(Javalin app, boolean tls, String host) {
    this.app = app;
    this.tls = tls;
    this.host = host;
  }

  static ApiServer start(
      String host, int port, Optional<KeyStore> keyStore, Consumer<RoutesConfig> routes) {
    Javalin app =
        Javalin.create(
            config -> {
              config.startup.showJavalinBanner = false;
              config.startup.showOldJavalinVersionWarning = false;
              config.concurrency.useVirtualThreads = true;
              config.http.prefer405over404 = true;
              config.http.maxRequestSize = MAX_BODY;
              config.router.ignoreTrailingSlashes = true;
              keyStore.ifPresent(ks -> config.jetty.addConnector((server, http) -> {
                SslContextFactory.Server ssl = new SslContextFactory.Server();
                ssl.setKeyStore(ks);
                ssl.setKeyStorePassword("");
                http.addCustomizer(new SecureRequestCustomizer(false));
                ServerConnector connector =
                    new ServerConnector(
                        server,
                        new SslConnectionFactory(ssl, "http/1.1"),
                        new HttpConnectionFactory(http));
                connector.setHost(host);
                connector.setPort(port);
                return connector;
              }));
              config.routes.before(ApiServer::identifyAndHarden);
              config.routes.exception(Exception.class, Problems::handle);
              // Javalin answers unmatched routes and methods itself, in plain text; these turn
              // them into problems too (unless a handler already wrote one).
              config.routes.error(404, ctx -> {
                if (!isProblem(ctx)) {
                  Problems.handle(ApiException.notFound(), ctx);
                }
              });
              config.routes.error(405, ctx -> {
                if (!isProblem(ctx)) {
                  Problems.handle(ApiException.methodNotAllowed(
                      "Method " + ctx.method() + " is not allowed on " + ctx.path()), ctx);
                }
              });
              config.routes.error(413, ctx -> {
                if (!isProblem(ctx)) {
                  Problems.handle(ApiException.of(413,
                      "The request body is larger than " + MAX_BODY + " bytes"), ctx);
                }
              });
              routes.accept(config.routes);
            });
    app.start(host, port);
    return new ApiServer(app, keyStore.isPresent(), host);
  }

  /**
   * Every answer carries its request id (also the problem's {@code instance} and the audit row's
   * {@code request_id}) and headers that keep API answers out of caches, sniffers and frames. The
   * web UI sets its own policy for its pages after this.
   */
  private static void identifyAndHarden(Context ctx) {
    String id = UUID.randomUUID().toString();
    ctx.attribute(REQUEST_ID, id);
    ctx.header("X-Request-Id", id);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Cache-Control", "no-store");
    ctx.header("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("Referrer-Policy", "no-referrer");
  }

  /** The id of this request, made when it arrived (a fresh one outside a request). */
  static String requestId(Context ctx) {
    String id = ctx.attribute(REQUEST_ID);
    return id != null ? id : UUID.randomUUID().toString();
  }

  /** The GET handlers, run in process for the audit log's {@code before}. */
  InProcessGet gets() {
    return new InProcessGet(app.unsafe.internalRouter);
  }

  /** Every HTTP route (method and path pattern) registered, for the role matrix test. */
  List<String> routes() {
    return app.unsafe.internalRouter.allHttpHandlers().stream()
        .map(e -> e.endpoint)
        .filter(e -> e.method.isHttpMethod())
        .map(e -> e.method.name() + " " + e.path)
        .toList();
  }

  private static boolean isProblem(Context ctx) {
    String type = ctx.res().getContentType();
    return type != null && type.startsWith(Problems.CONTENT_TYPE);
  }

  int port() {
    return app.port();
  }

  URI uri() {
    String shownHost = host.contains(":") ? "[" + host + "]" : host;
    return URI.create((tls ? "https" : "http") + "://" + shownHost + ":" + port());
  }

  @Override
  public void close() {
    app.stop();
  }
}
