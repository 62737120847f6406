package io.causeway.controlplane;

import io.causeway.gateway.KongConfig;
import io.causeway.store.CoreEntityRepository;
import io.causeway.store.Tx;
import java.util.Collection;
import java.util.Optional;
import java.util.UUID;

/**
 * Builds a control plane's snapshot model and checks it with the data plane's own validator
 * before anyone may publish it: an invalid configuration is a 400 to the writer (whose
 * transaction then rolls back), never a snapshot.
 *
 * <p>Two paths. Whole: every row is read and the document is checked whole by {@code
 * KongConfig} (cold start, a stale model, a whole-document apply). Incremental: when the last
 * committed model is exactly the previous version (writers of one control plane take turns on
 * the version row, so it usually is), only the touched entities are read again; each was already
 * checked alone by the API, and {@link SnapshotModel#next} checks the references and names that
 * span entities, falling back to the whole check whenever one might fail.
 */
final class SnapshotBuilder {
  private SnapshotBuilder() {}

  /**
   * The model at {@code version} after a write that touched {@code touched}.
   *
   * @throws ApiException 400 naming each problem by its path in the snapshot
   */
  static SnapshotModel next(Tx tx, Optional<SnapshotModel> last, UUID controlPlaneId,
      long version, Collection<SnapshotModel.Touched> touched) {
    if (last.isPresent() && last.get().version() == version - 1 && !touched.isEmpty()) {
      Optional<SnapshotModel> next = last.get().next(tx.coreEntities(), version, touched);
      if (next.isPresent()) {
        return next.get();
      }
    }
    return build(tx.coreEntities(), controlPlaneId, version);
  }

  /**
   * Reads every entity through {@code entities} (the writer's transaction, so the model is
   * exactly what commits with {@code version}) and checks the whole document.
   *
   * @throws ApiException 400 naming each problem by its path in the snapshot
   */
  static SnapshotModel build(CoreEntityRepository entities, UUID controlPlaneId, long version) {
    SnapshotModel model = SnapshotModel.of(entities, controlPlaneId, version);
    // Checked without DNS forwarding: the tables come from transit gateways, checked apart
    // (DnsForwarding), and differ by network.
    if (KongConfig.check(model.document("[]")) instanceof KongConfig.Check.Invalid invalid) {
      throw ApiException.badRequest(CoreEntityShapes.parameters(invalid.problems(), ""));
    }
    return model;
  }
}
