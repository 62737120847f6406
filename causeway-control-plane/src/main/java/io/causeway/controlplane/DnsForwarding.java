package io.causeway.controlplane;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.causeway.gateway.KongConfig;
import io.causeway.model.TransitGatewayState;
import io.causeway.store.TransitGatewayRepository;
import io.causeway.store.TransitGatewayRow;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code _causeway.dns_forwarding} table of one network, read from the current rows: the
 * {@code dns_config} entries of its <b>ready</b> transit gateways, oldest gateway first. Data
 * planes bound to the network receive it; data planes in no network get an empty table and use
 * the system resolver only (DESIGN §4).
 */
final class DnsForwarding {
  private static final Logger LOG = LoggerFactory.getLogger(DnsForwarding.class);

  private DnsForwarding() {}

  static ArrayNode table(TransitGatewayRepository gateways, UUID network) {
    ArrayNode table = Json.array();
    for (TransitGatewayRow gateway : gateways.listByNetwork(network)) {
      if (!gateway.state().equals(TransitGatewayState.READY.wire())) {
        continue;
      }
      for (JsonNode entry : Json.read(gateway.dnsConfigJson())) {
        table.add(entry.deepCopy());
      }
    }
    return table;
  }

  /**
   * The table as JSON, checked by the data plane's validator; an invalid one (the transit
   * gateway API checks {@code dns_config} with compatible rules, so only a rule change can make
   * one) is logged and replaced by an empty table rather than making every snapshot invalid.
   */
  static String json(TransitGatewayRepository gateways, UUID network) {
    String json = Json.write(table(gateways, network));
    String probe = "{\"_format_version\":\"3.0\",\"_causeway\":{\"dns_forwarding\":" + json + "}}";
    if (KongConfig.check(probe) instanceof KongConfig.Check.Invalid invalid) {
      LOG.error("cluster: DNS forwarding table of network {} refused by the data plane's rules,"
          + " sending none: {}", network, invalid.problems());
      return "[]";
    }
    return json;
  }
}
