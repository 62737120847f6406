package io.causeway.controlplane;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.causeway.gateway.KongConfig;
import io.causeway.model.InvalidParameter;
import io.causeway.model.InvalidParameter.Rule;
import io.causeway.store.CoreEntityKind;
import io.causeway.store.CoreEntityRow;
import io.causeway.store.Store;
import io.causeway.store.Tx;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A control plane's whole gateway configuration as one Kong 3.x declarative document (our
 * extension, for {@code causeway config dump|apply}): {@code GET .../core-entities/config}
 * answers the current snapshot's document; {@code PUT} replaces every entity with those of a
 * document in one transaction (one configuration version), {@code ?dry_run=true} reports what
 * would change and changes nothing. Entities keep their ids when they keep their name (a target
 * its address); entities without a name get an id derived from their content, so applying the
 * same file twice changes nothing.
 */
final class CoreEntitiesConfig {
  static final String PATH = CoreEntitiesApi.BASE + "/config";

  private final Store store;
  private final ClusterHub hub;

  CoreEntitiesConfig(Store store, ClusterHub hub) {
    this.store = store;
    this.hub = hub;
  }

  void routes(RoutesConfig routes) {
    routes.get(PATH, this::dump);
    routes.put(PATH, this::apply);
  }

  /** One entity the document asks for. */
  private record Desired(CoreEntityKind kind, UUID id, Optional<UUID> parent, ObjectNode doc) {}

  /** What an apply did (or, dry, would do). */
  private record Outcome(SnapshotModel model, int created, int updated, int deleted,
      int unchanged) {}

  /** Thrown inside a dry run's transaction to roll it back, carrying the would-be outcome. */
  private static final class DryRun extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Outcome outcome;

