package io.causeway.controlplane;

import io.causeway.store.Store;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connected data planes and the latest snapshot of each control plane. Writes on this replica
 * arrive through {@link #publish}; a poll of the stored configuration versions catches writes
 * made by other replicas (and snapshots older than a restart). Thread-safe.
 */
final class ClusterHub implements SnapshotSink, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterHub.class);

  private final Store store;
  private final Map<UUID, Snapshot> latest = new ConcurrentHashMap<>();
  private final Map<UUID, ClusterConnection> connections = new ConcurrentHashMap<>();
  private final ScheduledExecutorService poller;

  ClusterHub(Store store, Duration pollInterval) {
    this.store = store;
    this.poller = Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().name("cluster-poll").daemon().factory());
    long ms = pollInterval.toMillis();
    poller.scheduleWithFixedDelay(this::poll, ms, ms, TimeUnit.MILLISECONDS);
  }

  @Override
  public void publish(Snapshot snapshot) {
    Snapshot kept = latest.merge(snapshot.controlPlaneId(), snapshot,
        (old, fresh) -> fresh.version() > old.version() ? fresh : old);
    if (kept != snapshot) {
      return;
    }
    for (ClusterConnection c : connections.values()) {
      if (c.controlPlaneId().equals(snapshot.controlPlaneId())) {
        c.offer(snapshot);
      }
    }
  }

  /**
   * The snapshot data planes of the control plane should serve, built from the store if the
   * stored version is newer or the DNS forwarding table of its networks changed (a transit
   * gateway became ready or went, its {@code dns_config} was patched, the control plane was
   * placed elsewhere). Level-triggered: the current rows decide, whoever changed them.
   */
  Optional<Snapshot> current(UUID controlPlaneId) {
    Snapshot known = latest.get(controlPlaneId);
    long stored = store.coreEntities().configVersion(controlPlaneId);
    if (known != null && known.version() >= stored && known.dnsForwarding().equals(Json.write(
        DnsForwarding.table(store.configurations(), store.transitGateways(), controlPlaneId)))) {
      return Optional.of(known);
    }
    try {
      Snapshot built = store.inTransaction(tx -> {
        long version = tx.coreEntities().configVersion(controlPlaneId);
        if (known != null && version <= known.version()) {
          // Only the forwarding table changed: a new version, so data planes take it.
          version = tx.coreEntities().bumpConfigVersion(controlPlaneId);
        }
        return SnapshotBuilder.build(tx, controlPlaneId, version);
      });
      publish(built);
      return Optional.of(latest.get(controlPlaneId));
    } catch (ApiException e) {
      // Every stored configuration passed the same check when it was written; a failure here
      // means the rules changed under it. Keep serving what data planes have.
      LOG.error("cluster: stored configuration of control plane {} is invalid: {}",
          controlPlaneId, e.invalid());
      return Optional.ofNullable(known);
    }
  }

  Optional<String> expectedHash(UUID controlPlaneId) {
    return current(controlPlaneId).map(Snapshot::configHash);
  }

  void connected(ClusterConnection connection) {
    ClusterConnection old = connections.put(connection.nodeId(), connection);
    if (old != null) {
      old.close();
    }
    current(connection.controlPlaneId()).ifPresent(connection::offer);
  }

  void disconnected(ClusterConnection connection) {
    connections.remove(connection.nodeId(), connection);
  }

  void disconnect(UUID nodeId) {
    Optional.ofNullable(connections.remove(nodeId)).ifPresent(ClusterConnection::close);
  }

  int connectionCount() {
    return connections.size();
  }

  private void poll() {
    try {
      Set<UUID> planes = ConcurrentHashMap.newKeySet();
      connections.values().forEach(c -> planes.add(c.controlPlaneId()));
      planes.forEach(this::current);
    } catch (RuntimeException e) {
      LOG.warn("cluster: configuration poll failed: {}", e.toString());
    }
  }

  @Override
  public void close() {
    poller.shutdownNow();
    connections.values().forEach(ClusterConnection::close);
    connections.clear();
  }
}
