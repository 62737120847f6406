package io.causeway.controlplane;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.causeway.model.AttachmentConfig;
import io.causeway.model.AzureVnetPeering;
import io.causeway.model.DnsMapping;
import io.causeway.model.ProviderAccount;
import io.causeway.store.ControlPlaneRow;
import io.causeway.store.NetworkRow;
import io.causeway.store.Page;
import io.causeway.store.TransitGatewayRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Rows and records in the contract's JSON shapes (and back, for the JSON columns). */
final class Wire {
  private Wire() {}

  static ObjectNode page(Page<?> page, List<? extends JsonNode> items) {
    ObjectNode body = Json.object();
    // meta first: the audit log tells a large list by its first field without parsing it.
    ObjectNode meta = body.putObject("meta").putObject("page");
    meta.put("number", page.request().number());
    meta.put("size", page.request().size());
    meta.put("total", page.total());
    ArrayNode data = body.putArray("data");
    items.forEach(data::add);
    return body;
  }

  static ObjectNode providerAccount(ProviderAccount account, Instant since) {
    ObjectNode node = Json.object();
    node.put("id", account.id().toString());
    node.put("provider", account.provider());
    node.put("provider_account_id", account.providerAccountId());
    node.put("created_at", Json.timestamp(since));
    node.put("updated_at", Json.timestamp(since));
    return node;
  }

  static ObjectNode network(
      NetworkRow row, long transitGatewayCount, long configurationReferenceCount) {
    ObjectNode node = Json.object();
    node.put("id", row.id().toString());
    node.put("name", row.name());
    node.put("default", row.defaultNetwork());
    node.put("cloud_gateway_provider_account_id", row.providerAccountId());
    node.put("region", row.region());
    node.set("availability_zones", Json.read(row.availabilityZonesJson()));
    node.put("cidr_block", row.cidrBlock());
    node.put("state", row.state());
    node.set("state_metadata", stateMetadata(row.reportedStatus(), row.reason()));
    node.putObject("provider_metadata");
    node.put("transit_gateway_count", transitGatewayCount);
    node.put("configuration_reference_count", configurationReferenceCount);
    node.put("entity_version", row.entityVersion());
    node.put("created_at", Json.timestamp(row.createdAt()));
    node.put("updated_at", Json.timestamp(row.updatedAt()));
    return node;
  }

  static ObjectNode transitGateway(TransitGatewayRow row) {
    ObjectNode node = Json.object();
    node.put("id", row.id().toString());
    node.put("name", row.name());
    node.set("dns_config", Json.read(row.dnsConfigJson()));
    node.set("transit_gateway_attachment_config", Json.read(row.attachmentJson()));
    node.put("state", row.state());
    node.set("state_metadata", stateMetadata(row.reportedStatus(), row.reason()));
    node.put("entity_version", row.entityVersion());
    node.put("created_at", Json.timestamp(row.createdAt()));
    node.put("updated_at", Json.timestamp(row.updatedAt()));
    return node;
  }

  static ObjectNode controlPlane(ControlPlaneRow row, String endpoint) {
    ObjectNode node = Json.object();
    node.put("id", row.id().toString());
    node.put("name", row.name());
    node.put("description", row.description().orElse(""));
    node.set("labels", Json.read(row.labelsJson()));
    ObjectNode config = node.putObject("config");
    config.put("control_plane_endpoint", endpoint);
    config.put("telemetry_endpoint", endpoint);
    config.put("cluster_type", row.clusterType());
    config.put("auth_type", "pki_client_certs");
    config.put("cloud_gateway", row.cloudGateway());
    config.putArray("proxy_urls");
    node.put("created_at", Json.timestamp(row.createdAt()));
    node.put("updated_at", Json.timestamp(row.updatedAt()));
    return node;
  }

  private static ObjectNode stateMetadata(Optional<String> reportedStatus, Optional<String> reason) {
    ObjectNode node = Json.object();
    node.put("reported_status", reportedStatus.orElse(""));
    node.put("reason", reason.orElse(""));
    return node;
  }

  static String attachmentJson(AttachmentConfig attachment) {
    ObjectNode node = Json.object();
    switch (attachment) {
      case AzureVnetPeering azure -> {
        node.put("kind", azure.kind());
        node.put("tenant_id", azure.tenantId());
        node.put("subscription_id", azure.subscriptionId());
        node.put("resource_group_name", azure.resourceGroupName());
        node.put("vnet_name", azure.vnetName());
      }
    }
    return Json.write(node);
  }

  /** The attachment of a stored row; rows are written by {@link #attachmentJson} only. */
  static AzureVnetPeering attachment(TransitGatewayRow row) {
    JsonNode node = Json.read(row.attachmentJson());
    return new AzureVnetPeering(
        node.path("tenant_id").asText(),
        node.path("subscription_id").asText(),
        node.path("resource_group_name").asText(),
        node.path("vnet_name").asText());
  }

  static String dnsConfigJson(List<DnsMapping> mappings) {
    ArrayNode array = Json.array();
    for (DnsMapping mapping : mappings) {
      ObjectNode entry = array.addObject();
      ArrayNode servers = entry.putArray("remote_dns_server_ip_addresses");
      mapping.remoteDnsServerIpAddresses().forEach(servers::add);
      ArrayNode domains = entry.putArray("domain_proxy_list");
      mapping.domainProxyList().forEach(domains::add);
    }
    return Json.write(array);
  }

  static List<DnsMapping> dnsConfig(TransitGatewayRow row) {
    List<DnsMapping> mappings = new ArrayList<>();
    for (JsonNode entry : Json.read(row.dnsConfigJson())) {
      mappings.add(
          new DnsMapping(
              texts(entry.path("remote_dns_server_ip_addresses")),
              texts(entry.path("domain_proxy_list"))));
    }
    return mappings;
  }

  static String zonesJson(List<String> zones) {
    ArrayNode array = Json.array();
    zones.forEach(array::add);
    return Json.write(array);
  }

  static List<String> texts(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }
}
