package io.causeway.testkit;

import static io.causeway.testkit.ArmWorld.lower;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The Microsoft.Network resource provider part of the fake: VNETs and their peerings, with the
 * semantics of the recorded session (201 then {@code Updating} until the operation succeeds,
 * {@code Initiated} until the other side exists, {@code Disconnected} after it is deleted) and
 * the checks Azure makes (body shape, overlap, one peering per remote VNET, a {@code
 * Disconnected} remote peering). Called with the world's monitor held.
 */
final class ArmResources {
  private static final Pattern PEERING_NAME =
      Pattern.compile("[A-Za-z0-9_](?:[A-Za-z0-9_.-]{0,78}[A-Za-z0-9_])?");
  private static final List<String> FLAGS =
      List.of("allowVirtualNetworkAccess", "allowForwardedTraffic", "allowGatewayTransit",
          "useRemoteGateways");

  private final ArmWorld world;
  private final String base;

  ArmResources(ArmWorld world, String base) {
    this.world = world;
    this.base = base;
  }

  ArmWorld.Vnet existingVnet(ArmRequest request) {
    String subscription = request.subscription().orElseThrow();
    if (!world.resourceGroupExists(subscription, request.resourceGroup())) {
      throw new ArmFailure(404, "ResourceGroupNotFound",
          "Resource group '" + request.resourceGroup() + "' could not be found.");
    }
    return world.vnet(request.vnetId())
        .orElseThrow(() -> new ArmFailure(404, "ResourceNotFound",
            "The Resource 'Microsoft.Network/virtualNetworks/" + request.vnetName()
                + "' under resource group '" + request.resourceGroup() + "' was not found. For"
                + " more details please go to https://aka.ms/ARMResourceNotFoundFix"));
  }

  ArmAnswer getVnet(ArmRequest request) {
    ArmWorld.Vnet vnet = existingVnet(request);
    vnet.pending.ifPresent(world::tick);
    return ArmAnswer.json(200, render(existingVnet(request)), Map.of("ETag", vnet.etag));
  }

  ArmAnswer putVnet(ArmRequest request, JsonNode body) {
    String subscription = request.subscription().orElseThrow();
    if (!world.resourceGroupExists(subscription, request.resourceGroup())) {
      throw new ArmFailure(404, "ResourceGroupNotFound",
          "Resource group '" + request.resourceGroup() + "' could not be found.");
    }
    String location = body.path("location").asText("");
    if (location.isEmpty()) {
      throw new ArmFailure(400, "LocationRequired",
          "The location property is required for this definition.");
    }
    List<String> prefixes = new ArrayList<>();
    body.path("properties").path("addressSpace").path("addressPrefixes")
        .forEach(p -> prefixes.add(p.asText()));
    if (prefixes.isEmpty() || !prefixes.stream().allMatch(ArmWorld::isCidr)) {
      throw new ArmFailure(400, "InvalidAddressPrefixFormat",
          "Address prefixes " + prefixes + " of virtual network " + request.vnetId()
              + " must be a non-empty list of IPv4 CIDR blocks.");
    }
    ArrayNode subnets = checkedSubnets(request, body, prefixes);
    var existing = world.vnet(request.vnetId());
    // A Failed VNET may be written again (that is how it recovers); a busy one may not.
    if (existing.isPresent() && (existing.get().provisioningState.equals("Updating")
        || existing.get().provisioningState.equals("Deleting"))) {
      throw new ArmFailure(409, "AnotherOperationInProgress",
          "Operation on virtual network " + request.vnetId() + " is not allowed while it is "
              + existing.get().provisioningState + ".");
    }
    ArmWorld.Vnet vnet = existing.orElseGet(() -> new ArmWorld.Vnet(subscription,
        request.resourceGroup(), request.vnetName(), location, prefixes, world.newEtag(),
        world.newId()));
    vnet.prefixes = List.copyOf(prefixes);
    vnet.subnets = subnets;
    vnet.provisioningState = "Updating";
    vnet.etag = world.newEtag();
    world.vnets.put(lower(vnet.id()), vnet);
    ArmWorld.Operation op = world.startOperation(subscription, vnet.location,
        () -> settle(vnet, "Succeeded"), () -> settle(vnet, "Failed"));
    vnet.pending = Optional.of(op);
    return ArmAnswer.json(existing.isPresent() ? 200 : 201, render(vnet), asyncHeaders(op, false));
  }

