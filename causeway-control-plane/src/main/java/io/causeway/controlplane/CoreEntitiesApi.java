package io.causeway.controlplane;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * {@code /v2/control-planes/{id}/core-entities/}: services, routes (also under a service),
 * upstreams and targets (under an upstream), with Kong's Admin API shapes and semantics: list
 * ({@code size}, {@code offset}, {@code tags}), create, get, PUT (upsert by id or name), PATCH,
 * delete. Every write bumps the control plane's configuration version, derives and checks the
 * next snapshot model in the same transaction (re-reading only the entities it touched, see
 * {@link SnapshotBuilder}), and hands the committed model to the {@link SnapshotSink}.
 */
final class CoreEntitiesApi {
  static final String BASE = ControlPlanesApi.PATH + "/{controlPlaneId}/core-entities";
  private static final int DEFAULT_SIZE = 100;

  private final Store store;
  private final SnapshotSink sink;

  CoreEntitiesApi(Store store, SnapshotSink sink) {
    this.store = store;
    this.sink = sink;
  }

  void routes(RoutesConfig routes) {
    for (CoreEntityKind kind :
        List.of(CoreEntityKind.SERVICES, CoreEntityKind.ROUTES, CoreEntityKind.UPSTREAMS)) {
      String path = BASE + "/" + kind.wire();
      routes.get(path, ctx -> list(ctx, kind, Optional.empty()));
      routes.post(path, ctx -> create(ctx, kind, Optional.empty()));
      routes.get(path + "/{entity}", ctx -> get(ctx, kind, Optional.empty()));
      routes.put(path + "/{entity}", ctx -> put(ctx, kind, Optional.empty()));
      routes.patch(path + "/{entity}", ctx -> patch(ctx, kind, Optional.empty()));
      routes.delete(path + "/{entity}", ctx -> delete(ctx, kind, Optional.empty()));
    }
    String serviceRoutes = BASE + "/services/{parent}/routes";
    routes.get(serviceRoutes, ctx -> list(ctx, CoreEntityKind.ROUTES, Optional.of(
        CoreEntityKind.SERVICES)));
    routes.post(serviceRoutes, ctx -> create(ctx, CoreEntityKind.ROUTES, Optional.of(
        CoreEntityKind.SERVICES)));
    String targets = BASE + "/upstreams/{parent}/targets";
    Optional<CoreEntityKind> upstream = Optional.of(CoreEntityKind.UPSTREAMS);
    routes.get(targets, ctx -> list(ctx, CoreEntityKind.TARGETS, upstream));
    routes.post(targets, ctx -> create(ctx, CoreEntityKind.TARGETS, upstream));
    routes.get(targets + "/{entity}", ctx -> get(ctx, CoreEntityKind.TARGETS, upstream));
    routes.put(targets + "/{entity}", ctx -> put(ctx, CoreEntityKind.TARGETS, upstream));
    routes.patch(targets + "/{entity}", ctx -> patch(ctx, CoreEntityKind.TARGETS, upstream));
    routes.delete(targets + "/{entity}", ctx -> delete(ctx, CoreEntityKind.TARGETS, upstream));
  }

  // ---- handlers ---------------------------------------------------------------------------

  private void list(Context ctx, CoreEntityKind kind, Optional<CoreEntityKind> parentKind) {
    UUID cp = controlPlane(ctx);
    Optional<UUID> parent = pathParent(ctx, cp, parentKind);
    int size = size(ctx);
    Optional<Cursor> after = Optional.ofNullable(ctx.queryParam("offset")).map(Cursor::decode);
    Optional<String> tags = Optional.ofNullable(ctx.queryParam("tags")).filter(t -> !t.isEmpty());
    List<ObjectNode> data = new ArrayList<>();
    Optional<Cursor> next = Optional.empty();
    boolean skipping = after.isPresent();
    CoreEntityRow last = null;
    for (CoreEntityRow row : store.coreEntities().list(cp, kind, parent)) {
      if (skipping) {
        long at = row.createdAt().toEpochMilli();
        if (at < after.get().createdAtMillis()) {
          continue;
        }
        if (at == after.get().createdAtMillis()) {
          skipping = !row.id().equals(after.get().id());
          continue;
        }
        skipping = false;
      }
      ObjectNode rendered = CoreEntityShapes.render(row);
      if (!CoreEntityShapes.hasTags(rendered, tags)) {
        continue;
      }
      if (data.size() == size) {
        next = Optional.of(new Cursor(last.createdAt().toEpochMilli(), last.id()));
        break;
      }
      data.add(rendered);
      last = row;
    }
    ObjectNode body = Json.object();
    body.putArray("data").addAll(data);
    if (next.isPresent()) {
      String token = next.get().encode();
      body.put("offset", token);
      body.put("next", ctx.path() + "?size=" + size + "&offset=" + token
          + tags.map(t -> "&tags=" + java.net.URLEncoder.encode(t, StandardCharsets.UTF_8))
              .orElse(""));
    } else {
      body.putNull("offset");
      body.putNull("next");
    }
    Responses.json(ctx, 200, body);
  }

