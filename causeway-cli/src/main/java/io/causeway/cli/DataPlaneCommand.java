package io.causeway.cli;

import io.causeway.gateway.ClientLimits;
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
      "  CAUSEWAY_JOIN_TOKEN=cwj1... ./causeway data-plane \\",
      "      --control-plane https://127.0.0.1:8005"
    })
final class DataPlaneCommand implements Callable<Integer> {
  static final String JOIN_TOKEN_ENV = "CAUSEWAY_JOIN_TOKEN";

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
              + " first start only (the certificate it yields is kept in the data directory)."
              + " Default: the environment variable " + JOIN_TOKEN_ENV + ", which, unlike a"
              + " command line, other local users cannot read.")
  Optional<String> joinToken;

  @Option(
      names = "--name",
      paramLabel = "NAME",
      description = "Node name (default: ${DEFAULT-VALUE}).",
      defaultValue = "default")
  String name;

  @Mixin ClientLimitFlags limits;

  /** What one client may hold (docs/reliability.md, "Data-plane limits"). */
  static final class ClientLimitFlags {
    @Option(names = "--header-timeout", paramLabel = "DURATION", defaultValue = "30s",
        converter = DurationConverter.class,
        description = "A request's headers must be complete this long after its first byte"
            + " (slowloris; default: ${DEFAULT-VALUE}).")
    Duration headerTimeout;

    @Option(names = "--idle-timeout", paramLabel = "DURATION", defaultValue = "60s",
        converter = DurationConverter.class,
        description = "Close a keep-alive connection idle this long (default: ${DEFAULT-VALUE}).")
    Duration idleTimeout;

    @Option(names = "--body-timeout", paramLabel = "DURATION", defaultValue = "30s",
        converter = DurationConverter.class,
        description = "Time a request body may keep the proxy waiting, plus 1 s per"
            + " --body-min-rate bytes received; then 408 (slow POST; default: ${DEFAULT-VALUE}).")
    Duration bodyTimeout;

    @Option(names = "--body-min-rate", paramLabel = "BYTES_PER_S", defaultValue = "1024",
        description = "Bytes per second that extend the body deadline (default: ${DEFAULT-VALUE}).")
    int bodyMinRate;

    @Option(names = "--send-timeout", paramLabel = "DURATION", defaultValue = "60s",
        converter = DurationConverter.class,
        description = "Close a connection (HTTP/2: a stream) whose client takes no response byte"
            + " for this long (slow read; default: ${DEFAULT-VALUE}).")
    Duration sendTimeout;

    @Option(names = "--max-connections-per-client", paramLabel = "N", defaultValue = "4096",
        description = "Open connections per client IP address; more are reset at accept, 0 for"
            + " no limit (default: ${DEFAULT-VALUE}).")
    int maxConnectionsPerClient;

    @Option(names = "--http2-max-concurrent-streams", paramLabel = "N", defaultValue = "128",
        description = "SETTINGS_MAX_CONCURRENT_STREAMS (default: ${DEFAULT-VALUE}).")
    int http2MaxConcurrentStreams;

    @Option(names = "--http2-max-resets", paramLabel = "N", defaultValue = "200",
        description = "RST_STREAM frames per connection per --http2-reset-window before GOAWAY"
            + " ENHANCE_YOUR_CALM (rapid reset; default: ${DEFAULT-VALUE}).")
    int http2MaxResets;

    @Option(names = "--http2-reset-window", paramLabel = "DURATION", defaultValue = "30s",
        converter = DurationConverter.class,
        description = "Window of --http2-max-resets, whole seconds (default: ${DEFAULT-VALUE}).")
    Duration http2ResetWindow;

    ClientLimits toLimits() {
      return new ClientLimits(headerTimeout, idleTimeout, bodyTimeout, bodyMinRate, sendTimeout,
          maxConnectionsPerClient, http2MaxConcurrentStreams, http2MaxResets, http2ResetWindow);
    }
  }

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
    if (joinToken.isEmpty() && controlPlane.isPresent()) {
      joinToken = Optional.ofNullable(System.getenv(JOIN_TOKEN_ENV)).filter(t -> !t.isBlank());
    }
    if (joinToken.isPresent() && controlPlane.isEmpty()) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--join-token needs --control-plane URL");
    }
    ClientLimits clientLimits;
    try {
      clientLimits = limits.toLimits();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    DataPlaneOptions options = options(process, dataDir, config, name).withClientLimits(clientLimits);
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
