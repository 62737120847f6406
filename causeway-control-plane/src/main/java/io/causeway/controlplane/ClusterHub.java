package io.causeway.controlplane;

import io.causeway.store.Store;
import io.causeway.store.Tx;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connected data planes, the newest snapshot model of each control plane, and the snapshots
 * per (control plane, network) built from them. Writes on this replica arrive through {@link
 * #publish}; a poll of the stored configuration versions ({@code pollInterval}) catches writes
 * made by other replicas (and models older than a restart). DNS forwarding changes are noticed
 * through the store's DNS epoch, which every change of a transit gateway's state or {@code
 * dns_config} moves in its own transaction: one primary-key read every {@code dnsInterval}
 * (100 ms by default), after which only the tables of networks with connected data planes are
 * read again. Thread-safe.
 */
final class ClusterHub implements SnapshotSink, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterHub.class);
  static final Duration DNS_INTERVAL = Duration.ofMillis(100);

  private record Key(UUID controlPlaneId, Optional<UUID> networkId) {}

  private record Table(long epoch, String json) {}

  private final Store store;
  private final Map<UUID, SnapshotModel> models = new ConcurrentHashMap<>();
  private final Map<Key, Snapshot> snapshots = new ConcurrentHashMap<>();
  private final Map<UUID, Table> tables = new ConcurrentHashMap<>();
  private final Map<UUID, ClusterConnection> connections = new ConcurrentHashMap<>();
  private final ScheduledExecutorService poller;
  /** The newest DNS epoch read (tables older than it are read again on use). */
  private final AtomicLong seenEpoch = new AtomicLong(-1);
  /** The epoch the DNS check last pushed for (touched by the poller thread only). */
  private long pushedEpoch = -1;

  ClusterHub(Store store, Duration pollInterval) {
    this(store, pollInterval, DNS_INTERVAL);
  }

  ClusterHub(Store store, Duration pollInterval, Duration dnsInterval) {
    this.store = store;
    this.poller = Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().name("cluster-poll").daemon().factory());
    long ms = pollInterval.toMillis();
    poller.scheduleWithFixedDelay(this::poll, ms, ms, TimeUnit.MILLISECONDS);
    long dns = dnsInterval.toMillis();
    poller.scheduleWithFixedDelay(this::checkDns, 0, dns, TimeUnit.MILLISECONDS);
  }

  @Override
  public SnapshotModel next(Tx tx, UUID controlPlaneId, long version,
      Collection<SnapshotModel.Touched> touched) {
    return SnapshotBuilder.next(tx, Optional.ofNullable(models.get(controlPlaneId)),
        controlPlaneId, version, touched);
  }

  @Override
  public void publish(SnapshotModel model) {
    SnapshotModel kept = models.merge(model.controlPlaneId(), model,
        (old, fresh) -> fresh.version() > old.version() ? fresh : old);
    if (kept == model) {
      // Off the writer's thread: the writer answers its client at once; building the document
      // (megabytes for 10,000 routes) and hashing it happen on the hub's thread, in order.
      try {
        poller.execute(() -> push(model.controlPlaneId()));
      } catch (java.util.concurrent.RejectedExecutionException e) {
        // closed: no connections left to push to
      }
    }
  }

  /** Offers every connected data plane of the control plane its network's newest snapshot. */
  private void push(UUID controlPlaneId) {
    SnapshotModel model = models.get(controlPlaneId);
    if (model == null) {
      return;
    }
    try {
      offerAll(model);
    } catch (RuntimeException e) {
      LOG.warn("cluster: pushing version {} of control plane {} failed: {}", model.version(),
          controlPlaneId, e.toString());
    }
  }

  private void offerAll(SnapshotModel model) {
    UUID controlPlaneId = model.controlPlaneId();
    Map<Optional<UUID>, Snapshot> built = new HashMap<>();
    for (ClusterConnection c : connections.values()) {
      if (c.controlPlaneId().equals(controlPlaneId)) {
        c.offer(built.computeIfAbsent(c.networkId(), n -> snapshot(model, n)));
      }
    }
  }

  /** The snapshot of {@code model} for data planes in {@code network} (none: no forwarding). */
  Snapshot snapshot(SnapshotModel model, Optional<UUID> network) {
    Key key = new Key(model.controlPlaneId(), network);
    String table = network.map(this::table).orElse("[]");
    Snapshot known = snapshots.get(key);
    if (known != null && (known.version() > model.version()
        || (known.version() == model.version() && known.dnsForwarding().equals(table)))) {
      return known;
    }
    String config = model.document(table);
    Snapshot fresh = new Snapshot(model.controlPlaneId(), network, model.version(),
        SnapshotModel.hash(config), config, table);
    return snapshots.merge(key, fresh,
        (old, mine) -> mine.version() >= old.version() ? mine : old);
  }

  /** The network's table as of the newest epoch read (read again when the epoch moved). */
  private String table(UUID network) {
    long epoch = seenEpoch.get();
    Table t = tables.get(network);
    if (t != null && t.epoch() >= epoch && epoch >= 0) {
      return t.json();
    }
    String json = DnsForwarding.json(store.transitGateways(), network);
    tables.put(network, new Table(epoch, json));
    return json;
  }

  /**
   * The snapshot data planes of the control plane in {@code network} should serve: the newest
   * model (built from the store if the stored version is newer) with the network's current
   * forwarding table.
   */
  Optional<Snapshot> current(UUID controlPlaneId, Optional<UUID> network) {
    seenEpoch.accumulateAndGet(store.transitGateways().dnsEpoch(), Math::max);
    return model(controlPlaneId).map(m -> snapshot(m, network));
  }

  /** The snapshot of data planes in no network (also the document {@code config} answers). */
  Optional<Snapshot> current(UUID controlPlaneId) {
    return current(controlPlaneId, Optional.empty());
  }

  Optional<String> expectedHash(UUID controlPlaneId, Optional<UUID> network) {
    return current(controlPlaneId, network).map(Snapshot::configHash);
  }

  Optional<String> expectedHash(UUID controlPlaneId) {
    return expectedHash(controlPlaneId, Optional.empty());
  }

  /** The newest model, rebuilt whole from the store when the stored version is newer. */
  private Optional<SnapshotModel> model(UUID controlPlaneId) {
    SnapshotModel known = models.get(controlPlaneId);
    long stored = store.coreEntities().configVersion(controlPlaneId);
    if (known != null && known.version() >= stored) {
      return Optional.of(known);
    }
    try {
      SnapshotModel built = store.inTransaction(tx -> SnapshotBuilder.build(tx.coreEntities(),
          controlPlaneId, tx.coreEntities().configVersion(controlPlaneId)));
      publish(built);
      return Optional.ofNullable(models.get(controlPlaneId));
    } catch (ApiException e) {
      // Every stored configuration passed the same check when it was written; a failure here
      // means the rules changed under it. Keep serving what data planes have.
      LOG.error("cluster: stored configuration of control plane {} is invalid: {}",
          controlPlaneId, e.invalid());
      return Optional.ofNullable(known);
    }
  }

  void connected(ClusterConnection connection) {
    ClusterConnection old = connections.put(connection.nodeId(), connection);
    if (old != null) {
      old.close();
    }
    current(connection.controlPlaneId(), connection.networkId()).ifPresent(connection::offer);
  }

  /** The data plane asked for a whole snapshot: a delta did not match its copy. */
  void resync(ClusterConnection connection) {
    connection.resync();
    current(connection.controlPlaneId(), connection.networkId()).ifPresent(connection::offer);
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

  private Set<UUID> connectedPlanes() {
    Set<UUID> planes = ConcurrentHashMap.newKeySet();
    connections.values().forEach(c -> planes.add(c.controlPlaneId()));
    return planes;
  }

  private void poll() {
    try {
      connectedPlanes().forEach(this::model);
    } catch (RuntimeException e) {
      LOG.warn("cluster: configuration poll failed: {}", e.toString());
    }
  }

  /**
   * When the DNS epoch moved, re-offers every connected control plane's snapshots: those whose
   * network's table changed are rebuilt (same version, new hash), the others are the ones the
   * connections already sent and are skipped there.
   */
  private void checkDns() {
    try {
      if (connections.isEmpty()) {
        return;
      }
      long epoch = store.transitGateways().dnsEpoch();
      if (epoch == pushedEpoch) {
        return;
      }
      seenEpoch.accumulateAndGet(epoch, Math::max);
      connectedPlanes().forEach(this::push);
      pushedEpoch = epoch;
    } catch (RuntimeException e) {
      LOG.warn("cluster: DNS forwarding check failed: {}", e.toString());
    }
  }

  @Override
  public void close() {
    poller.shutdownNow();
    connections.values().forEach(ClusterConnection::close);
    connections.clear();
  }
}
