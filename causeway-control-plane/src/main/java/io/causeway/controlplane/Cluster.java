package io.causeway.controlplane;

import io.causeway.store.Store;
import io.javalin.config.RoutesConfig;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;

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
  private final Optional<ClusterServer> server;
  private final CoreEntitiesApi coreEntities;
  private final JoinTokensApi joinTokens;
  private final NodesApi nodes;
  private final CoreEntitiesConfig config;

  private Cluster(ClusterCa ca, ClusterHub hub, Optional<ClusterServer> server,
      CoreEntitiesApi core,
      JoinTokensApi joinTokens, NodesApi nodes, CoreEntitiesConfig config) {
    this.ca = ca;
    this.hub = hub;
    this.server = server;
    this.coreEntities = core;
    this.joinTokens = joinTokens;
    this.nodes = nodes;
    this.config = config;
  }

  /**
   * Loads or makes the CA and binds the cluster listener on {@code host:port} ({@code port} 0: any
   * free port; negative: no listener, e.g. for API-only replicas and tests; the core entities API
   * works either way).
   */
  static Cluster start(Path dataDir, String host, int port, Store store, Clock clock) {
    // DATA_DIR/cluster/ held the CA before it moved into the store: adopted once, if there.
    ClusterCa ca = ClusterCa.loadOrCreate(store, dataDir.resolve("cluster"), clock);
    ClusterHub hub = new ClusterHub(store, POLL_INTERVAL);
    try {
      Optional<ClusterServer> server = port < 0
          ? Optional.empty()
          : Optional.of(ClusterServer.start(host, port, store, ca, hub, IDLE_TIMEOUT));
      return new Cluster(ca, hub, server, new CoreEntitiesApi(store, hub),
          new JoinTokensApi(store, new JoinTokens(new SecureRandom()), ca, clock),
          new NodesApi(store, hub), new CoreEntitiesConfig(store, hub));
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
    config.routes(routes);
  }

  /** The bound cluster port; empty without a listener. */
  OptionalInt port() {
    return server.map(s -> OptionalInt.of(s.port())).orElse(OptionalInt.empty());
  }

  /**
   * Mints a join token as {@code POST .../join-tokens} does (for the embedded data plane of
   * {@code up}); shown to the caller only.
   */
  String mintJoinToken(UUID controlPlaneId) {
    return joinTokens.mint(controlPlaneId, JoinTokensApi.DEFAULT_TTL);
  }

  /** Mints join tokens, optionally bound to a network (see {@link JoinTokenMinter}). */
  JoinTokenMinter joinTokenMinter() {
    return joinTokens;
  }

  String caFingerprint() {
    return ca.fingerprint();
  }

  int connectedNodes() {
    return hub.connectionCount();
  }

  @Override
  public void close() {
    server.ifPresent(ClusterServer::close);
    hub.close();
  }
}
