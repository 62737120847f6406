package io.causeway.cli;

import io.causeway.store.StoreSettings;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Which store {@code backup} and {@code restore} work on: the control plane's own options. */
final class StoreLocation {
  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "Data directory of the embedded H2 store (default: ${DEFAULT-VALUE}).",
      defaultValue = "./causeway-data")
  Path dataDir;

  @Option(
      names = "--database-url",
      paramLabel = "JDBC",
      description = "PostgreSQL JDBC URL; without it the embedded H2 store in --data-dir.")
  Optional<String> databaseUrl;

  StoreSettings settings() {
    return databaseUrl.map(StoreSettings::of).orElseGet(() -> StoreSettings.h2File(dataDir));
  }

  String database() {
    return databaseUrl.isPresent() ? "postgresql" : "h2";
  }

  /** For messages: the H2 directory, or the URL without its query (which may hold a password). */
  String describe() {
    return databaseUrl.map(u -> u.replaceAll("\\?.*", "?...")).orElse("H2 store in " + dataDir);
  }
}
