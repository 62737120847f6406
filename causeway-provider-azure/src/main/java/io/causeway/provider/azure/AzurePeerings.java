package io.causeway.provider.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import inet.ipaddr.IPAddressString;
import io.causeway.model.AzureVnetPeering;
import io.causeway.model.DnsReachability;
import io.causeway.model.PeeringObservation;
import io.causeway.model.PeeringRef;
import io.causeway.model.Preflight;
import io.causeway.model.RefusedException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Both sides of a cross-tenant VNET peering. The provider side lives in Causeway's VNET and is
 * written with the provider-tenant token plus the customer-tenant token as auxiliary; the customer
 * side lives in the customer's VNET and is written the other way round. Connected only when both
 * sides are {@code Connected} and {@code FullyInSync}.
 */
final class AzurePeerings {
  private static final Logger LOG = LoggerFactory.getLogger(AzurePeerings.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What one side needs: nothing, to wait for a running operation, a PUT, or a re-sync PUT. */
  enum Need { NOTHING, WAIT, PUT, SYNC }

  private final AzureConfig config;
  private final ArmClient arm;
  private final ArmPaths paths;
  private final Remediation remedies;
  private final Duration budget;

  AzurePeerings(AzureConfig config, ArmClient arm, ArmPaths paths, Remediation remedies,
      Duration budget) {
    this.config = config;
    this.arm = arm;
    this.paths = paths;
    this.remedies = remedies;
    this.budget = budget;
  }

  Preflight preflight(PeeringRef ref) {
    AzureVnetPeering remote = ref.remote();
    JsonNode vnet;
    try {
      vnet = arm.get(remote.vnetResourceId(), remote.tenantId()).body();
    } catch (TokenSource.TokenFailure f) {
      return customerProblem(remote, f).<Preflight>map(Preflight.Blocked::new).orElseThrow(() -> f);
    } catch (ArmException e) {
      return remedies.arm(remote, e).<Preflight>map(Preflight.Blocked::new).orElseThrow(() -> e);
    }
    List<String> prefixes = AzureNetworks.prefixes(vnet);
    String cidr = ref.network().spec().cidrBlock();
    List<String> shared = prefixes.stream().filter(p -> overlaps(p, cidr)).toList();
    if (!shared.isEmpty()) {
      return new Preflight.Blocked(remedies.overlap(remote, cidr, prefixes, shared));
    }
    return new Preflight.Passed(DnsReachability.warnings(ref.dnsConfig(), prefixes));
  }

  void create(PeeringRef ref) {
    AzureVnetPeering remote = ref.remote();
    String provider = config.tenantId();
    if (!write(ref, need(providerSide(ref)), paths.providerPeeringId(ref),
        remote.vnetResourceId(), provider, remote.tenantId())) {
      return;
    }
    Optional<JsonNode> theirs;
    try {
      theirs = customerSide(ref);
    } catch (TokenSource.TokenFailure f) {
      throw customerProblem(remote, f).map(p -> userAction(p)).orElseThrow(() -> f);
    } catch (ArmException e) {
      throw remedies.arm(remote, e).map(p -> userAction(p)).orElseThrow(() -> e);
    }
    write(ref, need(theirs), ArmPaths.customerPeeringId(ref),
        paths.vnetId(ref.network().networkId()), remote.tenantId(), provider);
  }

  PeeringObservation observe(PeeringRef ref) {
    AzureVnetPeering remote = ref.remote();
    Optional<JsonNode> mine = providerSide(ref);
    Optional<JsonNode> theirs;
    try {
      theirs = customerSide(ref);
    } catch (TokenSource.TokenFailure f) {
      return inaccessible(mine, customerProblem(remote, f).orElseThrow(() -> f));
    } catch (ArmException e) {
      return inaccessible(mine, remedies.arm(remote, e).orElseThrow(() -> e));
    }
    return classify(ref, mine, theirs);
  }

  void delete(PeeringRef ref) {
    AzureVnetPeering remote = ref.remote();
    Optional<ArmResponse> mine = deleteSide(paths.providerPeeringId(ref), config.tenantId());
    Optional<ArmResponse> theirs = Optional.empty();
    try {
      theirs = deleteSide(ArmPaths.customerPeeringId(ref), remote.tenantId());
    } catch (TokenSource.TokenFailure f) {
      // Consent revoked: the customer's side can no longer be touched by Causeway. It is left
      // Disconnected (harmless) for the customer to remove.
      customerProblem(remote, f).orElseThrow(() -> f);
      LOG.info("cannot remove the customer's side {}: {}", ArmPaths.customerPeeringId(ref),
          f.getMessage());
    } catch (ArmException e) {
      remedies.arm(remote, e).orElseThrow(() -> e);
      LOG.info("cannot remove the customer's side {}: {} {}", ArmPaths.customerPeeringId(ref),
          e.code(), e.getMessage());
    }
    mine.ifPresent(r -> AzureNetworks.failOn(arm.await(r, config.tenantId(), List.of(), budget)));
    theirs.ifPresent(
        r -> AzureNetworks.failOn(arm.await(r, remote.tenantId(), List.of(), budget)));
  }

  private PeeringObservation classify(PeeringRef ref, Optional<JsonNode> mine,
      Optional<JsonNode> theirs) {
    String mineId = paths.providerPeeringId(ref);
    String theirsId = ArmPaths.customerPeeringId(ref);
    if (mine.isEmpty() && theirs.isEmpty()) {
      return new PeeringObservation.Absent();
    }
    if (mine.isPresent() && isBusy(mine.get())) {
      return new PeeringObservation.InProgress("provider side " + mineId + " is "
          + AzureNetworks.state(mine.get()) + " (peering " + peeringState(mine.get()) + ")");
    }
    if (theirs.isPresent() && isBusy(theirs.get())) {
      return new PeeringObservation.InProgress("customer side " + theirsId + " is "
          + AzureNetworks.state(theirs.get()) + " (peering " + peeringState(theirs.get()) + ")");
    }
    if (mine.isPresent() && AzureNetworks.state(mine.get()).equals("Failed")) {
      return new PeeringObservation.Degraded("Azure failed to provision the provider side "
          + mineId);
    }
    if (theirs.isPresent() && AzureNetworks.state(theirs.get()).equals("Failed")) {
      return new PeeringObservation.Degraded("Azure failed to provision the customer side "
          + theirsId);
    }
    if (mine.isEmpty()) {
      return new PeeringObservation.Degraded("the provider side " + mineId
          + " is missing while the customer side " + theirsId + " exists");
    }
    if (theirs.isEmpty()) {
      return new PeeringObservation.Degraded(peeringState(mine.get()).equals("Disconnected")
          ? "the customer side " + theirsId + " was deleted (the provider side is Disconnected)"
          : "the customer side " + theirsId + " does not exist yet");
    }
    String mineState = peeringState(mine.get());
    String theirsState = peeringState(theirs.get());
    if (!mineState.equals("Connected") || !theirsState.equals("Connected")) {
      return new PeeringObservation.Degraded("peering states: provider side " + mineState
          + ", customer side " + theirsState);
    }
    String mineSync = mine.get().path("properties").path("peeringSyncLevel").asText("");
    String theirsSync = theirs.get().path("properties").path("peeringSyncLevel").asText("");
    if (!mineSync.equals("FullyInSync") || !theirsSync.equals("FullyInSync")) {
      return new PeeringObservation.Degraded("address spaces changed since peering (provider"
          + " side " + mineSync + ", customer side " + theirsSync + "); re-syncing");
    }
    return new PeeringObservation.Connected();
  }

  /** The customer side cannot be read: without a provider side there is nothing to observe. */
  private static PeeringObservation inaccessible(Optional<JsonNode> mine,
      Preflight.Problem problem) {
    return mine.isEmpty()
        ? new PeeringObservation.Absent()
        : new PeeringObservation.Failed(problem);
  }

  /** PUTs one side when needed; true when that side is done (so the next may follow). */
  private boolean write(PeeringRef ref, Need need, String peeringId, String remoteVnetId,
      String tenant, String otherTenant) {
    if (need == Need.NOTHING) {
      return true;
    }
    if (need == Need.WAIT) {
      return false;
    }
    ObjectNode body = JSON.createObjectNode();
    ObjectNode properties = body.putObject("properties");
    properties.put("allowVirtualNetworkAccess", true);
    properties.put("allowForwardedTraffic", false);
    properties.put("allowGatewayTransit", false);
    properties.put("useRemoteGateways", false);
    properties.putObject("remoteVirtualNetwork").put("id", remoteVnetId);
    String query = need == Need.SYNC ? "syncRemoteAddressSpace=true" : "";
    LOG.info("{} peering {} (remote {})", need == Need.SYNC ? "re-syncing" : "writing",
        peeringId, remoteVnetId);
    ArmResponse started;
    ArmClient.Outcome outcome;
    try {
      started = arm.put(peeringId, query, body, tenant, List.of(otherTenant));
      outcome = arm.await(started, tenant, List.of(otherTenant), budget);
    } catch (ArmException e) {
      throw writeProblem(ref, e, tenant).map(p -> userAction(p)).orElseThrow(() -> e);
    } catch (TokenSource.TokenFailure f) {
      // The customer's token is needed for both sides (primary or auxiliary): consent revoked
      // since the preflight shows up here.
      throw customerProblem(ref.remote(), f).map(p -> userAction(p)).orElseThrow(() -> f);
    }
    return switch (outcome) {
      case ArmClient.Outcome.Succeeded s -> true;
      case ArmClient.Outcome.StillRunning r -> false;
      case ArmClient.Outcome.Failed f -> {
        ArmException e = new ArmException(200, f.error().code(), f.error().message(),
            Optional.empty());
        throw writeProblem(ref, e, tenant).map(p -> userAction(p)).orElseThrow(() -> e);
      }
    };
  }

  /**
   * Which write failures the customer must fix: a missing role on their side (the primary scope
   * when writing their side, the linked scope when writing ours) and overlapping address spaces.
   * Anything else (our own role, our VNET) is the operator's and stays an exception.
   */
  private Optional<Preflight.Problem> writeProblem(PeeringRef ref, ArmException e,
      String tenant) {
    boolean customerSide = tenant.equalsIgnoreCase(ref.remote().tenantId());
    boolean theirs = switch (e.code()) {
      case "AuthorizationFailed" -> customerSide;
      case "LinkedAuthorizationFailed" -> !customerSide;
      case "VnetAddressSpacesOverlap", "VnetAddressSpaceOverlapsWithAlreadyPeeredVnet" -> true;
      // Their VNET, group or subscription vanished (or the ids do not match their tenant) after
      // the preflight read it; writing our side, Azure names the remote VNET in the message.
      case "ResourceNotFound" -> customerSide || names(e, ref.remote());
      case "ResourceGroupNotFound", "SubscriptionNotFound",
          "InvalidAuthenticationTokenTenant" -> customerSide;
      case "RemoteVnetNotFound" -> true;
      default -> false;
    };
    return theirs ? remedies.arm(ref.remote(), e) : Optional.empty();
  }

  /** Whether ARM's message is about the customer's VNET (not ours). */
  private static boolean names(ArmException e, AzureVnetPeering remote) {
    String message = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
    return message.contains(remote.vnetResourceId().toLowerCase(java.util.Locale.ROOT))
        || message.contains("virtualnetworks/"
            + remote.vnetName().toLowerCase(java.util.Locale.ROOT) + "'");
  }

  private Optional<JsonNode> providerSide(PeeringRef ref) {
    try {
      return Optional.of(arm.get(paths.providerPeeringId(ref), config.tenantId()).body());
    } catch (ArmException e) {
      if (e.status() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /**
   * The customer's side. A 404 for the peering itself means absent; any other 404 is checked
   * against the VNET, whose own error (not found, no role) then propagates.
   */
  private Optional<JsonNode> customerSide(PeeringRef ref) {
    AzureVnetPeering remote = ref.remote();
    try {
      return Optional.of(arm.get(ArmPaths.customerPeeringId(ref), remote.tenantId()).body());
    } catch (ArmException e) {
      if (e.status() != 404) {
        throw e;
      }
      if (!e.code().equals("NotFound")) {
        arm.get(remote.vnetResourceId(), remote.tenantId());
      }
      return Optional.empty();
    }
  }

  private Optional<ArmResponse> deleteSide(String peeringId, String tenant) {
    try {
      ArmResponse response = arm.delete(peeringId, tenant, List.of());
      if (response.status() == 202) {
        LOG.info("removing peering {}", peeringId);
        return Optional.of(response);
      }
      return Optional.empty();
    } catch (ArmException e) {
      if (e.status() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** Only problems of the customer's tenant are the customer's; ours stay exceptions. */
  private Optional<Preflight.Problem> customerProblem(AzureVnetPeering remote,
      TokenSource.TokenFailure f) {
    return f.tenantId().equalsIgnoreCase(remote.tenantId())
        ? remedies.token(remote, f)
        : Optional.empty();
  }

  static Need need(Optional<JsonNode> side) {
    if (side.isEmpty()) {
      return Need.PUT;
    }
    JsonNode peering = side.get();
    if (isBusy(peering)) {
      return Need.WAIT;
    }
    if (AzureNetworks.state(peering).equals("Failed")
        || peeringState(peering).equals("Disconnected")) {
      return Need.PUT;
    }
    String sync = peering.path("properties").path("peeringSyncLevel").asText("");
    return sync.equals("LocalNotInSync") || sync.equals("LocalAndRemoteNotInSync")
        ? Need.SYNC
        : Need.NOTHING;
  }

  private static boolean isBusy(JsonNode resource) {
    String state = AzureNetworks.state(resource);
    return state.equals("Updating") || state.equals("Deleting");
  }

  private static String peeringState(JsonNode peering) {
    return peering.path("properties").path("peeringState").asText("Unknown");
  }

  private static boolean overlaps(String a, String b) {
    return new IPAddressString(a).getAddress().toPrefixBlock()
        .overlaps(new IPAddressString(b).getAddress().toPrefixBlock());
  }

  /**
   * A customer-fixable problem found while writing (after a passed preflight: a role removed in
   * between, {@code peer/action} missing, consent revoked): the reconciler records it like a
   * blocked preflight and checks again with backoff.
   */
  private static RefusedException userAction(Preflight.Problem problem) {
    return new RefusedException(problem);
  }
}
