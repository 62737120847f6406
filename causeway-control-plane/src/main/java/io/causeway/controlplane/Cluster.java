package io.causeway.controlplane;

import io.causeway.store.Store;
import io.javalin.config.RoutesConfig;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;

/**
 * Hybrid mode, wired by hand: the cluster CA (in {@code DATA_DIR/cluster/}), the connected data
 * planes, the cluster listener, and the API routes that belong to it (core entities, join tokens,
 * nodes). {@link #close} stops the listener and drops every data-plane connection.
 */
final class Cluster implements AutoCloseable {
  static final int DEFAULT_PORT = 8005;
  static final Duration POLL_INTERVAL = Duration.ofSeconds(1);
  static final Duration IDLE_TIMEOUT = Duration.ofSeconds(90);

  private final ClusterCa ca;
  private final ClusterHub hub;
  private final ClusterServer server;
  private final CoreEntitiesApi coreEntities;
  private final JoinTokensApi joinTokens;
  private final NodesApi nodes;

  private Cluster(ClusterCa ca, ClusterHub hub, ClusterServer server, CoreEntitiesApi core,
      JoinTokensApi joinTokens, NodesApi nodes) {
    this.ca = ca;
    this.hub = hub;
    this.server = server;
    this.coreEntities = core;
    this.joinTokens = joinTokens;
    this.nodes = nodes;
  }

  /** Loads or makes the CA and binds the cluster listener ({@code port} 0: any free port). */
  static Cluster start(Path dataDir, String host, int port, Store store, Clock clock) {
    ClusterCa ca = ClusterCa.loadOrCreate(dataDir.resolve("cluster"), clock);
    ClusterHub hub = new ClusterHub(store, POLL_INTERVAL);
    try {
      ClusterServer server = ClusterServer.start(host, port, store, ca, hub, IDLE_TIMEOUT);
      return new Cluster(ca, hub, server, new CoreEntitiesApi(store, hub),
          new JoinTokensApi(store, new JoinTokens(new SecureRandom()), ca, clock),
          new NodesApi(store, hub));
    } catch (RuntimeException e) {
      hub.close();
      throw e;
    }
  }

  /** The API routes of hybrid mode (behind the API's authentication). */
  void routes(RoutesConfig routes) {
    coreEntities.routes(routes);
    joinTokens.routes(routes);
    nodes.routes(routes);
  }

  int port() {
    return server.port();
  }

  String caFingerprint() {
    return ca.fingerprint();
  }

  int connectedNodes() {
    return hub.connectionCount();
  }

  @Override
  public void close() {
    server.close();
  }
}