  private void create(Context ctx, CoreEntityKind kind, Optional<CoreEntityKind> parentKind) {
    UUID cp = controlPlane(ctx);
    Optional<UUID> pathParent = pathParent(ctx, cp, parentKind);
    ObjectNode body = object(ctx);
    UUID id = bodyId(body).orElseGet(UUID::randomUUID);
    Optional<UUID> parent = parent(cp, kind, body, pathParent);
    CoreEntityRow row = write(cp, kind, id, body, parent, tx -> tx.coreEntities().insert(
        CoreEntityRow.create(id, cp, kind, key(kind, body, parent), parent, docOf(kind, body))));
    Responses.json(ctx, 201, CoreEntityShapes.render(row));
  }

  private void get(Context ctx, CoreEntityKind kind, Optional<CoreEntityKind> parentKind) {
    UUID cp = controlPlane(ctx);
    Optional<UUID> parent = pathParent(ctx, cp, parentKind);
    CoreEntityRow row = find(cp, kind, ctx.pathParam("entity"), parent)
        .orElseThrow(ApiException::notFound);
    Responses.json(ctx, 200, CoreEntityShapes.render(row));
  }

  /** Kong's upsert: the body replaces the entity (defaults for what it leaves out). */
  private void put(Context ctx, CoreEntityKind kind, Optional<CoreEntityKind> parentKind) {
    UUID cp = controlPlane(ctx);
    Optional<UUID> pathParent = pathParent(ctx, cp, parentKind);
    String ref = ctx.pathParam("entity");
    ObjectNode body = object(ctx);
    Optional<CoreEntityRow> existing = find(cp, kind, ref, pathParent);
    Optional<UUID> refId = uuid(ref);
    if (refId.isEmpty()) {
      // Kong: PUT by name (a target by its address) keeps that name whatever the body says.
      body.put(kind == CoreEntityKind.TARGETS ? "target" : "name", ref);
    }
    UUID id = existing.map(CoreEntityRow::id).or(() -> refId).orElseGet(UUID::randomUUID);
    Optional<UUID> parent = parent(cp, kind, body, pathParent);
    Function<Tx, CoreEntityRow> upsert = existing.isPresent()
        ? tx -> tx.coreEntities().update(CoreEntityRow.create(id, cp, kind,
            key(kind, body, parent), parent, docOf(kind, body)))
            .orElseThrow(ApiException::notFound)
        : tx -> tx.coreEntities().insert(CoreEntityRow.create(id, cp, kind,
            key(kind, body, parent), parent, docOf(kind, body)));
    CoreEntityRow row = write(cp, kind, id, body, parent, upsert);
    Responses.json(ctx, existing.isPresent() ? 200 : 201, CoreEntityShapes.render(row));
  }

