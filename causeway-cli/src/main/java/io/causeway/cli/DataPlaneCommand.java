package io.causeway.cli;

import io.causeway.gateway.DataPlane;
import io.causeway.gateway.DataPlaneOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code causeway data-plane}: the proxy alone, here from a declarative file (DB-less mode). */
@Command(
    name = "data-plane",
    mixinStandardHelpOptions = true,
    description = {
      "Run a data plane. With --config it serves a Kong 3.x declarative file (YAML or JSON) with"
          + " no control plane; send SIGHUP to reload the file (a bad file keeps the running"
          + " config).",
      "",
      "Example:",
      "  ./causeway data-plane --config kong.yaml --proxy-port 8000",
      "  ./causeway data-plane --control-plane https://127.0.0.1:8005 \\",
      "      --join-token cwj1..."
    })
final class DataPlaneCommand implements Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;
  @Mixin ProcessOptions process;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "Kong declarative configuration (_format_version: \"3.0\").")
  Optional<Path> config;

  @Option(
      names = "--control-plane",
      paramLabel = "URL",
      description =
          "Cluster listener of the control plane to follow (hybrid mode), e.g."
              + " https://127.0.0.1:8005.")
  Optional<String> controlPlane;

  @Option(
      names = "--join-token",
      paramLabel = "TOKEN",
      description =
          "Single-use join token from POST /v2/control-planes/{id}/join-tokens; needed on the"
              + " first start only (the certificate it yields is kept in the data directory).")
  Optional<String> joinToken;

  @Option(
      names = "--name",
      paramLabel = "NAME",
      description = "Node name (default: ${DEFAULT-VALUE}).",
      defaultValue = "default")
  String name;

  @Override
  public Integer call() {
    var processes = new Processes();
    Path dataDir =
        process.dataDir.equals(Path.of("./causeway-data"))
            ? Path.of("./causeway-data", "dp-" + name)
            : process.dataDir;
    if (controlPlane.isPresent() && config.isPresent()) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--config and --control-plane exclude each other: a data plane serves either a"
              + " declarative file (DB-less) or what its control plane pushes (hybrid)");
    }
    if (joinToken.isPresent() && controlPlane.isEmpty()) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--join-token needs --control-plane URL");
    }
    DataPlaneOptions options = options(process, dataDir, config, name);
    if (controlPlane.isPresent()) {
      options = options.withControlPlane(controlPlane.get(), joinToken);
    }
    DataPlane dataPlane = processes.add(DataPlane.start(options));
    Banner.printDataPlane(System.out, dataPlane, process, config, controlPlane);
    if (config.isPresent()) {
      processes.onHangup(() -> Banner.printReload(System.out, dataPlane.reload()));
    }
    return processes.awaitShutdown(Duration.ofSeconds(30));
  }

  static DataPlaneOptions options(
      ProcessOptions process, Path dataDir, Optional<Path> config, String name) {
    return new DataPlaneOptions(
        dataDir,
        "0.0.0.0",
        process.proxyPort,
        process.proxyTlsPort,
        process.proxyTlsCert,
        process.proxyTlsKey,
        "127.0.0.1",
        process.statusPort,
        config,
        name);
  }
}
