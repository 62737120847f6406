package io.causeway.controlplane;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.causeway.model.InvalidParameter;
import io.causeway.model.InvalidParameter.Rule;
import io.causeway.store.AuditQuery;
import io.causeway.store.AuditRow;
import io.causeway.store.Page;
import io.causeway.store.Store;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /v2/audit-log}: the caller's organisation's audit rows, newest first, in pages like
 * every list ({@code page[size]}, {@code page[number]}), filtered by {@code
 * filter[entity_kind]}, {@code filter[entity_id]}, {@code filter[actor]} (token id or name) and
 * {@code filter[created_at][gte]} / {@code filter[created_at][lt]} (RFC 3339). Admin only (see
 * {@link Roles}).
 */
final class AuditApi {
  static final String PATH = "/v2/audit-log";
  private static final List<String> FILTERS = List.of("filter[entity_kind]",
      "filter[entity_id]", "filter[actor]", "filter[created_at][gte]", "filter[created_at][lt]");

  private final Store store;

  AuditApi(Store store) {
    this.store = store;
  }

  void routes(RoutesConfig routes) {
    routes.get(PATH, this::list);
  }

  private void list(Context ctx) {
    Principal who = Authenticator.principal(ctx);
    AuditQuery query = query(ctx);
    Page<AuditRow> page = store.auditLog().list(who.organizationId(), query, Queries.page(ctx));
    List<ObjectNode> items = page.items().stream().map(AuditApi::render).toList();
    Responses.json(ctx, 200, Wire.page(page, items));
  }

  private static AuditQuery query(Context ctx) {
    List<InvalidParameter> problems = new ArrayList<>();
    for (Map.Entry<String, List<String>> param : ctx.queryParamMap().entrySet()) {
      if (param.getKey().startsWith("filter") && !FILTERS.contains(param.getKey())) {
        problems.add(InvalidParameter.of(param.getKey(), Rule.INVALID, param.getKey()
            + ": unsupported filter (expected: one of " + FILTERS + ")"));
      }
    }
    AuditQuery query = new AuditQuery(
        text(ctx, "filter[entity_kind]"),
        text(ctx, "filter[entity_id]"),
        text(ctx, "filter[actor]"),
        time(ctx, "filter[created_at][gte]", problems),
        time(ctx, "filter[created_at][lt]", problems));
    if (!problems.isEmpty()) {
      throw ApiException.badRequest(problems);
    }
    return query;
  }

  private static Optional<String> text(Context ctx, String name) {
    return Optional.ofNullable(ctx.queryParam(name)).filter(v -> !v.isEmpty());
  }

  private static Optional<Instant> time(
      Context ctx, String name, List<InvalidParameter> problems) {
    Optional<String> raw = text(ctx, name);
    if (raw.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(OffsetDateTime.parse(raw.get()).toInstant());
    } catch (DateTimeParseException e) {
      String shown = raw.get().length() > 40 ? raw.get().substring(0, 40) + "..." : raw.get();
      problems.add(InvalidParameter.of(name, Rule.INVALID,
          name + ": " + shown + " (expected: an RFC 3339 time, e.g. 2026-03-01T10:00:00Z)"));
      return Optional.empty();
    }
  }

  static ObjectNode render(AuditRow row) {
    ObjectNode node = Json.object();
    node.put("id", row.id().toString());
    node.put("created_at", Json.timestamp(row.createdAt()));
    node.put("request_id", row.requestId());
    ObjectNode actor = node.putObject("actor");
    actor.put("token_id", row.actorTokenId().toString());
    actor.put("token_name", row.actorTokenName());
    actor.put("organization_id", row.organizationId().toString());
    node.put("method", row.method());
    node.put("path", row.path());
    node.put("route", row.route());
    ObjectNode entity = node.putObject("entity");
    row.entityKind().ifPresentOrElse(k -> entity.put("kind", k), () -> entity.putNull("kind"));
    row.entityId().ifPresentOrElse(i -> entity.put("id", i), () -> entity.putNull("id"));
    node.put("status", row.status());
    node.set("before", row.beforeJson().map(Json::read).orElse(Json.MAPPER.nullNode()));
    node.set("after", row.afterJson().map(Json::read).orElse(Json.MAPPER.nullNode()));
    return node;
  }
}