  /** Changes the given fields only; {@code url} replaces protocol, host, port and path. */
  private void patch(Context ctx, CoreEntityKind kind, Optional<CoreEntityKind> parentKind) {
    UUID cp = controlPlane(ctx);
    Optional<UUID> pathParent = pathParent(ctx, cp, parentKind);
    CoreEntityRow existing = find(cp, kind, ctx.pathParam("entity"), pathParent)
        .orElseThrow(ApiException::notFound);
    ObjectNode changes = object(ctx);
    ObjectNode merged = (ObjectNode) Json.read(existing.document());
    if (kind == CoreEntityKind.SERVICES && changes.has("url")) {
      merged.remove(List.of("protocol", "host", "port", "path"));
    }
    merged.setAll(changes);
    Optional<UUID> parent = changes.has("service") || changes.has("upstream")
        ? parent(cp, kind, merged, pathParent)
        : existing.parentId();
    CoreEntityRow row = write(cp, kind, existing.id(), merged, parent, tx -> tx.coreEntities()
        .update(CoreEntityRow.create(existing.id(), cp, kind, key(kind, merged, parent), parent,
            docOf(kind, merged)))
        .orElseThrow(ApiException::notFound));
    Responses.json(ctx, 200, CoreEntityShapes.render(row));
  }

  /**
   * Kong answers 204 whether or not the entity existed. An upstream's targets go with it; a
   * service with routes is refused (409 naming the constraint).
   */
  private void delete(Context ctx, CoreEntityKind kind, Optional<CoreEntityKind> parentKind) {
    UUID cp = controlPlane(ctx);
    Optional<UUID> pathParent = pathParent(ctx, cp, parentKind);
    Optional<CoreEntityRow> existing = find(cp, kind, ctx.pathParam("entity"), pathParent);
    if (existing.isPresent()) {
      UUID id = existing.get().id();
      commit(cp, List.of(new SnapshotModel.Touched(kind, id)), tx -> {
        if (kind == CoreEntityKind.UPSTREAMS) {
          for (CoreEntityRow t : tx.coreEntities().list(cp, CoreEntityKind.TARGETS,
              Optional.of(id))) {
            tx.coreEntities().delete(cp, CoreEntityKind.TARGETS, t.id());
          }
        }
        return tx.coreEntities().delete(cp, kind, id);
      });
    }
    ctx.status(204);
  }

  // ---- writing ----------------------------------------------------------------------------

  private CoreEntityRow write(UUID cp, CoreEntityKind kind, UUID id, ObjectNode body,
      Optional<UUID> parent, Function<Tx, CoreEntityRow> work) {
    CoreEntityShapes.check(kind, id, body, parent);
    return commit(cp, List.of(new SnapshotModel.Touched(kind, id)), work);
  }

  /**
   * Runs {@code work}, bumps the version and checks the snapshot in one transaction; {@code
   * touched} are the entities {@code work} writes (and, for an upstream, its targets), which
   * is all an incremental rebuild reads again.
   */
  private <T> T commit(UUID cp, List<SnapshotModel.Touched> touched, Function<Tx, T> work) {
    record Committed<T>(T result, SnapshotModel model) {}
    Committed<T> done = store.inTransaction(tx -> {
      long version = tx.coreEntities().bumpConfigVersion(cp);
      T result = work.apply(tx);
      return new Committed<>(result, sink.next(tx, cp, version, touched));
    });
    sink.publish(done.model());
    return done.result();
  }

  private static String docOf(CoreEntityKind kind, ObjectNode body) {
    return Json.write(CoreEntityShapes.normalize(kind, body));
  }

  private static Optional<String> key(CoreEntityKind kind, ObjectNode body,
      Optional<UUID> parent) {
    return CoreEntityShapes.uniqueKey(kind, CoreEntityShapes.normalize(kind, body), parent);
  }

  // ---- reading requests -------------------------------------------------------------------

  private UUID controlPlane(Context ctx) {
    Principal who = Authenticator.principal(ctx);
    UUID id = Ids.path(ctx, "controlPlaneId");
    store.controlPlanes().get(who.organizationId(), id).orElseThrow(ApiException::notFound);
    return id;
  }

