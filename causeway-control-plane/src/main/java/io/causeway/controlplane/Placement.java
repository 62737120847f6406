package io.causeway.controlplane;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.causeway.model.ConfigurationRequests.GroupSpec;
import io.causeway.model.DataPlaneGroupRef;
import io.causeway.model.DataPlaneObservation;
import io.causeway.model.InvalidParameter;
import io.causeway.model.InvalidParameter.Rule;
import io.causeway.model.NetworkProvider;
import io.causeway.model.NetworkState;
import io.causeway.model.ProviderException;
import io.causeway.store.NetworkRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Where a data-plane group's data planes come from (DESIGN §9), as its network's provider observes
 * them ({@link NetworkProvider#observeDataPlanes}): the simulated provider's are the data planes
 * joined to the control plane ({@code causeway up} runs one on this host); the local provider
 * launches nodes in the network's namespace ({@link GroupSteps}) and reports their uplink address;
 * providers that launch nothing (Azure) say how to join nodes. The state is derived on every read
 * from the network's current row and the provider's observation; nothing about it is stored.
 */
final class Placement {
  static final String SIMULATED = "simulated";

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
      JsonNode group, UUID controlPlaneId, Optional<NetworkRow> network,
      AccountProviders providers) {
    ObjectNode node = Json.object();
    node.put("id", group.path("id").asText());
    node.setAll(ConfigurationDocument.groupConfigOf(group));
    State state = state(group, controlPlaneId, network, providers);
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

  private static State state(
      JsonNode group, UUID controlPlaneId, Optional<NetworkRow> maybe,
      AccountProviders providers) {
    if (maybe.isEmpty() || maybe.get().state().equals(NetworkState.TERMINATED.wire())) {
      return new State("terminated", "NETWORK_GONE", "the group's network no longer exists",
          List.of());
    }
    NetworkRow network = maybe.get();
    if (network.state().equals(NetworkState.TERMINATING.wire())) {
      return new State("terminating", "NETWORK_TERMINATING", "network " + network.name() + " ("
          + network.id() + ") is being deleted; its data planes are removed", List.of());
    }
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
    DataPlaneGroupRef ref = GroupSteps.ref(group, controlPlaneId, network);
    DataPlaneObservation observed;
    try {
      observed = provider.get().observeDataPlanes(ref);
    } catch (ProviderException e) {
      return State.waiting("PROVIDER_UNAVAILABLE",
          "observing the group's data planes failed and is retried: " + e.getMessage());
    }
    return switch (observed) {
      case DataPlaneObservation.Running r -> new State("ready", "READY", readyReason(provider.get(),
          r.addresses()), r.addresses());
      case DataPlaneObservation.Starting st -> State.waiting("LAUNCHING", st.detail());
      case DataPlaneObservation.Absent a -> State.waiting("LAUNCHING",
          "the reconciler launches the group's data planes in network " + network.name());
      case DataPlaneObservation.Failed f -> State.waiting("LAUNCH_FAILED",
          f.reason() + "; launched again after a backoff");
      case DataPlaneObservation.External e -> State.waiting("NOT_LAUNCHED", e.reason());
    };
  }

  private static String readyReason(NetworkProvider provider, List<String> addresses) {
    return provider.account().providerAccountId().equals(SIMULATED)
        ? "served by the data planes joined to this control plane (causeway up runs one on"
            + " 127.0.0.1)"
        : "data planes running at " + String.join(", ", addresses);
  }
}
