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
 * Tokens of the caller's organisation ({@code POST} shows the token once, {@code GET} lists,
 * {@code DELETE} revokes) and, for admin tokens, new organisations with their first token.
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
    routes.delete(TOKENS + "/{tokenId}", this::revoke);
    routes.post(ORGANIZATIONS, this::createOrganization);
  }

  private void create(Context ctx) {
    Principal who = Authenticator.principal(ctx);
    BodyFields body = new BodyFields(Bodies.json(ctx), Set.of("name"));
    String name = body.string("name", true, 1, 255).orElse("");
    body.check();
    String token = tokens.newToken();
    TokenRow row = store.tokens().insert(TokenRow.create(
        UUID.randomUUID(), who.organizationId(), name, Tokens.hash(token), Principal.ROLE_USER));
    Responses.json(ctx, 201, render(row).put("token", token));
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
    Principal who = Authenticator.principal(ctx);
    if (!who.admin()) {
      throw ApiException.forbidden("Only an admin token may create organizations");
    }
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
            Principal.ROLE_USER));
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