  private Optional<UUID> pathParent(Context ctx, UUID cp, Optional<CoreEntityKind> parentKind) {
    if (parentKind.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(find(cp, parentKind.get(), ctx.pathParam("parent"), Optional.empty())
        .orElseThrow(ApiException::notFound).id());
  }

  /** An entity by id, or by name (a target by its address), within the parent when given. */
  private Optional<CoreEntityRow> find(UUID cp, CoreEntityKind kind, String ref,
      Optional<UUID> parent) {
    Optional<CoreEntityRow> row = uuid(ref).flatMap(id -> store.coreEntities().get(cp, kind, id));
    if (row.isEmpty()) {
      String key = kind == CoreEntityKind.TARGETS
          ? parent.map(UUID::toString).orElse("") + "/" + ref
          : ref;
      row = store.coreEntities().findByKey(cp, kind, key);
    }
    return row.filter(r -> parent.isEmpty() || r.parentId().equals(parent));
  }

  /** The parent of a route (its {@code service}) or a target (the upstream in the path). */
  private Optional<UUID> parent(UUID cp, CoreEntityKind kind, ObjectNode body,
      Optional<UUID> pathParent) {
    if (kind == CoreEntityKind.TARGETS || pathParent.isPresent()) {
      body.remove(kind == CoreEntityKind.TARGETS ? "upstream" : "service");
      return pathParent;
    }
    if (kind != CoreEntityKind.ROUTES) {
      return Optional.empty();
    }
    JsonNode service = body.remove("service");
    if (service == null || service.isNull()) {
      return Optional.empty();
    }
    String ref = service.isObject()
        ? service.path("id").asText(service.path("name").asText(""))
        : service.asText("");
    if (service.isObject()) {
      for (Iterator<String> it = service.fieldNames(); it.hasNext(); ) {
        String f = it.next();
        if (!f.equals("id") && !f.equals("name")) {
          throw ApiException.badRequest(InvalidParameter.of("service." + f,
              Rule.UNKNOWN_PROPERTY, "service." + f + ": unknown field (expected: id or name)"));
        }
      }
    }
    return Optional.of(find(cp, CoreEntityKind.SERVICES, ref, Optional.empty())
        .orElseThrow(() -> ApiException.badRequest(InvalidParameter.of("service",
            Rule.MISSING_REFERENCE, "service: " + ref + " (expected: an existing service's id"
                + " or name in this control plane)")))
        .id());
  }

  private static ObjectNode object(Context ctx) {
    JsonNode body = Bodies.json(ctx);
    if (!(body instanceof ObjectNode object)) {
      throw ApiException.badRequest(InvalidParameter.of("body", Rule.IS_OBJECT,
          "body: " + body.getNodeType() + " (expected: a JSON object)"));
    }
    return object;
  }

  private static Optional<UUID> bodyId(ObjectNode body) {
    JsonNode id = body.get("id");
    if (id == null || id.isNull()) {
      return Optional.empty();
    }
    return Optional.of(uuid(id.asText()).orElseThrow(() -> ApiException.badRequest(
        InvalidParameter.of("id", Rule.IS_UUID, "id: " + id + " (expected: a UUID)"))));
  }

  private static Optional<UUID> uuid(String text) {
    try {
      UUID id = UUID.fromString(text);
      return id.toString().equalsIgnoreCase(text) ? Optional.of(id) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static int size(Context ctx) {
    String raw = ctx.queryParam("size");
    if (raw == null) {
      return DEFAULT_SIZE;
    }
    try {
      int size = Integer.parseInt(raw);
      if (size >= 1 && size <= 1000) {
        return size;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ApiException.badRequest(InvalidParameter.of("size", Rule.INVALID,
        "size: " + raw + " (expected: an integer 1-1000)"));
  }

  /** Kong's opaque {@code offset}: where the previous page ended (creation time, then id). */
  private record Cursor(long createdAtMillis, UUID id) {
    String encode() {
      return Base64.getUrlEncoder().withoutPadding().encodeToString(
          (createdAtMillis + ":" + id).getBytes(StandardCharsets.UTF_8));
    }

    static Cursor decode(String token) {
      try {
        String[] parts = new String(Base64.getUrlDecoder().decode(token),
            StandardCharsets.UTF_8).split(":", 2);
        return new Cursor(Long.parseLong(parts[0]), UUID.fromString(parts[1]));
      } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
        throw ApiException.badRequest(InvalidParameter.of("offset", Rule.INVALID,
            "offset: " + token + " (expected: the offset of a previous page)"));
      }
    }
  }
}