  ArmAnswer deleteVnet(ArmRequest request) {
    var existing = world.vnet(request.vnetId());
    if (existing.isEmpty()) {
      return ArmAnswer.empty(204, Map.of());
    }
    ArmWorld.Vnet vnet = existing.get();
    if (vnet.provisioningState.equals("Deleting") && vnet.pending.isPresent()) {
      return ArmAnswer.empty(202, asyncHeaders(vnet.pending.get(), true));
    }
    vnet.provisioningState = "Deleting";
    ArmWorld.Operation op = world.startOperation(vnet.subscription, vnet.location,
        () -> world.removeVnet(vnet), () -> settle(vnet, "Succeeded"));
    vnet.pending = Optional.of(op);
    return ArmAnswer.empty(202, asyncHeaders(op, true));
  }

  ArmAnswer listPeerings(ArmRequest request) {
    ArmWorld.Vnet vnet = existingVnet(request);
    List.copyOf(vnet.peerings.values()).forEach(p -> p.pending.ifPresent(world::tick));
    ObjectNode body = ArmWorld.JSON.createObjectNode();
    ArrayNode value = body.putArray("value");
    vnet.peerings.values().forEach(p -> value.add(render(vnet, p)));
    return ArmAnswer.json(200, body);
  }

  ArmAnswer getPeering(ArmRequest request) {
    ArmWorld.Vnet vnet = existingVnet(request);
    ArmWorld.Peering peering = vnet.peerings.get(lower(request.peeringName()));
    if (peering != null) {
      peering.pending.ifPresent(world::tick);
      peering = vnet.peerings.get(lower(request.peeringName()));
    }
    if (peering == null) {
      throw new ArmFailure(404, "NotFound",
          "Resource " + request.peeringId() + " not found.");
    }
    return ArmAnswer.json(200, render(vnet, peering), Map.of("ETag", peering.etag));
  }

  ArmAnswer putPeering(ArmRequest request, JsonNode body) {
    ArmWorld.Vnet local = existingVnet(request);
    String remoteId = checkedPeeringBody(request, body);
    if (!local.provisioningState.equals("Succeeded")) {
      throw new ArmFailure(400, "ReferencedResourceNotProvisioned",
          "Cannot proceed with operation because resource " + local.id() + " used by resource "
              + request.peeringId() + " is not in Succeeded state. Resource is in "
              + local.provisioningState + " state and the last operation that updated/is updating"
              + " the resource is PutVirtualNetworkOperation.");
    }
    ArmWorld.Vnet remote = world.vnet(remoteId).orElseThrow(() -> new ArmFailure(404,
        "ResourceNotFound", "The Resource 'Microsoft.Network/virtualNetworks/"
            + remoteId.substring(remoteId.lastIndexOf('/') + 1) + "' referenced by peering "
            + request.peeringId() + " was not found (remote virtual network " + remoteId + ")."));
    checkPeeringRules(request, local, remote);
    ArmWorld.Peering existing = local.peerings.get(lower(request.peeringName()));
    boolean sync = "true".equals(request.query().get("syncRemoteAddressSpace"));
    if (request.query().containsKey("syncRemoteAddressSpace") && !sync) {
      throw new ArmFailure(400, "InvalidQueryParameterValue",
          "Query parameter syncRemoteAddressSpace may only be 'true'.");
    }
    ArmWorld.Peering peering = existing != null ? existing : new ArmWorld.Peering(
        request.peeringName(), remote.id(), flags(body), remote.prefixes, world.newEtag(),
        // Azure gives both sides of a pair the same resource GUID (seen in the recording).
        remote.peerings.values().stream()
            .filter(q -> q.remoteId.equalsIgnoreCase(local.id()))
            .map(q -> q.resourceGuid)
            .findFirst()
            .orElseGet(world::newId));
    peering.flags = flags(body);
    if (sync) {
      peering.remoteAddressSpace = List.copyOf(remote.prefixes);
    }
    peering.disconnected = false;
    peering.provisioningState = "Updating";
    peering.etag = world.newEtag();
    local.peerings.put(lower(peering.name), peering);
    ArmWorld.Operation op = world.startOperation(local.subscription, local.location,
        () -> settle(peering, "Succeeded"), () -> settle(peering, "Failed"));
    peering.pending = Optional.of(op);
    return ArmAnswer.json(existing != null ? 200 : 201, render(local, peering),
        asyncHeaders(op, false));
  }

  ArmAnswer deletePeering(ArmRequest request) {
    ArmWorld.Vnet local = existingVnet(request);
    ArmWorld.Peering peering = local.peerings.get(lower(request.peeringName()));
    if (peering == null) {
      return ArmAnswer.empty(204, Map.of());
    }
    if (peering.provisioningState.equals("Deleting") && peering.pending.isPresent()) {
      return ArmAnswer.empty(202, asyncHeaders(peering.pending.get(), true));
    }
    peering.provisioningState = "Deleting";
    ArmWorld.Operation op = world.startOperation(local.subscription, local.location,
        () -> world.removePeering(local, peering), () -> settle(peering, "Succeeded"));
    peering.pending = Optional.of(op);
    return ArmAnswer.empty(202, asyncHeaders(op, true));
  }

