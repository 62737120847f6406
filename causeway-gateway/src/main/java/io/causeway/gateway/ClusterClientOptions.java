package io.causeway.gateway;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How a data plane reaches its control plane (hybrid mode).
 *
 * @param controlPlane the cluster listener, {@code https://HOST:8005} (a bare {@code HOST:PORT}
 *     is read as https)
 * @param joinToken the single-use join token; needed only until the node holds a certificate
 * @param dataDir the node's directory: {@code cluster/} keeps its key and certificates, {@code
 *     config-cache.json} the last good snapshot
 * @param hostname what the node reports as its host name
 * @param version what the node reports as its version
 * @param pingInterval how often the node reports its config hash (Kong: 30 s); no answer within
 *     1.5 intervals ends the connection
 * @param backoffBase first reconnect delay; doubled per failed attempt up to {@code backoffMax},
 *     each delay jittered to 50-100 %
 * @param jitterSeed seeds the jitter (tests pass a fixed one)
 */
public record ClusterClientOptions(
    URI controlPlane,
    Optional<String> joinToken,
    Path dataDir,
    String hostname,
    String version,
    Duration pingInterval,
    Duration backoffBase,
    Duration backoffMax,
    long jitterSeed) {

  public ClusterClientOptions {
    requireNonNull(controlPlane, "controlPlane");
    requireNonNull(joinToken, "joinToken");
    requireNonNull(dataDir, "dataDir");
    requireNonNull(hostname, "hostname");
    requireNonNull(version, "version");
    requireNonNull(pingInterval, "pingInterval");
    requireNonNull(backoffBase, "backoffBase");
    requireNonNull(backoffMax, "backoffMax");
    if (!"https".equals(controlPlane.getScheme()) || controlPlane.getHost() == null) {
      throw new IllegalArgumentException(
          "controlPlane: " + controlPlane + " (expected: https://HOST:PORT of the cluster listener)");
    }
    if (pingInterval.isNegative() || pingInterval.isZero()
        || backoffBase.isNegative() || backoffBase.isZero() || backoffMax.compareTo(backoffBase) < 0) {
      throw new IllegalArgumentException("pingInterval/backoff: " + pingInterval + "/" + backoffBase
          + "/" + backoffMax + " (expected: positive, backoffMax >= backoffBase)");
    }
  }

  /**
   * Kong's timing (ping every 30 s), reconnects from 1 s up to 30 s.
   *
   * @param controlPlane {@code https://host:8005}, or {@code host:port}
   */
  public static ClusterClientOptions of(String controlPlane, Optional<String> joinToken,
      Path dataDir, String hostname) {
    String url = controlPlane.contains("://") ? controlPlane : "https://" + controlPlane;
    return new ClusterClientOptions(URI.create(url), joinToken, dataDir, hostname,
        ownVersion(), Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofSeconds(30),
        System.nanoTime());
  }

  public ClusterClientOptions withTimings(Duration ping, Duration base, Duration max, long seed) {
    return new ClusterClientOptions(controlPlane, joinToken, dataDir, hostname, version, ping, base,
        max, seed);
  }

  private static String ownVersion() {
    return Optional.ofNullable(ClusterClientOptions.class.getPackage().getImplementationVersion())
        .orElse("0.1.0-SNAPSHOT");
  }
}
