package io.causeway.controlplane;

import static java.util.Objects.requireNonNull;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How to run a control plane.
 *
 * @param dataDir where the embedded store, the admin token and provider state live
 * @param apiHost address the API listens on ({@code 127.0.0.1} by default)
 * @param apiPort API port; {@code 0} picks a free one (see {@link ControlPlane#apiPort()})
 * @param tlsCert PEM certificate chain; with {@code tlsKey} the API is served over HTTPS
 * @param tlsKey PEM private key (PKCS#8, {@code BEGIN PRIVATE KEY})
 * @param databaseUrl a JDBC URL (PostgreSQL); empty for the embedded H2 file in {@code dataDir}
 * @param provider {@code simulated}, {@code local}, {@code azure} or {@code auto}
 * @param simulatedDelay how long each step of the simulated provider takes
 * @param runReconciler whether this replica drives networks and transit gateways
 * @param environment the process environment (provider credentials)
 * @param clusterHost address the cluster listener binds (all addresses by default, DESIGN §9)
 * @param clusterPort cluster listener port (8005 by default); 0 picks a free one; -1 runs no
 *     listener (the core entities API works either way)
 * @param nodeCommand the program that starts a data-plane node the provider launches (local
 *     provider: one per data-plane group, inside the network's namespace), without arguments; the
 *     provider appends {@code data-plane --control-plane URL --join-token T ...}. Empty: this JVM
 *     with this class path and {@code io.causeway.cli.Main} (see {@link #resolvedNodeCommand()})
 */
public record ControlPlaneOptions(
    Path dataDir,
    String apiHost,
    int apiPort,
    Optional<Path> tlsCert,
    Optional<Path> tlsKey,
    Optional<String> databaseUrl,
    String provider,
    Duration simulatedDelay,
    boolean runReconciler,
    Map<String, String> environment,
    String clusterHost,
    int clusterPort,
    List<String> nodeCommand) {

  public static final int DEFAULT_API_PORT = 8001;
  public static final int DEFAULT_CLUSTER_PORT = 8005;
  private static final List<String> NODE_JVM_FLAGS =
      List.of("-Xms", "-Xmx", "--enable-native-access", "--sun-misc-unsafe-memory-access");
  static final Set<String> PROVIDER_CHOICES = Set.of("simulated", "local", "azure", "auto");

  public ControlPlaneOptions {
    requireNonNull(dataDir, "dataDir");
    requireNonNull(apiHost, "apiHost");
    if (apiPort < 0 || apiPort > 65535) {
      throw new IllegalArgumentException("apiPort: " + apiPort + " (expected: 0-65535)");
    }
    requireNonNull(tlsCert, "tlsCert");
    requireNonNull(tlsKey, "tlsKey");
    if (tlsCert.isPresent() != tlsKey.isPresent()) {
      throw new IllegalArgumentException(
          "tls: --tls-cert and --tls-key go together (expected: both or neither)");
    }
    requireNonNull(databaseUrl, "databaseUrl");
    requireNonNull(provider, "provider");
    if (!PROVIDER_CHOICES.contains(provider)) {
      throw new IllegalArgumentException(
          "provider: " + provider + " (expected: one of simulated, local, azure, auto)");
    }
    requireNonNull(simulatedDelay, "simulatedDelay");
    if (simulatedDelay.isNegative()) {
      throw new IllegalArgumentException(
          "simulatedDelay: " + simulatedDelay + " (expected: zero or positive)");
    }
    environment = Map.copyOf(environment);
    requireNonNull(clusterHost, "clusterHost");
    if (clusterPort < -1 || clusterPort > 65535) {
      throw new IllegalArgumentException(
          "clusterPort: " + clusterPort + " (expected: 0-65535, or -1 for no listener)");
    }
    nodeCommand = List.copyOf(nodeCommand);
  }

  /** The options with the default node command (see {@link #withNodeCommand}). */
  public ControlPlaneOptions(
      Path dataDir,
      String apiHost,
      int apiPort,
      Optional<Path> tlsCert,
      Optional<Path> tlsKey,
      Optional<String> databaseUrl,
      String provider,
      Duration simulatedDelay,
      boolean runReconciler,
      Map<String, String> environment,
      String clusterHost,
      int clusterPort) {
    this(dataDir, apiHost, apiPort, tlsCert, tlsKey, databaseUrl, provider, simulatedDelay,
        runReconciler, environment, clusterHost, clusterPort, List.of());
  }

  /** The options without a cluster listener (as before hybrid mode); see {@link #withCluster}. */
  public ControlPlaneOptions(
      Path dataDir,
      String apiHost,
      int apiPort,
      Optional<Path> tlsCert,
      Optional<Path> tlsKey,
      Optional<String> databaseUrl,
      String provider,
      Duration simulatedDelay,
      boolean runReconciler,
      Map<String, String> environment) {
    this(dataDir, apiHost, apiPort, tlsCert, tlsKey, databaseUrl, provider, simulatedDelay,
        runReconciler, environment, "0.0.0.0", -1);
  }

  /** The cluster listener on {@code host:port} (port 0: any free one; -1: none). */
  public ControlPlaneOptions withCluster(String host, int port) {
    return new ControlPlaneOptions(
        dataDir, apiHost, apiPort, tlsCert, tlsKey, databaseUrl, provider, simulatedDelay,
        runReconciler, environment, host, port, nodeCommand);
  }

  /** {@code ./causeway-data}, {@code 127.0.0.1:8001}, no TLS, H2, provider {@code auto}. */
  public static ControlPlaneOptions defaults() {
    return new ControlPlaneOptions(
        Path.of("causeway-data"),
        "127.0.0.1",
        DEFAULT_API_PORT,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        "auto",
        Duration.ofSeconds(2),
        true,
        System.getenv(),
        "0.0.0.0",
        DEFAULT_CLUSTER_PORT);
  }

  public ControlPlaneOptions withDataDir(Path dir) {
    return new ControlPlaneOptions(
        dir, apiHost, apiPort, tlsCert, tlsKey, databaseUrl, provider, simulatedDelay,
        runReconciler, environment, clusterHost, clusterPort, nodeCommand);
  }

  public ControlPlaneOptions withApiPort(int port) {
    return new ControlPlaneOptions(
        dataDir, apiHost, port, tlsCert, tlsKey, databaseUrl, provider, simulatedDelay,
        runReconciler, environment, clusterHost, clusterPort, nodeCommand);
  }

  public ControlPlaneOptions withProvider(String name, Duration delay) {
    return new ControlPlaneOptions(
        dataDir, apiHost, apiPort, tlsCert, tlsKey, databaseUrl, name, delay, runReconciler,
        environment, clusterHost, clusterPort, nodeCommand);
  }

  public ControlPlaneOptions withDatabaseUrl(Optional<String> url) {
    return new ControlPlaneOptions(
        dataDir, apiHost, apiPort, tlsCert, tlsKey, url, provider, simulatedDelay, runReconciler,
        environment, clusterHost, clusterPort, nodeCommand);
  }

  public ControlPlaneOptions withTls(Path cert, Path key) {
    return new ControlPlaneOptions(
        dataDir, apiHost, apiPort, Optional.of(cert), Optional.of(key), databaseUrl, provider,
        simulatedDelay, runReconciler, environment, clusterHost, clusterPort, nodeCommand);
  }

  /** Launched data-plane nodes run {@code command} (program and its own arguments). */
  public ControlPlaneOptions withNodeCommand(List<String> command) {
    return new ControlPlaneOptions(
        dataDir, apiHost, apiPort, tlsCert, tlsKey, databaseUrl, provider, simulatedDelay,
        runReconciler, environment, clusterHost, clusterPort, command);
  }

  /**
   * {@link #nodeCommand}, or when empty the command that runs this program again ({@link
   * #selfCommand}) with this JVM's heap and native-access flags.
   */
  public List<String> resolvedNodeCommand() {
    if (!nodeCommand.isEmpty()) {
      return nodeCommand;
    }
    // Only flags that are safe to repeat: agents, debug ports or test arguments are not.
    List<String> flags = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(argument -> NODE_JVM_FLAGS.stream().anyMatch(argument::startsWith))
        .toList();
    return selfCommand(flags);
  }

  /**
   * The command that runs this program again, without its arguments: this JVM's executable, then
   * {@code jvmFlags}, {@code -cp} this class path, {@code io.causeway.cli.Main}. Launched nodes
   * and the demo's private API are started with it.
   */
  public static List<String> selfCommand(List<String> jvmFlags) {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command()
        .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(jvmFlags);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.causeway.cli.Main"));
    return List.copyOf(command);
  }

  public ControlPlaneOptions withReconciler(boolean run) {
    return new ControlPlaneOptions(
        dataDir, apiHost, apiPort, tlsCert, tlsKey, databaseUrl, provider, simulatedDelay, run,
        environment, clusterHost, clusterPort, nodeCommand);
  }
}