  private void settle(ArmWorld.Vnet vnet, String state) {
    vnet.provisioningState = state;
    vnet.etag = world.newEtag();
    vnet.pending = Optional.empty();
  }

  private void settle(ArmWorld.Peering peering, String state) {
    peering.provisioningState = state;
    peering.etag = world.newEtag();
    peering.pending = Optional.empty();
  }

  /** Checks the request body of a peering PUT; returns the remote VNET id. */
  private String checkedPeeringBody(ArmRequest request, JsonNode body) {
    if (!PEERING_NAME.matcher(request.peeringName()).matches()) {
      throw new ArmFailure(400, "InvalidResourceName",
          "Resource name " + request.peeringName() + " is invalid. The name can be up to 80"
              + " characters long. It must begin with a word character, and it must end with a"
              + " word character. The name may contain word characters or '.', '-'.");
    }
    if (!body.isObject() || !body.path("properties").isObject()) {
      throw new ArmFailure(400, "InvalidRequestFormat",
          "Cannot parse the request: the body must be a JSON object with 'properties'.");
    }
    if (body.has("name") && !body.get("name").asText().equalsIgnoreCase(request.peeringName())) {
      throw new ArmFailure(400, "InvalidRequestFormat",
          "The name '" + body.get("name").asText() + "' in the body does not match the name '"
              + request.peeringName() + "' in the URL.");
    }
    JsonNode properties = body.get("properties");
    for (String flag : FLAGS) {
      if (properties.has(flag) && !properties.get(flag).isBoolean()) {
        throw new ArmFailure(400, "InvalidRequestFormat",
            "Cannot parse the request: properties." + flag + " must be a boolean.");
      }
    }
    JsonNode remote = properties.path("remoteVirtualNetwork").path("id");
    if (!remote.isTextual() || remote.asText().isEmpty()) {
      throw new ArmFailure(400, "InvalidRequestFormat",
          "Cannot parse the request: properties.remoteVirtualNetwork.id is required.");
    }
    if (ArmAccess.parseVnetId(remote.asText()).isEmpty()) {
      throw new ArmFailure(400, "LinkedInvalidPropertyId",
          "Property id '" + remote.asText() + "' at path 'properties.remoteVirtualNetwork.id'"
              + " is invalid.");
    }
    return remote.asText();
  }

  private void checkPeeringRules(ArmRequest request, ArmWorld.Vnet local, ArmWorld.Vnet remote) {
    for (ArmWorld.Peering other : local.peerings.values()) {
      if (!other.name.equalsIgnoreCase(request.peeringName())
          && other.remoteId.equalsIgnoreCase(remote.id())) {
        throw new ArmFailure(400, "AnotherPeeringAlreadyReferencesRemoteVnet",
            "Peering " + local.id() + "/virtualNetworkPeerings/" + other.name + " already"
                + " references remote virtual network " + remote.id() + ". Cannot add another"
                + " peering " + request.peeringId() + " referencing the same remote virtual"
                + " network.");
      }
    }
    List<String> shared = ArmWorld.overlapping(local.prefixes, remote.prefixes);
    if (!shared.isEmpty()) {
      throw new ArmFailure(400, "VnetAddressSpacesOverlap",
          "Cannot create or update peering " + request.peeringId() + ". Virtual networks "
              + local.id() + " and " + remote.id() + " cannot be peered because their address"
              + " spaces overlap. Overlapping address prefixes: " + String.join(", ", shared));
    }
    for (ArmWorld.Peering back : remote.peerings.values()) {
      if (back.remoteId.equalsIgnoreCase(local.id()) && back.disconnected) {
        throw new ArmFailure(400, "RemotePeeringIsDisconnected",
            "Cannot create or update peering " + request.peeringId() + " because remote peering "
                + remote.id() + "/virtualNetworkPeerings/" + back.name + " referencing parent"
                + " virtual network " + local.id() + " is in Disconnected state. Update or"
                + " re-create the remote peering to get it back to Initiated state. Peering gets"
                + " Disconnected when remote vnet or remote peering is deleted and re-created.");
      }
    }
  }

