package io.causeway.controlplane;

/**
 * Where committed snapshots go (the cluster listener pushes them to connected data planes).
 * Called after the commit that made the snapshot, from request threads; must not block long.
 */
interface SnapshotSink {
  void publish(Snapshot snapshot);

  /** A sink that drops everything (a control plane without a cluster listener). */
  static SnapshotSink none() {
    return snapshot -> { };
  }
}
