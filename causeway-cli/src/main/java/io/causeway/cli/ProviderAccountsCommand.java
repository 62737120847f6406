package io.causeway.cli;

import java.util.List;
import picocli.CommandLine.Command;

/** {@code causeway provider-accounts ...}: the accounts the operator configured. */
@Command(
    name = "provider-accounts",
    mixinStandardHelpOptions = true,
    description = {
      "Provider accounts networks can be created in (configured by the operator).",
      "",
      "Example:",
      "  ./causeway provider-accounts list"
    },
    subcommands = {ProviderAccountsCommand.ListAccounts.class})
final class ProviderAccountsCommand extends GroupCommand {
  static final Table TABLE =
      new Table(
          List.of(
              Table.Column.of("ID", "/id"),
              Table.Column.of("PROVIDER", "/provider"),
              Table.Column.of("PROVIDER_ACCOUNT_ID", "/provider_account_id")));

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = {
        "List provider accounts.",
        "",
        "Example:",
        "  ./causeway provider-accounts list"
      })
  static final class ListAccounts extends ClientCommand {
    @Override
    int run() {
      printer().list(api().list(Resolver.PROVIDER_ACCOUNTS), TABLE);
      return 0;
    }
  }
}
