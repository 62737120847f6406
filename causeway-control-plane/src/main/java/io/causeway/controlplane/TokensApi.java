package io.causeway.controlplane;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.causeway.store.DuplicateKeyException;
import io.causeway.store.OrganizationRow;
import io.causeway.store.Page;
import io.causeway.store.Store;
import io.causeway.store.TokenRow;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Tokens of the caller's organisation ({@code POST} shows the token once, {@code GET} lists or
 * shows one, {@code DELETE} revokes) and, for the operator, new organisations with their first
 * token (an admin of the new organisation). Who may call which is decided in {@link Roles}; a
 * token is never made with a role above its maker's.
 */
final class TokensApi {
  static final String TOKENS = "/v2/tokens";
  static final String ORGANIZATIONS = "/v2/organizations";

  private final Store store;
  private final Tokens tokens;

  TokensApi(Store store, Tokens tokens) {
    this.store = store;
    this.tokens = tokens;
  }

  void routes(RoutesConfig routes) {
    routes.post(TOKENS, this::create);
    routes.get(TOKENS, this::list);
    routes.get(TOKENS + "/{tokenId}", this::get);
    routes.delete(TOKENS + "/{tokenId}", this::revoke);
    routes.post(ORGANIZATIONS, this::createOrganization);
  }

  private void create(Context ctx) {
    Principal who = Authenticator.principal(ctx);
    BodyFields body = new BodyFields(Bodies.json(ctx), Set.of("name", "role"));
    String name = body.string("name", true, 1, 255).orElse("");
    // Least privilege by default: a token made without thought can look, not change.
    Role role = body.choice("role", Role.wires()).flatMap(Role::fromWire).orElse(Role.VIEWER);
    body.check();
    if (!who.role().covers(role)) {
      throw ApiException.forbidden("A token with the " + who.role().wire()
          + " role cannot make a token with the " + role.wire()
          + " role (expected: a role no higher than its own)");
    }
    String token = tokens.newToken();
    TokenRow row = store.tokens().insert(TokenRow.create(
        UUID.randomUUID(), who.organizationId(), name, Tokens.hash(token), role.wire()));
    Responses.json(ctx, 201, render(row).put("token", token));
  }

  private void get(Context ctx) {
    Principal who = Authenticator.principal(ctx);
    TokenRow row = store.tokens().get(who.organizationId(), Ids.path(ctx, "tokenId"))
        .orElseThrow(ApiException::notFound);
    Responses.json(ctx, 200, render(row));
  }

  private void list(Context ctx) {
    Principal who = Authenticator.principal(ctx);
    Page<TokenRow> page = store.tokens().list(who.organizationId(), Queries.page(ctx));
    List<ObjectNode> items = page.items().stream().map(TokensApi::render).toList();
    Responses.json(ctx, 200, Wire.page(page, items));
  }

  private void revoke(Context ctx) {
    Principal who = Authenticator.principal(ctx);
    UUID id = Ids.path(ctx, "tokenId");
    boolean known = store.tokens().get(who.organizationId(), id).filter(t -> !t.revoked())
        .isPresent();
    if (!known || !store.tokens().revoke(who.organizationId(), id)) {
      throw ApiException.notFound();
    }
    ctx.status(204);
  }

  private void createOrganization(Context ctx) {
    // Roles checks the operator before this runs (see Roles.TABLE).
    BodyFields body = new BodyFields(Bodies.json(ctx), Set.of("name"));
    String name = body.string("name", true, 1, 255).orElse("");
    body.check();
    String token = tokens.newToken();
    ObjectNode answer;
    try {
      answer = store.inTransaction(tx -> {
        OrganizationRow org = tx.organizations().insert(
            OrganizationRow.create(UUID.randomUUID(), name));
        TokenRow row = tx.tokens().insert(TokenRow.create(
            UUID.randomUUID(), org.id(), "first token", Tokens.hash(token),
            Role.ADMIN.wire()));
        ObjectNode node = Json.object();
        node.put("id", org.id().toString());
        node.put("name", org.name());
        node.put("created_at", Json.timestamp(org.createdAt()));
        node.set("token", render(row).put("token", token));
        return node;
      });
    } catch (DuplicateKeyException e) {
      throw ApiException.conflict("An organization named [" + name + "] already exists");
    }
    Responses.json(ctx, 201, answer);
  }

  private static ObjectNode render(TokenRow row) {
    ObjectNode node = Json.object();
    node.put("id", row.id().toString());
    node.put("name", row.name());
    node.put("role", row.role());
    node.put("revoked", row.revoked());
    node.put("created_at", Json.timestamp(row.createdAt()));
    row.lastUsedAt().ifPresent(t -> node.put("last_used_at", Json.timestamp(t)));
    return node;
  }
}
