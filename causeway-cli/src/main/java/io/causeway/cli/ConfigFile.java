package io.causeway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * {@code config.json} written by {@code ./causeway login}: {@code {"server": ..., "token": ...}}.
 * It holds a secret, so it is created with mode 0600 (never written with wider permissions and
 * narrowed afterwards) inside a directory of mode 0700, and replaced atomically.
 */
final class ConfigFile {
  /** What the file says; either part may be missing. */
  record Settings(Optional<String> server, Optional<String> token) {}

  private ConfigFile() {}

  static Settings read(Path file) {
    if (!Files.isRegularFile(file)) {
      return new Settings(Optional.empty(), Optional.empty());
    }
    JsonNode node;
    try {
      node = Api.JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw CliException.usage(
          "Cannot read the CLI configuration "
              + file
              + ": "
              + e.getMessage()
              + " (expected: JSON written by ./causeway login; run it again)");
    }
    return new Settings(text(node, "server"), text(node, "token"));
  }

  private static Optional<String> text(JsonNode node, String field) {
    return Optional.ofNullable(node.get(field))
        .filter(JsonNode::isTextual)
        .map(JsonNode::asText)
        .filter(v -> !v.isBlank());
  }

  static void write(Path file, String server, String token) {
    ObjectNode node = Api.JSON.createObjectNode();
    node.put("server", server);
    node.put("token", token);
    Path dir = file.toAbsolutePath().getParent();
    try {
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir, permissions("rwx------"));
      }
      Path temporary = Files.createTempFile(dir, ".config", ".tmp", permissions("rw-------"));
      try {
        Files.writeString(temporary, Api.write(node) + "\n", StandardCharsets.UTF_8);
        Files.move(
            temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(temporary);
      }
    } catch (IOException e) {
      throw CliException.api("Cannot write the CLI configuration " + file + ": " + e);
    }
  }

  private static FileAttribute<?>[] permissions(String posix) {
    if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      return new FileAttribute<?>[0];
    }
    return new FileAttribute<?>[] {
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(posix))
    };
  }
}
