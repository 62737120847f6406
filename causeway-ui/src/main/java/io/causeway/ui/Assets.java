package io.causeway.ui;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The static files of the UI, read from the jar ({@code io/causeway/ui/web/}) once and kept in
 * memory: they are small, and serving from memory needs no file system at all.
 */
final class Assets {
  static final String ROOT = "io/causeway/ui/web/";
  private static final Pattern SAFE = Pattern.compile("[a-z0-9_-]+(/[a-z0-9_-]+)*\\.[a-z]+");
  private static final Map<String, String> TYPES =
      Map.of(
          "html", "text/html; charset=utf-8",
          "js", "text/javascript; charset=utf-8",
          "css", "text/css; charset=utf-8",
          "svg", "image/svg+xml",
          "png", "image/png");

  private final Map<String, Optional<byte[]>> cache = new ConcurrentHashMap<>();

  /** Answers {@code name} (relative to the root) or 404. */
  void serve(Context ctx, String name) {
    String extension = name.substring(name.lastIndexOf('.') + 1);
    Optional<byte[]> bytes =
        SAFE.matcher(name).matches() && TYPES.containsKey(extension)
            ? cache.computeIfAbsent(name, Assets::read)
            : Optional.empty();
    if (bytes.isEmpty()) {
      Answers.problem(ctx, 404, "Not Found", "No such file of the web UI: " + name);
      return;
    }
    // no-cache: the browser revalidates, so a new jar is picked up at once after an upgrade.
    ctx.header("Cache-Control", "no-cache");
    ctx.status(200).contentType(TYPES.get(extension)).result(bytes.get());
  }

  private static Optional<byte[]> read(String name) {
    try (InputStream in = Assets.class.getClassLoader().getResourceAsStream(ROOT + name)) {
      return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the UI file " + name + " from the jar", e);
    }
  }
}
