package io.causeway.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import inet.ipaddr.IPAddressString;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Everything the fake knows: the directory (tenants, the app, its service principals, role
 * assignments, issued tokens), the resources (subscriptions, resource groups, VNETs, peerings),
 * long-running operations and the scenario switches. Guarded by its own monitor: every method of
 * the handlers runs inside {@code synchronized (world)}.
 */
final class ArmWorld {
  static final ObjectMapper JSON = new ObjectMapper();

  record App(String clientId, String homeTenant, Optional<String> secret,
      Optional<X509Certificate> certificate) {}

  record Assignment(String scope, Set<String> actions) {
    boolean allows(String action, String resourceId) {
      String s = lower(scope);
      String r = lower(resourceId);
      boolean inScope = r.equals(s) || r.startsWith(s.endsWith("/") ? s : s + "/");
      return inScope
          && (actions.contains("*")
              || actions.stream().anyMatch(a -> a.equalsIgnoreCase(action)));
    }
  }

  record Token(String tenant, String clientId, String audience) {}

  static final class Vnet {
    final String subscription;
    final String resourceGroup;
    final String name;
    final String location;
    List<String> prefixes;
    ArrayNode subnets = JSON.createArrayNode();
    final Map<String, Peering> peerings = new LinkedHashMap<>();
    String provisioningState = "Succeeded";
    String etag;
    final String resourceGuid;
    Optional<Operation> pending = Optional.empty();

    Vnet(String subscription, String resourceGroup, String name, String location,
        List<String> prefixes, String etag, String resourceGuid) {
      this.subscription = subscription;
      this.resourceGroup = resourceGroup;
      this.name = name;
      this.location = location;
      this.prefixes = List.copyOf(prefixes);
      this.etag = etag;
      this.resourceGuid = resourceGuid;
    }

    String id() {
      return vnetId(subscription, resourceGroup, name);
    }
  }

  static final class Peering {
    final String name;
    final String remoteId;
    ObjectNode flags;
    List<String> remoteAddressSpace;
    boolean disconnected;
    String provisioningState = "Updating";
    String etag;
    final String resourceGuid;
    Optional<Operation> pending = Optional.empty();

    Peering(String name, String remoteId, ObjectNode flags, List<String> remoteAddressSpace,
        String etag, String resourceGuid) {
      this.name = name;
      this.remoteId = remoteId;
      this.flags = flags;
      this.remoteAddressSpace = List.copyOf(remoteAddressSpace);
      this.etag = etag;
      this.resourceGuid = resourceGuid;
    }
  }

  /** An ARM error an operation ends with when it fails. */
  record OperationError(String code, String message) {}

  static final class Operation {
    final String id;
    final String subscription;
    final String location;
    final Runnable onSuccess;
    final Runnable onFailure;
    final Optional<OperationError> failure;
    int polls;
    String status = "InProgress";

    Operation(String id, String subscription, String location, Runnable onSuccess,
        Runnable onFailure, Optional<OperationError> failure) {
      this.id = id;
      this.subscription = subscription;
      this.location = location;
      this.onSuccess = onSuccess;
      this.onFailure = onFailure;
      this.failure = failure;
    }
  }

  // Directory.
  Optional<App> app = Optional.empty();
  final Set<String> tenants = new HashSet<>();
  final Map<String, String> subscriptionTenants = new HashMap<>();
  final Set<String> consented = new HashSet<>();
  final Set<String> servicePrincipalMissing = new HashSet<>();
  final Map<String, List<Assignment>> assignments = new HashMap<>();
  final Map<String, Token> tokens = new HashMap<>();
  final Map<String, Integer> tokenRequests = new HashMap<>();

  // Resources.
  final Set<String> resourceGroups = new HashSet<>();
  final Map<String, Vnet> vnets = new LinkedHashMap<>();
  final Map<String, Operation> operations = new HashMap<>();

  // Scenario switches.
  int lroPolls = 1;
  boolean holdOperations;
  Duration pollRetryAfter = Duration.ZERO;
  int throttleRemaining;
  Duration throttleRetryAfter = Duration.ofSeconds(1);
  int serverErrorsRemaining;
  int serverErrorStatus = 503;
  int failingOperations;
  OperationError operationError = new OperationError("InternalServerError", "failed");
  Instant outageUntil = Instant.MIN;
  List<FakeArm.Fault> outageFaults = List.of();
  Duration outageRetryAfter = Duration.ofSeconds(1);
  Duration outageHang = Duration.ofSeconds(1);
  int outageIndex;
  final Map<FakeArm.Fault, Integer> outageHits = new java.util.EnumMap<>(FakeArm.Fault.class);

  // Observations.
  private long nextId;
  final Map<String, Integer> calls = new HashMap<>();
  final List<FakeArm.Request> requests = new ArrayList<>();

  /** A deterministic id: the n-th id this fake has handed out. */
  String newId() {
    nextId++;
    return UUID.nameUUIDFromBytes(("fake-arm-" + nextId).getBytes(StandardCharsets.UTF_8))
        .toString();
  }

  String newEtag() {
    return "W/\"" + newId() + "\"";
  }

  Optional<String> tenantOfSubscription(String subscription) {
    return Optional.ofNullable(subscriptionTenants.get(lower(subscription)));
  }

  boolean hasServicePrincipal(String tenant) {
    return app.isPresent()
        && (lower(tenant).equals(lower(app.get().homeTenant()))
            || consented.contains(lower(tenant)));
  }

