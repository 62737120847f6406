package io.causeway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Turns a command argument into an id: an id is taken as is, anything else is looked up by name in
 * the list it belongs to and must match exactly one entity.
 */
final class Resolver {
  static final String NETWORKS = "/v2/cloud-gateways/networks";
  static final String CONTROL_PLANES = "/v2/control-planes";
  static final String TOKENS = "/v2/tokens";
  static final String PROVIDER_ACCOUNTS = "/v2/cloud-gateways/provider-accounts";

  private Resolver() {}

  static String network(Api api, String idOrName) {
    return resolve(api, NETWORKS, "network", idOrName, "./causeway networks list");
  }

  static String transitGatewaysPath(String networkId) {
    return NETWORKS + "/" + networkId + "/transit-gateways";
  }

  static String transitGateway(Api api, String networkId, String idOrName) {
    return resolve(
        api,
        transitGatewaysPath(networkId),
        "transit gateway",
        idOrName,
        "./causeway transit-gateways list --network " + networkId);
  }

  static String resolve(Api api, String listPath, String kind, String idOrName, String listing) {
    if (isId(idOrName)) {
      return idOrName;
    }
    List<JsonNode> matches = new ArrayList<>();
    for (JsonNode item : api.list(listPath)) {
      if (idOrName.equals(item.path("name").asText())) {
        matches.add(item);
      }
    }
    if (matches.isEmpty()) {
      throw CliException.api("No " + kind + " named [" + idOrName + "] (see `" + listing + "`)");
    }
    if (matches.size() > 1) {
      List<String> lines = new ArrayList<>();
      lines.add(
          "The " + kind + " name [" + idOrName + "] is ambiguous; pass one of these ids instead:");
      for (JsonNode match : matches) {
        String state = match.path("state").asText("");
        lines.add("  " + match.path("id").asText() + (state.isEmpty() ? "" : " (" + state + ")"));
      }
      throw new CliException(CliException.API_ERROR, lines);
    }
    return matches.get(0).path("id").asText();
  }

  static boolean isId(String value) {
    try {
      return UUID.fromString(value).toString().equalsIgnoreCase(value);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
