package io.causeway.cli;

import io.causeway.gateway.DataPlane;
import io.causeway.gateway.DataPlaneOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

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
      "  ./causeway data-plane --config kong.yaml --proxy-port 8000"
    })
final class DataPlaneCommand implements Callable<Integer> {
  @Mixin ProcessOptions process;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "Kong declarative configuration (_format_version: \"3.0\").")
  Optional<Path> config;

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
    DataPlane dataPlane = processes.add(DataPlane.start(options(process, dataDir, config, name)));
    Banner.printDataPlane(System.out, dataPlane, process, config);
    processes.onHangup(() -> Banner.printReload(System.out, dataPlane.reload()));
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
