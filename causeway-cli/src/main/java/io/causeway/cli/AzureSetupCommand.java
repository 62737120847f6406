package io.causeway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code causeway transit-gateways azure-setup}: what the customer runs to allow the peering. */
@Command(
    name = "azure-setup",
    mixinStandardHelpOptions = true,
    description = {
      "Print the steps the customer's Azure administrator runs so the peering may be created:"
          + " admin consent, role definition, role assignment (--output json for the raw answer).",
      "",
      "Example:",
      "  ./causeway transit-gateways azure-setup --network prod corp-vnet"
    })
final class AzureSetupCommand extends TransitGatewaysCommand.OnNetwork {
  @Parameters(paramLabel = "TRANSIT_GATEWAY", description = "Transit gateway id or unique name.")
  String gateway;

  @Override
  int run() {
    String path = path(gateway);
    JsonNode setup = api().get(path + "/azure-setup");
    if (client.output() != Output.TABLE) {
      printer().document(setup);
      return 0;
    }
    PrintWriter out = out();
    JsonNode steps = setup.path("steps");
    String id = setup.path("transit_gateway_id").asText();
    out.println("Azure setup for transit gateway " + id);
    out.println("App (client id): " + setup.path("app_client_id").asText());
    out.println("Role name:       " + setup.path("role_name").asText());
    out.println();
    step(
        out,
        1,
        steps.path(0).asText("Grant admin consent to the app."),
        setup.path("admin_consent_url").asText());
    step(
        out,
        2,
        steps.path(1).asText("Create the role."),
        setup.path("role_definition_command").asText());
    step(
        out,
        3,
        steps.path(2).asText("Assign the role on the VNET."),
        setup.path("role_assignment_command").asText());
    step(
        out,
        4,
        "Check that access is in place (the peering is then created on its own):",
        "./causeway transit-gateways verify --network "
            + shellWord(network)
            + " "
            + shellWord(gateway));
    if (setup.hasNonNull("note")) {
      out.println("Note: " + setup.path("note").asText());
    }
    out.flush();
    return 0;
  }

  private static void step(PrintWriter out, int number, String text, String command) {
    // The API's steps name its own fields; here the value is printed right below.
    String shown =
        text.replace("admin_consent_url", "the URL below")
            .replace("role_definition_command", "the command below")
            .replace("role_assignment_command", "the command below");
    out.println(number + ". " + shown);
    out.println("   " + command);
    out.println();
  }
}
