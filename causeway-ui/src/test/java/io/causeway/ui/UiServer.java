package io.causeway.ui;

import io.javalin.Javalin;
import java.net.URI;

/** The web UI on its own Javalin server on loopback, in front of a {@link FakeApi}. */
final class UiServer implements AutoCloseable {
  final FakeApi api;
  private final Javalin app;

  private UiServer(FakeApi api, Javalin app) {
    this.api = api;
    this.app = app;
  }

  static UiServer start() {
    FakeApi api = FakeApi.start();
    Javalin app =
        Javalin.create(
            config -> {
              config.startup.showJavalinBanner = false;
              config.concurrency.useVirtualThreads = true;
              WebUi.register(config.routes, WebUiOptions.of(api::uri));
            });
    app.start("127.0.0.1", 0);
    return new UiServer(api, app);
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + app.port());
  }

  @Override
  public void close() {
    app.stop();
    api.close();
  }
}