  private ArrayNode checkedSubnets(ArmRequest request, JsonNode body, List<String> prefixes) {
    ArrayNode subnets = ArmWorld.JSON.createArrayNode();
    for (JsonNode subnet : body.path("properties").path("subnets")) {
      String name = subnet.path("name").asText("");
      String prefix = subnet.path("properties").path("addressPrefix").asText("");
      if (name.isEmpty() || !ArmWorld.isCidr(prefix)) {
        throw new ArmFailure(400, "InvalidRequestFormat",
            "Cannot parse the request: each subnet needs a name and properties.addressPrefix.");
      }
      if (prefixes.stream().noneMatch(p -> ArmWorld.contains(p, prefix))) {
        throw new ArmFailure(400, "NetcfgSubnetRangeOutsideVnet",
            "Subnet '" + name + "' is not valid because its IP address range is outside the IP"
                + " address range of virtual network '" + request.vnetName() + "'.");
      }
      ObjectNode rendered = subnets.addObject();
      rendered.put("name", name);
      rendered.put("id", request.vnetId() + "/subnets/" + name);
      rendered.put("type", "Microsoft.Network/virtualNetworks/subnets");
      ObjectNode properties = rendered.putObject("properties");
      properties.put("provisioningState", "Succeeded");
      properties.put("addressPrefix", prefix);
    }
    return subnets;
  }

  private static ObjectNode flags(JsonNode body) {
    JsonNode properties = body.path("properties");
    ObjectNode flags = ArmWorld.JSON.createObjectNode();
    for (String flag : FLAGS) {
      flags.put(flag, properties.path(flag).asBoolean(flag.equals("allowVirtualNetworkAccess")));
    }
    return flags;
  }

  Map<String, String> asyncHeaders(ArmWorld.Operation op, boolean delete) {
    String prefix = base + "/subscriptions/" + op.subscription
        + "/providers/Microsoft.Network/locations/" + op.location;
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Azure-AsyncNotification", "Enabled");
    headers.put("Azure-AsyncOperation", prefix + "/operations/" + op.id + "?api-version="
        + FakeArm.API_VERSION);
    if (delete) {
      headers.put("Location", prefix + "/operationResults/" + op.id + "?api-version="
          + FakeArm.API_VERSION);
    }
    headers.put("Retry-After", Long.toString(world.pollRetryAfter.toSeconds()));
    headers.put("x-ms-request-id", op.id);
    return headers;
  }

  ObjectNode render(ArmWorld.Vnet vnet) {
    ObjectNode node = ArmWorld.JSON.createObjectNode();
    node.put("name", vnet.name);
    node.put("id", vnet.id());
    node.put("etag", vnet.etag);
    node.put("type", "Microsoft.Network/virtualNetworks");
    node.put("location", vnet.location);
    ObjectNode properties = node.putObject("properties");
    properties.put("provisioningState", vnet.provisioningState);
    properties.put("resourceGuid", vnet.resourceGuid);
    ArrayNode prefixes = properties.putObject("addressSpace").putArray("addressPrefixes");
    vnet.prefixes.forEach(prefixes::add);
    properties.set("subnets", vnet.subnets.deepCopy());
    ArrayNode peerings = properties.putArray("virtualNetworkPeerings");
    vnet.peerings.values().forEach(p -> peerings.add(render(vnet, p)));
    properties.put("enableDdosProtection", false);
    return node;
  }

  ObjectNode render(ArmWorld.Vnet local, ArmWorld.Peering peering) {
    ObjectNode node = ArmWorld.JSON.createObjectNode();
    node.put("name", peering.name);
    node.put("id", local.id() + "/virtualNetworkPeerings/" + peering.name);
    node.put("etag", peering.etag);
    ObjectNode properties = node.putObject("properties");
    properties.put("provisioningState", peering.provisioningState);
    properties.put("resourceGuid", peering.resourceGuid);
    properties.put("peeringState", world.peeringState(local, peering));
    properties.put("peeringSyncLevel", world.syncLevel(local, peering));
    properties.putObject("remoteVirtualNetwork").put("id", peering.remoteId);
    properties.setAll(peering.flags.deepCopy());
    properties.put("doNotVerifyRemoteGateways", false);
    properties.put("peerCompleteVnets", true);
    ArrayNode peered = properties.putObject("remoteAddressSpace").putArray("addressPrefixes");
    peering.remoteAddressSpace.forEach(peered::add);
    ArrayNode current =
        properties.putObject("remoteVirtualNetworkAddressSpace").putArray("addressPrefixes");
    world.vnet(peering.remoteId).ifPresent(r -> r.prefixes.forEach(current::add));
    properties.putObject("routeServiceVips");
    node.put("type", "Microsoft.Network/virtualNetworks/virtualNetworkPeerings");
    return node;
  }
}
