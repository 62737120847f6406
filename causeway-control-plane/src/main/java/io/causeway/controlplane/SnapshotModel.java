package io.causeway.controlplane;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.causeway.store.CoreEntityKind;
import io.causeway.store.CoreEntityRepository;
import io.causeway.store.CoreEntityRow;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The entities of one control plane's configuration at one version, each kept as the JSON it has
 * in snapshots, in snapshot order (kind, then {@code created_at}, then id). Immutable: a write
 * derives the next model from the last one by re-reading only the entities it touched
 * (copy-on-write of the indexes, not of the JSON), so a change to a 10,000-route configuration
 * neither re-reads nor re-encodes the other 9,999. Both paths, incremental ({@link #next}) and
 * whole ({@link #of}), render the same text for the same rows: a snapshot's hash does not depend
 * on how it was built, nor on the replica that built it.
 */
final class SnapshotModel {
  /** One entity as snapshots carry it. */
  record Entry(CoreEntityKind kind, UUID id, String order, Optional<UUID> parentId,
      Optional<String> name, String json) {}

  /** An entity a write inserted, changed or deleted (it is read again from the transaction). */
  record Touched(CoreEntityKind kind, UUID id) {
    Touched {
      requireNonNull(kind, "kind");
      requireNonNull(id, "id");
    }
  }

  private final UUID controlPlaneId;
  private final long version;
  private final Map<UUID, Entry> byId;
  private final EnumMap<CoreEntityKind, TreeMap<String, Entry>> ordered;
  /** The document up to (excluding) {@code _causeway}: built once, on first use. */
  private volatile String entities;

  private SnapshotModel(UUID controlPlaneId, long version, Map<UUID, Entry> byId,
      EnumMap<CoreEntityKind, TreeMap<String, Entry>> ordered) {
    this.controlPlaneId = controlPlaneId;
    this.version = version;
    this.byId = byId;
    this.ordered = ordered;
  }

  /** A model of every row of the control plane (read through {@code entities}). */
  static SnapshotModel of(CoreEntityRepository entities, UUID controlPlaneId, long version) {
    Map<UUID, Entry> byId = new HashMap<>();
    EnumMap<CoreEntityKind, TreeMap<String, Entry>> ordered = new EnumMap<>(CoreEntityKind.class);
    for (CoreEntityKind kind : CoreEntityKind.values()) {
      TreeMap<String, Entry> map = new TreeMap<>();
      ordered.put(kind, map);
      for (CoreEntityRow row : entities.list(controlPlaneId, kind, Optional.empty())) {
        Entry e = entry(row);
        map.put(e.order(), e);
        byId.put(e.id(), e);
      }
    }
    return new SnapshotModel(controlPlaneId, version, byId, ordered);
  }

  private static Entry entry(CoreEntityRow row) {
    // Zero-padded millis then the id's text: string order is (created_at, id), the same order
    // whichever database listed the rows.
    String order = String.format(Locale.ROOT, "%019d", row.createdAt().toEpochMilli())
        + row.id();
    JsonNode name = Json.read(row.document()).get(row.kind() == CoreEntityKind.TARGETS
        ? "target" : "name");
    return new Entry(row.kind(), row.id(), order, row.parentId(),
        Optional.ofNullable(name).filter(JsonNode::isTextual).map(JsonNode::asText),
        Json.write(CoreEntityShapes.forSnapshot(row)));
  }

  UUID controlPlaneId() {
    return controlPlaneId;
  }

  long version() {
    return version;
  }

  int size() {
    return byId.size();
  }

  /** The same entities under a new version (a change of the DNS forwarding tables only). */
  SnapshotModel withVersion(long newVersion) {
    SnapshotModel m = new SnapshotModel(controlPlaneId, newVersion, byId, ordered);
    m.entities = entities;
    return m;
  }

  /**
   * The model after a write that touched {@code touched}, read through the writer's transaction;
   * empty when the result needs the whole check (a reference or a name that the data plane's
   * validator might refuse): the caller then builds and checks the whole snapshot, so every
   * refusal is the same 400 whichever path found it. Each touched entity was already checked
   * alone ({@link CoreEntityShapes#check}); ids and exact names are unique by the store's
   * constraints; what is left are references and the case-insensitive names of upstreams and
   * targets, checked here against the model.
   */
  Optional<SnapshotModel> next(CoreEntityRepository entities, long newVersion,
      Collection<Touched> touched) {
    Map<UUID, Entry> ids = new HashMap<>(byId);
    EnumMap<CoreEntityKind, TreeMap<String, Entry>> lists = new EnumMap<>(CoreEntityKind.class);
    Set<CoreEntityKind> copied = new HashSet<>();
    ordered.forEach((k, v) -> lists.put(k, v));
    Set<Entry> written = new HashSet<>();
    Set<UUID> gone = new HashSet<>();
    for (Touched t : touched) {
      Entry old = ids.remove(t.id());
      if (old != null) {
        copy(lists, copied, old.kind()).remove(old.order());
      }
      Optional<CoreEntityRow> row = entities.get(controlPlaneId, t.kind(), t.id());
      if (row.isPresent()) {
        Entry e = entry(row.get());
        ids.put(e.id(), e);
        copy(lists, copied, e.kind()).put(e.order(), e);
        written.add(e);
      } else {
        gone.add(t.id());
      }
    }
    // An upstream's targets go with it (the writer deleted them too, by the same transaction).
    for (UUID id : gone) {
      for (Entry child : lists.get(CoreEntityKind.TARGETS).values().stream()
          .filter(c -> c.parentId().equals(Optional.of(id))).toList()) {
        ids.remove(child.id());
        copy(lists, copied, CoreEntityKind.TARGETS).remove(child.order());
      }
      if (lists.get(CoreEntityKind.ROUTES).values().stream()
          .anyMatch(r -> r.parentId().equals(Optional.of(id)))) {
        return Optional.empty();
      }
    }
    for (Entry e : written) {
      if (!consistent(e, ids, lists)) {
        return Optional.empty();
      }
    }
    return Optional.of(new SnapshotModel(controlPlaneId, newVersion, ids, lists));
  }

  private static TreeMap<String, Entry> copy(EnumMap<CoreEntityKind, TreeMap<String, Entry>> lists,
      Set<CoreEntityKind> copied, CoreEntityKind kind) {
    if (copied.add(kind)) {
      lists.put(kind, new TreeMap<>(lists.get(kind)));
    }
    return lists.get(kind);
  }

  private static boolean consistent(Entry e, Map<UUID, Entry> ids,
      EnumMap<CoreEntityKind, TreeMap<String, Entry>> lists) {
    switch (e.kind()) {
      case ROUTES -> {
        if (e.parentId().isPresent() && !isKind(ids.get(e.parentId().get()),
            CoreEntityKind.SERVICES)) {
          return false;
        }
      }
      case TARGETS -> {
        if (e.parentId().isEmpty() || !isKind(ids.get(e.parentId().get()),
            CoreEntityKind.UPSTREAMS)) {
          return false;
        }
      }
      case SERVICES, UPSTREAMS -> { }
    }
    if (e.name().isEmpty()) {
      return true;
    }
    // The data plane compares upstream names and target addresses without case; service and
    // route names exactly (as the store's unique key does).
    boolean caseless = e.kind() == CoreEntityKind.UPSTREAMS || e.kind() == CoreEntityKind.TARGETS;
    String name = e.name().get();
    for (Entry other : lists.get(e.kind()).values()) {
      if (other.id().equals(e.id()) || other.name().isEmpty()
          || (e.kind() == CoreEntityKind.TARGETS && !other.parentId().equals(e.parentId()))) {
        continue;
      }
      String n = other.name().get();
      if (caseless ? n.equalsIgnoreCase(name) : n.equals(name)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isKind(Entry e, CoreEntityKind kind) {
    return e != null && e.kind() == kind;
  }

  /**
   * The snapshot document with {@code dnsForwarding} (a JSON array) as its {@code
   * _causeway.dns_forwarding}: the Kong 3.x declarative format, entities in snapshot order.
   */
  String document(String dnsForwarding) {
    String head = entities;
    if (head == null) {
      StringBuilder b = new StringBuilder(64 + byId.size() * 256);
      b.append("{\"_format_version\":\"3.0\"");
      for (CoreEntityKind kind : CoreEntityKind.values()) {
        b.append(",\"").append(kind.wire()).append("\":[");
        boolean first = true;
        for (Entry e : ordered.get(kind).values()) {
          if (!first) {
            b.append(',');
          }
          first = false;
          b.append(e.json());
        }
        b.append(']');
      }
      head = b.toString();
      entities = head;
    }
    return head + ",\"_causeway\":{\"dns_forwarding\":" + dnsForwarding + "}}";
  }

  /** SHA-256 (hex) of the document's UTF-8 bytes: the snapshot's {@code config_hash}. */
  static String hash(String document) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(document.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is a required JDK algorithm", e);
    }
  }
}
