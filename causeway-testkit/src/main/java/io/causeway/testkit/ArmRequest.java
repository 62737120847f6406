package io.causeway.testkit;

import static io.causeway.testkit.ArmWorld.lower;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An ARM request as the fake routes it: method, the path's segments and the query. ARM matches
 * the fixed words of a path case-insensitively ({@code resourcegroups} and {@code resourceGroups}
 * both occur in real traffic); names keep the caller's case.
 */
record ArmRequest(String method, List<String> segments, Map<String, String> query) {
  enum Kind {
    OPERATION,
    OPERATION_RESULT,
    VNET,
    PEERINGS,
    PEERING,
    UNKNOWN
  }

  static ArmRequest of(String method, String path, Map<String, String> query) {
    List<String> segments = new ArrayList<>();
    for (String s : path.split("/")) {
      if (!s.isEmpty()) {
        segments.add(s);
      }
    }
    return new ArmRequest(method, List.copyOf(segments), Map.copyOf(query));
  }

  Optional<String> subscription() {
    return segments.size() >= 2 && is(0, "subscriptions")
        ? Optional.of(segments.get(1))
        : Optional.empty();
  }

  Kind kind() {
    if (segments.size() == 8 && is(2, "providers") && is(3, "Microsoft.Network")
        && is(4, "locations")) {
      return is(6, "operations") ? Kind.OPERATION
          : is(6, "operationResults") ? Kind.OPERATION_RESULT : Kind.UNKNOWN;
    }
    boolean underVnet = segments.size() >= 8 && is(2, "resourceGroups") && is(4, "providers")
        && is(5, "Microsoft.Network") && is(6, "virtualNetworks");
    if (!underVnet) {
      return Kind.UNKNOWN;
    }
    return switch (segments.size()) {
      case 8 -> Kind.VNET;
      case 9 -> is(8, "virtualNetworkPeerings") ? Kind.PEERINGS : Kind.UNKNOWN;
      case 10 -> is(8, "virtualNetworkPeerings") ? Kind.PEERING : Kind.UNKNOWN;
      default -> Kind.UNKNOWN;
    };
  }

  String resourceGroup() {
    return segments.get(3);
  }

  String vnetName() {
    return segments.get(7);
  }

  String vnetId() {
    return ArmWorld.vnetId(segments.get(1), resourceGroup(), vnetName());
  }

  String peeringName() {
    return segments.get(9);
  }

  String peeringId() {
    return vnetId() + "/virtualNetworkPeerings/" + peeringName();
  }

  String location() {
    return segments.get(5);
  }

  String operationId() {
    return segments.get(7);
  }

  private boolean is(int index, String word) {
    return lower(segments.get(index)).equals(lower(word));
  }
}
