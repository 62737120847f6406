package io.causeway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code causeway tokens ...}: API tokens of the caller's organisation. */
@Command(
    name = "tokens",
    mixinStandardHelpOptions = true,
    description = {
      "Manage API tokens of your organisation (admin token). A new token is shown once.",
      "Roles: viewer (reads), editor (also changes), admin (also tokens and the audit log).",
      "",
      "Example:",
      "  ./causeway tokens create --name ci --role editor"
    },
    subcommands = {
      TokensCommand.ListTokens.class,
      TokensCommand.CreateToken.class,
      TokensCommand.DeleteToken.class
    })
final class TokensCommand extends GroupCommand {
  static final Table TABLE =
      new Table(
          List.of(
              Table.Column.of("ID", "/id"),
              Table.Column.of("NAME", "/name"),
              Table.Column.of("ROLE", "/role"),
              Table.Column.of("REVOKED", "/revoked"),
              Table.Column.of("CREATED_AT", "/created_at"),
              Table.Column.of("LAST_USED_AT", "/last_used_at")));

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = {
        "List tokens (never their secret).",
        "",
        "Example:",
        "  ./causeway tokens list"
      })
  static final class ListTokens extends ClientCommand {
    @Override
    int run() {
      printer().list(api().list(Resolver.TOKENS), TABLE);
      return 0;
    }
  }

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = {
        "Create a token; its secret is printed once, store it now.",
        "A token never gets a role above the one of the token that makes it.",
        "",
        "Example:",
        "  ./causeway tokens create --name ci --role editor"
      })
  static final class CreateToken extends ClientCommand {
    /** The roles of the API; the lower-case names are what the API takes. */
    enum Role {
      viewer,
      editor,
      admin
    }

    @Option(names = "--name", required = true, paramLabel = "NAME", description = "Name.")
    String name;

    @Option(
        names = "--role",
        paramLabel = "ROLE",
        defaultValue = "viewer",
        description = "viewer, editor or admin (default: ${DEFAULT-VALUE}: reads only).")
    Role role;

    @Override
    int run() {
      ObjectNode body = Api.JSON.createObjectNode().put("name", name).put("role", role.name());
      JsonNode created = api().post(Resolver.TOKENS, body);
      printer().entity(created);
      hint("The token is shown only once.");
      return 0;
    }
  }

  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description = {"Revoke a token.", "", "Example:", "  ./causeway tokens delete ci"})
  static final class DeleteToken extends ClientCommand {
    @Parameters(paramLabel = "TOKEN", description = "Token id or unique name.")
    String token;

    @Override
    int run() {
      String id =
          Resolver.resolve(api(), Resolver.TOKENS, "token", token, "./causeway tokens list");
      api().delete(Resolver.TOKENS + "/" + id);
      printer()
          .message(
              "Revoked token " + id + ".",
              Api.JSON.createObjectNode().put("id", id).put("revoked", true));
      return 0;
    }
  }
}