  String servicePrincipalObjectId(String tenant) {
    String clientId = app.map(App::clientId).orElse("none");
    return UUID.nameUUIDFromBytes(("sp/" + lower(tenant) + "/" + lower(clientId))
            .getBytes(StandardCharsets.UTF_8))
        .toString();
  }

  boolean allowed(String tenant, String action, String resourceId) {
    return hasServicePrincipal(tenant)
        && assignments.getOrDefault(lower(tenant), List.of()).stream()
            .anyMatch(a -> a.allows(action, resourceId));
  }

  boolean resourceGroupExists(String subscription, String resourceGroup) {
    return resourceGroups.contains(lower(resourceGroupId(subscription, resourceGroup)));
  }

  Optional<Vnet> vnet(String id) {
    return Optional.ofNullable(vnets.get(lower(id)));
  }

  /** The peering of {@code remote} that points back at {@code local}, if any. */
  Optional<Peering> counterpart(Vnet local, Peering peering) {
    return vnet(peering.remoteId)
        .flatMap(
            remote ->
                remote.peerings.values().stream()
                    .filter(q -> q.remoteId.equalsIgnoreCase(local.id()))
                    .findFirst());
  }

  String peeringState(Vnet local, Peering peering) {
    if (counterpart(local, peering).isPresent()) {
      return "Connected";
    }
    return peering.disconnected ? "Disconnected" : "Initiated";
  }

  String syncLevel(Vnet local, Peering peering) {
    Optional<Vnet> remote = vnet(peering.remoteId);
    boolean localStale =
        remote.isPresent() && !samePrefixes(peering.remoteAddressSpace, remote.get().prefixes);
    Optional<Peering> back = counterpart(local, peering);
    // As recorded: a peering whose other side never existed is RemoteNotInSync, while one left
    // Disconnected by a deletion keeps reporting FullyInSync.
    boolean remoteStale =
        back.isEmpty()
            ? !peering.disconnected
            : !samePrefixes(back.get().remoteAddressSpace, local.prefixes);
    if (localStale && remoteStale) {
      return "LocalAndRemoteNotInSync";
    }
    return localStale ? "LocalNotInSync" : remoteStale ? "RemoteNotInSync" : "FullyInSync";
  }

  /** Removes a peering now; its counterpart (if any) becomes Disconnected, as in Azure. */
  void removePeering(Vnet local, Peering peering) {
    counterpart(local, peering)
        .ifPresent(
            back -> {
              back.disconnected = true;
              back.etag = newEtag();
            });
    local.peerings.remove(lower(peering.name));
  }

  void removeVnet(Vnet vnet) {
    for (Peering peering : List.copyOf(vnet.peerings.values())) {
      removePeering(vnet, peering);
    }
    for (Vnet other : vnets.values()) {
      for (Peering peering : other.peerings.values()) {
        if (peering.remoteId.equalsIgnoreCase(vnet.id())) {
          peering.disconnected = true;
        }
      }
    }
    vnets.remove(lower(vnet.id()));
  }

  Operation startOperation(String subscription, String location, Runnable onSuccess,
      Runnable onFailure) {
    Optional<OperationError> failure = Optional.empty();
    if (failingOperations > 0) {
      failingOperations--;
      failure = Optional.of(operationError);
    }
    Operation operation =
        new Operation(newId(), subscription, location, onSuccess, onFailure, failure);
    operations.put(operation.id, operation);
    return operation;
  }

  /** One look at an operation (a poll, or a GET of its resource); it may complete now. */
  void tick(Operation operation) {
    if (!operation.status.equals("InProgress")) {
      return;
    }
    operation.polls++;
    if (!holdOperations && operation.polls >= lroPolls) {
      complete(operation);
    }
  }

  void complete(Operation operation) {
    if (operation.status.equals("InProgress")) {
      operation.status = operation.failure.isPresent() ? "Failed" : "Succeeded";
      (operation.failure.isPresent() ? operation.onFailure : operation.onSuccess).run();
    }
  }

  void completeAll() {
    for (Operation operation : List.copyOf(operations.values())) {
      complete(operation);
    }
  }

  /** The address prefixes shared by two address spaces, as Azure lists them in its message. */
  static List<String> overlapping(List<String> a, List<String> b) {
    List<String> shared = new ArrayList<>();
    for (String x : a) {
      for (String y : b) {
        if (block(x).overlaps(block(y))) {
          shared.add(block(x).getPrefixLength() >= block(y).getPrefixLength() ? x : y);
        }
      }
    }
    return shared;
  }

  static boolean contains(String outer, String inner) {
    return block(outer).contains(block(inner));
  }

  static boolean isCidr(String value) {
    IPAddressString parsed = new IPAddressString(value);
    return parsed.isPrefixed() && parsed.getAddress() != null && parsed.getAddress().isIPv4();
  }

  private static inet.ipaddr.IPAddress block(String cidr) {
    return new IPAddressString(cidr).getAddress().toPrefixBlock();
  }

  static boolean samePrefixes(List<String> a, List<String> b) {
    return new HashSet<>(a.stream().map(ArmWorld::lower).toList())
        .equals(new HashSet<>(b.stream().map(ArmWorld::lower).toList()));
  }

  static String resourceGroupId(String subscription, String resourceGroup) {
    return "/subscriptions/" + subscription + "/resourceGroups/" + resourceGroup;
  }

  static String vnetId(String subscription, String resourceGroup, String name) {
    return resourceGroupId(subscription, resourceGroup)
        + "/providers/Microsoft.Network/virtualNetworks/" + name;
  }

  static String lower(String value) {
    return value.toLowerCase(Locale.ROOT);
  }
}
