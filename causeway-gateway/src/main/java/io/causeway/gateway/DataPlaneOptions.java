package io.causeway.gateway;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How a {@link DataPlane} listens and where it keeps its files. Ports may be 0 (an ephemeral port
 * is bound and written to {@code dataDir/endpoints.json}); a negative TLS port disables the TLS
 * listener, as does a missing certificate or key.
 *
 * @param dataDir the node's directory; {@code ./causeway-data/dp-<name>} by default
 * @param declarativeConfig a Kong declarative file ({@code _format_version: "3.0"}) loaded at start
 *     and on {@link DataPlane#reload()}; empty when the configuration comes from a control plane
 * @param nodeName the node's name, used in the default data directory and in {@code Via}
 * @param controlPlane the cluster listener of a control plane ({@code https://HOST:8005}) this
 *     node takes its configuration from (hybrid mode); exclusive with {@code declarativeConfig}
 * @param joinToken the join token for the node's first start in hybrid mode (later starts use the
 *     certificate kept in {@code dataDir/cluster/})
 * @param clientLimits what one downstream client may hold: header, body and send deadlines,
 *     connections per address, HTTP/2 streams and resets
 */
public record DataPlaneOptions(
    Path dataDir,
    String proxyHost,
    int proxyPort,
    int proxyTlsPort,
    Optional<Path> tlsCert,
    Optional<Path> tlsKey,
    String statusHost,
    int statusPort,
    Optional<Path> declarativeConfig,
    String nodeName,
    Optional<String> controlPlane,
    Optional<String> joinToken,
    ClientLimits clientLimits) {

  public DataPlaneOptions {
    requireNonNull(clientLimits, "clientLimits");
    requireNonNull(dataDir, "dataDir");
    requireNonNull(proxyHost, "proxyHost");
    requireNonNull(tlsCert, "tlsCert");
    requireNonNull(tlsKey, "tlsKey");
    requireNonNull(statusHost, "statusHost");
    requireNonNull(declarativeConfig, "declarativeConfig");
    requireNonNull(nodeName, "nodeName");
    checkPort("proxyPort", proxyPort, false);
    checkPort("proxyTlsPort", proxyTlsPort, true);
    checkPort("statusPort", statusPort, false);
    if (nodeName.isBlank()) {
      throw new IllegalArgumentException("nodeName: must not be blank");
    }
    if (tlsCert.isPresent() != tlsKey.isPresent()) {
      throw new IllegalArgumentException(
          "tlsCert/tlsKey: " + tlsCert + "/" + tlsKey + " (expected: both or neither)");
    }
    requireNonNull(controlPlane, "controlPlane");
    requireNonNull(joinToken, "joinToken");
    if (controlPlane.isPresent() && declarativeConfig.isPresent()) {
      throw new IllegalArgumentException("--control-plane and --config: a data plane takes its"
          + " configuration from a control plane or from a file (expected: one of them)");
    }
    if (joinToken.isPresent() && controlPlane.isEmpty()) {
      throw new IllegalArgumentException(
          "--join-token without --control-plane (expected: the control plane to join)");
    }
  }

  /** With the default {@link ClientLimits}. */
  public DataPlaneOptions(
      Path dataDir,
      String proxyHost,
      int proxyPort,
      int proxyTlsPort,
      Optional<Path> tlsCert,
      Optional<Path> tlsKey,
      String statusHost,
      int statusPort,
      Optional<Path> declarativeConfig,
      String nodeName,
      Optional<String> controlPlane,
      Optional<String> joinToken) {
    this(dataDir, proxyHost, proxyPort, proxyTlsPort, tlsCert, tlsKey, statusHost, statusPort,
        declarativeConfig, nodeName, controlPlane, joinToken, ClientLimits.defaults());
  }

  /** As before hybrid mode: no control plane. */
  public DataPlaneOptions(
      Path dataDir,
      String proxyHost,
      int proxyPort,
      int proxyTlsPort,
      Optional<Path> tlsCert,
      Optional<Path> tlsKey,
      String statusHost,
      int statusPort,
      Optional<Path> declarativeConfig,
      String nodeName) {
    this(dataDir, proxyHost, proxyPort, proxyTlsPort, tlsCert, tlsKey, statusHost, statusPort,
        declarativeConfig, nodeName, Optional.empty(), Optional.empty());
  }

  /**
   * Takes configuration from a control plane's cluster listener ({@code https://HOST:8005} or
   * {@code HOST:PORT}); the token is needed on the node's first start only.
   */
  public DataPlaneOptions withControlPlane(String url, Optional<String> token) {
    return new DataPlaneOptions(
        dataDir, proxyHost, proxyPort, proxyTlsPort, tlsCert, tlsKey, statusHost, statusPort,
        declarativeConfig, nodeName, Optional.of(url), token, clientLimits);
  }

  /** Kong's ports: proxy {@code 0.0.0.0:8000} and {@code 8443}, status {@code 127.0.0.1:8100}. */
  public static DataPlaneOptions defaults() {
    return named("default");
  }

  /** The defaults for a node with this name (data directory {@code ./causeway-data/dp-<name>}). */
  public static DataPlaneOptions named(String nodeName) {
    return new DataPlaneOptions(
        Path.of("causeway-data", "dp-" + nodeName),
        "0.0.0.0",
        8000,
        8443,
        Optional.empty(),
        Optional.empty(),
        "127.0.0.1",
        8100,
        Optional.empty(),
        nodeName);
  }

  public DataPlaneOptions withDataDir(Path dir) {
    return new DataPlaneOptions(
        dir, proxyHost, proxyPort, proxyTlsPort, tlsCert, tlsKey, statusHost, statusPort,
        declarativeConfig, nodeName,
        controlPlane, joinToken, clientLimits);
  }

  public DataPlaneOptions withProxy(String host, int port, int tlsPort) {
    return new DataPlaneOptions(
        dataDir, host, port, tlsPort, tlsCert, tlsKey, statusHost, statusPort, declarativeConfig,
        nodeName,
        controlPlane, joinToken, clientLimits);
  }

  public DataPlaneOptions withStatus(String host, int port) {
    return new DataPlaneOptions(
        dataDir, proxyHost, proxyPort, proxyTlsPort, tlsCert, tlsKey, host, port,
        declarativeConfig, nodeName,
        controlPlane, joinToken, clientLimits);
  }

  public DataPlaneOptions withTls(Path cert, Path key) {
    return new DataPlaneOptions(
        dataDir, proxyHost, proxyPort, proxyTlsPort, Optional.of(cert), Optional.of(key),
        statusHost, statusPort, declarativeConfig, nodeName,
        controlPlane, joinToken, clientLimits);
  }

  public DataPlaneOptions withDeclarativeConfig(Path file) {
    return new DataPlaneOptions(
        dataDir, proxyHost, proxyPort, proxyTlsPort, tlsCert, tlsKey, statusHost, statusPort,
        Optional.of(file), nodeName,
        controlPlane, joinToken, clientLimits);
  }

  /** With other limits on what one client may hold. */
  public DataPlaneOptions withClientLimits(ClientLimits limits) {
    return new DataPlaneOptions(
        dataDir, proxyHost, proxyPort, proxyTlsPort, tlsCert, tlsKey, statusHost, statusPort,
        declarativeConfig, nodeName, controlPlane, joinToken, limits);
  }

  boolean hasTls() {
    return proxyTlsPort >= 0 && tlsCert.isPresent() && tlsKey.isPresent();
  }

  private static void checkPort(String field, int port, boolean mayDisable) {
    int min = mayDisable ? -1 : 0;
    if (port < min || port > 65535) {
      throw new IllegalArgumentException(
          field + ": " + port + " (expected: " + min + "-65535)");
    }
  }
}
