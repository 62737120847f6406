package io.causeway.controlplane;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.causeway.model.ConfigurationRequests.GroupSpec;
import io.causeway.model.InvalidParameter;
import io.causeway.model.InvalidParameter.Rule;
import io.causeway.model.NetworkProvider;
import io.causeway.model.NetworkState;
import io.causeway.store.NetworkRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where a data-plane group's data planes come from, by the provider account of its network
 * (DESIGN §9): the simulated provider's are the data planes joined to the control plane ({@code
 * causeway up} runs one on this host); the local provider's namespaced nodes and Azure VMs are
 * not launched yet, and the group's state says so rather than pretending. The state is derived
 * on every read from the network's current row.
 */
final class Placement {
  static final String SIMULATED = "simulated";
  static final String LOCAL = "local";

  private Placement() {}

  /** The group's provider and region must be its network's. */
  static List<InvalidParameter> check(
      NetworkRow network, GroupSpec group, String path, AccountProviders providers) {
    List<InvalidParameter> problems = new ArrayList<>();
    Optional<NetworkProvider> provider = providers.forNetwork(network);
    if (provider.isPresent() && !provider.get().account().provider().equals(group.provider())) {
      String expected = provider.get().account().provider();
      problems.add(InvalidParameter.choice(path + "provider", List.of(expected),
          path + "provider: " + group.provider() + " (expected: " + expected + ", the provider"
              + " of network " + network.id() + ")"));
    }
    if (!network.region().equals(group.region())) {
      problems.add(InvalidParameter.of(path + "region", Rule.IS_SUPPORTED_PROVIDER_REGION,
          path + "region: " + group.region() + " (expected: " + network.region()
              + ", the region of network " + network.id() + ")"));
    }
    return problems;
  }

  /** A stored group as the contract's {@code ConfigurationDataPlaneGroup}, with its state. */
  static ObjectNode render(
      JsonNode group, Optional<NetworkRow> network, AccountProviders providers) {
    ObjectNode node = Json.object();
    node.put("id", group.path("id").asText());
    node.setAll(ConfigurationDocument.groupConfigOf(group));
    State state = state(network, providers);
    node.put("state", state.state());
    ObjectNode meta = node.putObject("state_metadata");
    meta.put("reported_status", state.reportedStatus());
    meta.put("reason", state.reason());
    var addresses = node.putArray("private_ip_addresses");
    state.privateAddresses().forEach(addresses::add);
    node.putArray("egress_ip_addresses");
    node.put("created_at", group.path("created_at").asText());
    node.put("updated_at", group.path("updated_at").asText());
    return node;
  }

  private record State(
      String state, String reportedStatus, String reason, List<String> privateAddresses) {
    static State waiting(String reportedStatus, String reason) {
      return new State("initializing", reportedStatus, reason, List.of());
    }
  }

  private static State state(Optional<NetworkRow> maybe, AccountProviders providers) {
    if (maybe.isEmpty() || maybe.get().state().equals(NetworkState.TERMINATED.wire())) {
      return new State("terminated", "NETWORK_GONE", "the group's network no longer exists",
          List.of());
    }
    NetworkRow network = maybe.get();
    if (!network.state().equals(NetworkState.READY.wire())) {
      return State.waiting("WAITING_FOR_NETWORK",
          "network " + network.name() + " (" + network.id() + ") is " + network.state()
              + "; the group is placed once it is ready");
    }
    Optional<NetworkProvider> provider = providers.forNetwork(network);
    if (provider.isEmpty()) {
      return State.waiting("NO_PROVIDER", "the provider account " + network.providerAccountId()
          + " of network " + network.id() + " is not configured on this control plane");
    }
    return switch (provider.get().account().providerAccountId()) {
      case SIMULATED -> new State("ready", "READY",
          "served by the data planes joined to this control plane (causeway up runs one on"
              + " 127.0.0.1)", List.of("127.0.0.1"));
      case LOCAL -> State.waiting("NOT_LAUNCHED",
          "launching data planes in the local provider's network namespaces is a later issue;"
              + " until then join data planes with causeway data-plane --control-plane URL"
              + " --join-token T");
      default -> State.waiting("NOT_LAUNCHED",
          "Causeway does not launch virtual machines in " + provider.get().account().provider()
              + " yet: start data planes in the network and join them with causeway data-plane"
              + " --control-plane URL --join-token T");
    };
  }
}
