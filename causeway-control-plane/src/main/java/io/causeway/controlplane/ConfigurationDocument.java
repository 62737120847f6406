package io.causeway.controlplane;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.causeway.model.ConfigurationRequests.Autoscale;
import io.causeway.model.ConfigurationRequests.EnvironmentVariable;
import io.causeway.model.ConfigurationRequests.GroupSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON a configuration row keeps: {@code version}, {@code kind}, {@code api_access} and
 * {@code dataplane_groups}, each group its contract config ({@code provider}, {@code region},
 * {@code cloud_gateway_network_id}, {@code autoscale}, {@code environment}) plus {@code id},
 * {@code created_at} and {@code updated_at}.
 */
final class ConfigurationDocument {
  private static final List<String> CONFIG_FIELDS =
      List.of("provider", "region", "cloud_gateway_network_id", "autoscale", "environment");

  private ConfigurationDocument() {}

  /** A requested group as the contract's {@code ConfigurationDataPlaneGroupConfig}. */
  static ObjectNode groupConfig(GroupSpec spec) {
    ObjectNode node = Json.object();
    node.put("provider", spec.provider());
    node.put("region", spec.region());
    node.put("cloud_gateway_network_id", spec.networkId().toString());
    ObjectNode autoscale = node.putObject("autoscale");
    switch (spec.autoscale()) {
      case Autoscale.Static s -> {
        autoscale.put("kind", "static");
        autoscale.put("instance_type", s.instanceType());
        autoscale.put("requested_instances", s.requestedInstances());
      }
      case Autoscale.Autopilot a -> {
        autoscale.put("kind", "autopilot");
        autoscale.put("base_rps", a.baseRps());
        a.maxRps().ifPresent(max -> autoscale.put("max_rps", max));
      }
    }
    ArrayNode environment = node.putArray("environment");
    for (EnvironmentVariable variable : spec.environment()) {
      environment.addObject().put("name", variable.name()).put("value", variable.value());
    }
    return node;
  }

  /** The config fields of a stored group (without id and timestamps). */
  static ObjectNode groupConfigOf(JsonNode group) {
    ObjectNode node = Json.object();
    for (String field : CONFIG_FIELDS) {
      if (group.has(field)) {
        node.set(field, group.get(field).deepCopy());
      }
    }
    return node;
  }

  /** Where a group runs: a group keeps its id while this stays the same. */
  static String placeKey(JsonNode group) {
    return group.path("provider").asText() + "/" + group.path("region").asText() + "/"
        + group.path("cloud_gateway_network_id").asText();
  }

  /** True when two documents ask for the same thing (ids and timestamps aside). */
  static boolean sameSpec(JsonNode a, JsonNode b) {
    return a.path("version").equals(b.path("version"))
        && a.path("kind").equals(b.path("kind"))
        && a.path("api_access").equals(b.path("api_access"))
        && configs(a).equals(configs(b));
  }

  private static List<ObjectNode> configs(JsonNode doc) {
    List<ObjectNode> configs = new ArrayList<>();
    doc.path("dataplane_groups").forEach(g -> configs.add(groupConfigOf(g)));
    return configs;
  }
}
