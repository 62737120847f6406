package io.causeway.controlplane;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.causeway.model.TransitGatewayState;
import io.causeway.store.ConfigurationRow;
import io.causeway.store.ConfigurationRepository;
import io.causeway.store.TransitGatewayRepository;
import io.causeway.store.TransitGatewayRow;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

/**
 * The {@code _causeway.dns_forwarding} table of a control plane's snapshot, read from the current
 * rows: the {@code dns_config} entries of the ready transit gateways of every network its
 * data-plane groups are placed in (oldest gateway first). A control plane placed in no network
 * gets an empty table: its data planes use the system resolver only (DESIGN §4).
 *
 * <p>Nodes do not yet say which group they belong to, so a control plane with groups in several
 * networks gives every data plane the union of those networks' tables.
 */
final class DnsForwarding {
  private DnsForwarding() {}

  static ArrayNode table(
      ConfigurationRepository configurations, TransitGatewayRepository gateways, UUID cp) {
    Set<UUID> networks = new LinkedHashSet<>();
    for (ConfigurationRow row : configurations.listByControlPlane(cp)) {
      networks.addAll(row.networkIds());
    }
    ArrayNode table = Json.array();
    for (UUID network : networks) {
      for (TransitGatewayRow gateway : gateways.listByNetwork(network)) {
        if (!gateway.state().equals(TransitGatewayState.READY.wire())) {
          continue;
        }
        for (JsonNode entry : Json.read(gateway.dnsConfigJson())) {
          table.add(entry.deepCopy());
        }
      }
    }
    return table;
  }
}
