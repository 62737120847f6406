package io.causeway.controlplane;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.causeway.gateway.KongConfig;
import io.causeway.store.CoreEntityKind;
import io.causeway.store.CoreEntityRepository;
import io.causeway.store.CoreEntityRow;
import io.causeway.store.Tx;
import java.util.Optional;
import java.util.UUID;

/**
 * Builds a control plane's snapshot from its stored entities and checks it with the data plane's
 * own validator before anyone may publish it: an invalid configuration is a 400 to the writer
 * (whose transaction then rolls back), never a snapshot.
 */
final class SnapshotBuilder {
  private SnapshotBuilder() {}

  /**
   * Reads every entity and the DNS forwarding table through {@code tx} (the writer's transaction,
   * so the snapshot is exactly what commits with {@code version}).
   *
   * @throws ApiException 400 naming each problem by its path in the snapshot
   */
  static Snapshot build(Tx tx, UUID controlPlaneId, long version) {
    return build(tx.coreEntities(), controlPlaneId, version,
        DnsForwarding.table(tx.configurations(), tx.transitGateways(), controlPlaneId));
  }

  static Snapshot build(CoreEntityRepository entities, UUID controlPlaneId, long version,
      ArrayNode dnsForwarding) {
    ObjectNode root = Json.object();
    root.put("_format_version", "3.0");
    for (CoreEntityKind kind : CoreEntityKind.values()) {
      ArrayNode array = root.putArray(kind.wire());
      for (CoreEntityRow row : entities.list(controlPlaneId, kind, Optional.empty())) {
        array.add(CoreEntityShapes.forSnapshot(row));
      }
    }
    // Empty for a control plane in no network: its data planes use the system resolver only.
    root.putObject("_causeway").set("dns_forwarding", dnsForwarding);
    String config = Json.write(root);
    return switch (KongConfig.check(root)) {
      case KongConfig.Check.Valid valid ->
          new Snapshot(controlPlaneId, version, valid.configHash(), config,
              Json.write(dnsForwarding));
      case KongConfig.Check.Invalid invalid ->
          throw ApiException.badRequest(CoreEntityShapes.parameters(invalid.problems(), ""));
    };
  }
}
