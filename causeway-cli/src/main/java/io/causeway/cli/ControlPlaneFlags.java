package io.causeway.cli;

import io.causeway.controlplane.ControlPlaneOptions;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Options of the control plane role. */
final class ControlPlaneFlags {
  @Option(
      names = "--provider",
      paramLabel = "NAME",
      description =
          "Network provider: auto (local when this host allows it, else simulated), local,"
              + " simulated or azure (default: ${DEFAULT-VALUE}).",
      defaultValue = "auto")
  String provider;

  @Option(
      names = "--database-url",
      paramLabel = "JDBC",
      description = "PostgreSQL JDBC URL; without it an embedded H2 database in --data-dir is used.")
  Optional<String> databaseUrl;

  @Option(
      names = "--simulated-delay",
      paramLabel = "DURATION",
      description =
          "How long each simulated provisioning step takes, e.g. 2s or PT2S (default: ${DEFAULT-VALUE}).",
      defaultValue = "2s",
      converter = DurationConverter.class)
  Duration simulatedDelay;

  ControlPlaneOptions options(ProcessOptions process) {
    return new ControlPlaneOptions(
        process.dataDir,
        process.apiHost,
        process.apiPort,
        process.tlsCert,
        process.tlsKey,
        databaseUrl,
        provider,
        simulatedDelay,
        true,
        System.getenv())
        // The cluster listener binds every address (mTLS only) so namespaced data planes reach it.
        .withCluster("0.0.0.0", process.clusterPort);
  }
}
