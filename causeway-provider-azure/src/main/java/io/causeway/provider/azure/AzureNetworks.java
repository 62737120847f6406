package io.causeway.provider.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import io.causeway.model.NetworkObservation;
import io.causeway.model.NetworkRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Provider networks: one VNET per Causeway network in the provider subscription's resource group,
 * address space = the network's CIDR, with a {@code dataplanes} subnet. Create and delete wait
 * for the long-running operation up to a budget and then leave the rest to observation.
 */
final class AzureNetworks {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final AzureConfig config;
  private final ArmClient arm;
  private final ArmPaths paths;
  private final Duration budget;
  /**
   * The error of the last failed operation per network: ARM's resource shows only {@code
   * Failed}, the reason is in the operation. Best effort (a restarted control plane forgets it).
   */
  private final Map<UUID, ArmResponse.ArmError> lastFailure = new ConcurrentHashMap<>();

  AzureNetworks(AzureConfig config, ArmClient arm, ArmPaths paths, Duration budget) {
    this.config = config;
    this.arm = arm;
    this.paths = paths;
    this.budget = budget;
  }

  void create(NetworkRef network) {
    Optional<JsonNode> existing = find(network);
    if (existing.isPresent() && !state(existing.get()).equals("Failed")) {
      // Succeeded, Updating or Deleting: nothing to start (observation follows the rest).
      return;
    }
    ArmResponse started = arm.put(paths.vnetId(network.networkId()), "", body(network),
        config.tenantId(), List.of());
    ArmClient.Outcome outcome = arm.await(started, config.tenantId(), List.of(), budget);
    if (outcome instanceof ArmClient.Outcome.Failed failed) {
      lastFailure.put(network.networkId(), failed.error());
    } else {
      lastFailure.remove(network.networkId());
    }
    failOn(outcome);
  }

  /** An operation Azure reports as failed is an error of this call, with Azure's reason. */
  static void failOn(ArmClient.Outcome outcome) {
    if (outcome instanceof ArmClient.Outcome.Failed failed) {
      throw new ArmException(200, failed.error().code(), failed.error().message(),
          Optional.empty());
    }
  }

  NetworkObservation observe(NetworkRef network) {
    Optional<JsonNode> vnet = find(network);
    if (vnet.isEmpty()) {
      return new NetworkObservation.Absent();
    }
    String name = paths.vnetName(network.networkId());
    String state = state(vnet.get());
    if (!state.equals("Failed")) {
      lastFailure.remove(network.networkId());
    }
    return switch (state) {
      case "Succeeded" -> matches(vnet.get(), network)
          ? new NetworkObservation.Ready()
          : new NetworkObservation.Failed("ADDRESS_SPACE_MISMATCH", "VNET " + name
              + " has address space " + prefixes(vnet.get()) + ", not the network's "
              + network.spec().cidrBlock() + "; it was changed outside Causeway");
      case "Deleting" -> new NetworkObservation.InProgress("deleting VNET " + name);
      case "Failed" -> new NetworkObservation.Failed("PROVISIONING_FAILED", "Azure reports"
          + " provisioning of VNET " + name + " as Failed"
          + Optional.ofNullable(lastFailure.get(network.networkId()))
              .map(e -> " (" + e.code() + ": " + e.message() + ")").orElse("")
          + "; Causeway writes it again with backoff until Azure recovers");
      default -> new NetworkObservation.InProgress("provisioning VNET " + name + " in "
          + network.spec().region());
    };
  }

  void delete(NetworkRef network) {
    ArmResponse started;
    try {
      started = arm.delete(paths.vnetId(network.networkId()), config.tenantId(), List.of());
    } catch (ArmException e) {
      if (e.status() == 404) {
        return;
      }
      throw e;
    }
    if (started.status() == 202) {
      failOn(arm.await(started, config.tenantId(), List.of(), budget));
    }
  }

  private Optional<JsonNode> find(NetworkRef network) {
    try {
      return Optional.of(arm.get(paths.vnetId(network.networkId()), config.tenantId()).body());
    } catch (ArmException e) {
      if (e.status() == 404 && e.code().equals("ResourceNotFound")) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private ObjectNode body(NetworkRef network) {
    String cidr = network.spec().cidrBlock();
    ObjectNode body = JSON.createObjectNode();
    body.put("location", network.spec().region());
    ObjectNode tags = body.putObject("tags");
    tags.put("causeway-network-id", network.networkId().toString());
    tags.put("managed-by", "causeway");
    ObjectNode properties = body.putObject("properties");
    properties.putObject("addressSpace").putArray("addressPrefixes").add(cidr);
    ObjectNode subnet = properties.putArray("subnets").addObject();
    subnet.put("name", ArmPaths.DATA_PLANE_SUBNET);
    subnet.putObject("properties").put("addressPrefix", dataPlaneSubnet(cidr));
    return body;
  }

  /**
   * The first half of the network's range: room for data planes, while the second half stays
   * free for later subnets (a DNS resolver's delegated subnet, for one).
   */
  static String dataPlaneSubnet(String cidr) {
    IPAddress block = new IPAddressString(cidr).getAddress().toPrefixBlock();
    int half = block.getNetworkPrefixLength() + 1;
    return block.getLower().setPrefixLength(half, false).toPrefixBlock().toCanonicalString();
  }

  private static boolean matches(JsonNode vnet, NetworkRef network) {
    return prefixes(vnet).equals(List.of(network.spec().cidrBlock()));
  }

  static List<String> prefixes(JsonNode vnet) {
    List<String> prefixes = new ArrayList<>();
    vnet.path("properties").path("addressSpace").path("addressPrefixes")
        .forEach(p -> prefixes.add(p.asText()));
    return prefixes;
  }

  static String state(JsonNode resource) {
    return resource.path("properties").path("provisioningState").asText("Updating");
  }
}