    DryRun(Outcome outcome) {
      super("dry run", null, false, false);
      this.outcome = outcome;
    }
  }

  private UUID controlPlane(Context ctx) {
    Principal who = Authenticator.principal(ctx);
    UUID id = Ids.path(ctx, "controlPlaneId");
    store.controlPlanes().get(who.organizationId(), id).orElseThrow(ApiException::notFound);
    return id;
  }

  private void dump(Context ctx) {
    UUID cp = controlPlane(ctx);
    Snapshot snapshot = hub.current(cp).orElseThrow(() ->
        ApiException.unavailable("The stored configuration cannot be read; retry later"));
    ObjectNode doc = (ObjectNode) Json.read(snapshot.config());
    // DNS forwarding belongs to networks, not to the applied document.
    doc.remove("_causeway");
    ctx.header("X-Causeway-Config-Version", Long.toString(snapshot.version()));
    ctx.header("X-Causeway-Config-Hash", snapshot.configHash());
    Responses.json(ctx, 200, doc);
  }

  private void apply(Context ctx) {
    UUID cp = controlPlane(ctx);
    boolean dry = "true".equals(ctx.queryParam("dry_run"));
    JsonNode body = Bodies.json(ctx);
    if (!(body instanceof ObjectNode document)) {
      throw ApiException.badRequest(InvalidParameter.of("body", Rule.IS_OBJECT,
          "body: " + body.getNodeType() + " (expected: a Kong declarative document)"));
    }
    if (document.has("_causeway")) {
      throw ApiException.badRequest(InvalidParameter.of("_causeway", Rule.INVALID,
          "_causeway: DNS forwarding comes from the transit gateways of the network a data"
              + " plane runs in (expected: no _causeway in an applied configuration)"));
    }
    if (KongConfig.check(document) instanceof KongConfig.Check.Invalid invalid) {
      throw ApiException.badRequest(CoreEntityShapes.parameters(invalid.problems(), ""));
    }
    Outcome outcome;
    try {
      outcome = store.inTransaction(tx -> {
        Outcome done = replace(tx, cp, document);
        if (dry) {
          throw new DryRun(done);
        }
        return done;
      });
    } catch (DryRun d) {
      outcome = d.outcome;
    }
    if (!dry) {
      hub.publish(outcome.model());
    }
    ObjectNode answer = Json.object();
    answer.put("dry_run", dry);
    // The hash of the document as data planes in no network get it (the one `GET` answers);
    // a dry run's model never reaches the hub's caches.
    answer.put("version", outcome.model().version());
    answer.put("config_hash", configHash(outcome.model(), dry));
    answer.put("created", outcome.created());
    answer.put("updated", outcome.updated());
    answer.put("deleted", outcome.deleted());
    answer.put("unchanged", outcome.unchanged());
    Responses.json(ctx, 200, answer);
  }

  private static Outcome replace(Tx tx, UUID cp, ObjectNode document) {
    long version = tx.coreEntities().bumpConfigVersion(cp);
    Map<CoreEntityKind, List<CoreEntityRow>> existing = new HashMap<>();
    for (CoreEntityKind kind : CoreEntityKind.values()) {
      existing.put(kind, tx.coreEntities().list(cp, kind, Optional.empty()));
    }
    List<Desired> desired = new Flattener(cp, existing).flatten(document);
    Set<UUID> keep = new HashSet<>();
    desired.forEach(d -> keep.add(d.id()));
    Map<UUID, CoreEntityRow> byId = new HashMap<>();
    existing.values().forEach(rows -> rows.forEach(r -> byId.put(r.id(), r)));
    // Entities that change first let go of their name and parent: a name may move to another
    // entity within one apply, and a kept route must not pin a service that goes.
    for (Desired d : desired) {
      CoreEntityRow old = byId.get(d.id());
      if (old != null && !same(old, d)) {
        tx.coreEntities().update(CoreEntityRow.create(d.id(), cp, d.kind(),
            Optional.of("~" + d.id()), Optional.empty(), old.document()));
      }
    }
    int deleted = 0;
    // Children before parents: the parent foreign key refuses the other order.
    for (CoreEntityKind kind : List.of(CoreEntityKind.TARGETS, CoreEntityKind.ROUTES,
        CoreEntityKind.UPSTREAMS, CoreEntityKind.SERVICES)) {
      for (CoreEntityRow row : existing.get(kind)) {
        if (!keep.contains(row.id())) {
          tx.coreEntities().delete(cp, kind, row.id());
          deleted++;
        }
      }
    }
    int unchanged = 0;
    List<CoreEntityRow> fresh = new ArrayList<>();
    List<CoreEntityRow> changed = new ArrayList<>();
    for (Desired d : desired) {
      CoreEntityRow old = byId.get(d.id());
      CoreEntityRow row = CoreEntityRow.create(d.id(), cp, d.kind(),
          CoreEntityShapes.uniqueKey(d.kind(), d.doc(), d.parent()), d.parent(),
          Json.write(d.doc()));
      if (old == null) {
        fresh.add(row);
      } else if (same(old, d)) {
        unchanged++;
      } else {
        changed.add(row);
      }
    }
    // New entities first, in one batch (the document's order puts parents before children);
    // then the changed ones, which may now point at a new parent.
    tx.coreEntities().insertAll(fresh);
    changed.forEach(row -> tx.coreEntities().update(row));
    SnapshotModel model = SnapshotBuilder.build(tx.coreEntities(), cp, version);
    return new Outcome(model, fresh.size(), changed.size(), deleted, unchanged);
  }

  private static boolean same(CoreEntityRow old, Desired d) {
    return old.parentId().equals(d.parent()) && Json.read(old.document()).equals(d.doc());
  }

  /** Turns a declarative document into entities with final ids and parents. */
  private static final class Flattener {
    private final UUID cp;
    private final Map<CoreEntityKind, Map<String, UUID>> existingByKey = new HashMap<>();
    private final Map<CoreEntityKind, Map<String, UUID>> refs = new HashMap<>();
    private final List<Desired> out = new ArrayList<>();

    Flattener(UUID cp, Map<CoreEntityKind, List<CoreEntityRow>> existing) {
      this.cp = cp;
      for (CoreEntityKind kind : CoreEntityKind.values()) {
        Map<String, UUID> keys = new HashMap<>();
        existing.get(kind).forEach(r -> r.uniqueKey().ifPresent(k -> keys.put(k, r.id())));
        existingByKey.put(kind, keys);
        refs.put(kind, new HashMap<>());
      }
    }

    List<Desired> flatten(ObjectNode document) {
      List<ObjectNode[]> routes = new ArrayList<>();
      for (JsonNode s : document.path("services")) {
        UUID id = add(CoreEntityKind.SERVICES, (ObjectNode) s, Optional.empty());
        for (JsonNode r : s.path("routes")) {
          ((ObjectNode) r).put("service", id.toString());
          routes.add(new ObjectNode[] {(ObjectNode) r});
        }
      }
      document.path("routes").forEach(r -> routes.add(new ObjectNode[] {(ObjectNode) r}));
      for (ObjectNode[] r : routes) {
        add(CoreEntityKind.ROUTES, r[0], reference(CoreEntityKind.SERVICES, r[0].get("service")));
      }
      List<ObjectNode> targets = new ArrayList<>();
      for (JsonNode u : document.path("upstreams")) {
        UUID id = add(CoreEntityKind.UPSTREAMS, (ObjectNode) u, Optional.empty());
        for (JsonNode t : u.path("targets")) {
          ((ObjectNode) t).put("upstream", id.toString());
          targets.add((ObjectNode) t);
        }
      }
      document.path("targets").forEach(t -> targets.add((ObjectNode) t));
      for (ObjectNode t : targets) {
        add(CoreEntityKind.TARGETS, t, reference(CoreEntityKind.UPSTREAMS, t.get("upstream")));
      }
      return out;
    }

    private Optional<UUID> reference(CoreEntityKind kind, JsonNode ref) {
      if (ref == null || ref.isNull()) {
        return Optional.empty();
      }
      String key = ref.isObject() ? ref.path("id").asText(ref.path("name").asText()) : ref.asText();
      // The gateway's check already proved that every reference resolves within the document.
      return Optional.ofNullable(refs.get(kind).get(key));
    }

    private UUID add(CoreEntityKind kind, ObjectNode given, Optional<UUID> parent) {
      ObjectNode body = given.deepCopy();
      body.remove(List.of("routes", "targets"));
      ObjectNode doc = CoreEntityShapes.normalize(kind, body);
      Optional<String> key = CoreEntityShapes.uniqueKey(kind, doc, parent);
      UUID id = Optional.ofNullable(given.get("id")).filter(JsonNode::isTextual)
          .map(n -> UUID.fromString(n.asText()))
          .or(() -> key.map(k -> existingByKey.get(kind).get(k)))
          .orElseGet(() -> UUID.nameUUIDFromBytes((cp + "/" + kind.wire() + "/"
              + parent.map(UUID::toString).orElse("") + "/" + key.orElse(Json.write(doc)))
              .getBytes(StandardCharsets.UTF_8)));
      refs.get(kind).put(id.toString(), id);
      if (doc.hasNonNull("name")) {
        refs.get(kind).put(doc.get("name").asText(), id);
      }
      out.add(new Desired(kind, id, parent, doc));
      return id;
    }
  }

  /**
   * The hash of the document for data planes in no network. An applied model is in the hub's
   * cache (which builds and hashes it once for pushing too), unless a newer write already replaced
   * it there; a dry run's model never reaches the hub.
   */
  private String configHash(SnapshotModel model, boolean dry) {
    if (!dry) {
      Snapshot cached = hub.snapshot(model, Optional.empty());
      if (cached.version() == model.version()) {
        return cached.configHash();
      }
    }
    return SnapshotModel.hash(model.document("[]"));
  }
}
