package io.causeway.controlplane;

import io.causeway.store.Tx;
import java.util.Collection;
import java.util.Optional;
import java.util.UUID;

/**
 * Where writers of core entities get their next snapshot model and hand it over once committed
 * (the cluster hub, which pushes it to connected data planes).
 */
interface SnapshotSink {
  /**
   * The model after a write at {@code version} that touched {@code touched} (empty: unknown,
   * build it whole), read and checked through the writer's transaction {@code tx}.
   *
   * @throws ApiException 400 when the resulting configuration is invalid
   */
  SnapshotModel next(Tx tx, UUID controlPlaneId, long version,
      Collection<SnapshotModel.Touched> touched);

  /**
   * Called after the commit that made {@code model}, from request threads; must not block long.
   */
  void publish(SnapshotModel model);

  /** A sink that keeps nothing and builds every model whole (no cluster listener). */
  static SnapshotSink none() {
    return new SnapshotSink() {
      @Override
      public SnapshotModel next(Tx tx, UUID cp, long version,
          Collection<SnapshotModel.Touched> touched) {
        return SnapshotBuilder.next(tx, Optional.empty(), cp, version, touched);
      }

      @Override
      public void publish(SnapshotModel model) { }
    };
  }
}
