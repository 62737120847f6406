package io.causeway.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last good snapshot on disk ({@code DATA_DIR/config-cache.json}: the {@code reconfigure}
 * message as received, written as is: a 10,000-route snapshot is not encoded again), so a data
 * plane started while its control plane is away serves what it served before. Written atomically
 * (temporary file, then rename), read only at start.
 */
final class SnapshotCache {
  static final String FILE = "config-cache.json";
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotCache.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * A cached snapshot: its version, the control plane's hash of it, its configuration, and the
   * reader's memo of it (so the first snapshot from the control plane re-checks only what changed).
   */
  record Cached(long version, String configHash, GatewayConfig config, DeclarativeConfigMemo memo) {}

  private final Path file;

  SnapshotCache(Path dataDir) {
    this.file = dataDir.resolve(FILE);
  }

  Path file() {
    return file;
  }

  /** The cached snapshot, if there is a readable, valid one (else empty, with a warning). */
  Optional<Cached> load() {
    try {
      JsonNode root = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
      DeclarativeConfigReader reader = new DeclarativeConfigReader();
      GatewayConfig config = reader.read(root.path("config"));
      return Optional.of(new Cached(root.path("version").asLong(),
          root.path("config_hash").asText(), config, reader.memo()));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      LOG.warn("config cache {} unusable, starting without it: {}", file, e.toString());
      return Optional.empty();
    }
  }

  /**
   * Keeps {@code message}, a {@code reconfigure} message ({@code version}, {@code config_hash},
   * {@code config}) that was applied.
   */
  void store(String message) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling(FILE + ".tmp");
      Files.writeString(tmp, message, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
