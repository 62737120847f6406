package io.causeway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code causeway audit-log}: the organisation's recent changes, newest first (admin token). */
@Command(
    name = "audit-log",
    mixinStandardHelpOptions = true,
    description = {
      "Show who changed what, newest first: the audit log of your organisation (admin token).",
      "Refused and failed changes are listed too, with the status they got.",
      "",
      "Example:",
      "  ./causeway audit-log",
      "  ./causeway audit-log --entity-kind networks --since 2026-03-01T00:00:00Z",
      "  ./causeway audit-log --actor ci -o json"
    })
final class AuditLogCommand extends ClientCommand {
  static final String PATH = "/v2/audit-log";
  static final Table TABLE =
      new Table(
          List.of(
              Table.Column.of("CREATED_AT", "/created_at"),
              Table.Column.of("ACTOR", "/actor/token_name"),
              Table.Column.of("METHOD", "/method"),
              Table.Column.of("PATH", "/path"),
              Table.Column.of("STATUS", "/status"),
              Table.Column.of("KIND", "/entity/kind"),
              Table.Column.of("ENTITY", "/entity/id"),
              Table.Column.of("REQUEST_ID", "/request_id")));

  @Option(names = "--entity-kind", paramLabel = "KIND",
      description = "Only this kind, e.g. networks, transit-gateways, tokens, services.")
  String entityKind;

  @Option(names = "--entity-id", paramLabel = "ID", description = "Only this entity.")
  String entityId;

  @Option(names = "--actor", paramLabel = "TOKEN", description = "Only this token (id or name).")
  String actor;

  @Option(names = "--since", paramLabel = "TIME",
      description = "Only changes at or after this RFC 3339 time.")
  String since;

  @Option(names = "--until", paramLabel = "TIME",
      description = "Only changes before this RFC 3339 time.")
  String until;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "50",
      description = "At most this many rows, 1-1000 (default: ${DEFAULT-VALUE}).")
  int limit;

  @Override
  int run() {
    if (limit < 1 || limit > 1000) {
      throw CliException.usage("--limit: " + limit + " (expected: 1-1000)");
    }
    List<String> query = new ArrayList<>();
    query.add("page%5Bsize%5D=" + limit);
    add(query, "filter%5Bentity_kind%5D", entityKind);
    add(query, "filter%5Bentity_id%5D", entityId);
    add(query, "filter%5Bactor%5D", actor);
    add(query, "filter%5Bcreated_at%5D%5Bgte%5D", since);
    add(query, "filter%5Bcreated_at%5D%5Blt%5D", until);
    JsonNode page = api().get(PATH + "?" + String.join("&", query));
    printer().list(page.path("data"), TABLE);
    return 0;
  }

  private static void add(List<String> query, String name, String value) {
    if (value != null && !value.isEmpty()) {
      query.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
    }
  }
}
