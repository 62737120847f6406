package io.causeway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * One {@code dns_config} entry as typed on the command line: {@code DOMAINS=IPS}, both
 * comma-separated, so 1-1 ({@code a.example=10.0.0.4}), N-1 ({@code a.example,b.example=10.0.0.4})
 * and M-N ({@code a.example,b.example=10.0.0.4,10.0.0.5}) read naturally. Only the shape is checked
 * here; the API validates domains and addresses and names the field that is wrong.
 */
record DnsEntry(List<String> domains, List<String> servers) {
  DnsEntry {
    domains = List.copyOf(domains);
    servers = List.copyOf(servers);
  }

  static DnsEntry parse(String text) {
    int equals = text.indexOf('=');
    if (equals < 0 || text.indexOf('=', equals + 1) >= 0) {
      throw new IllegalArgumentException(
          "--dns " + text + " (expected: DOMAINS=IPS, e.g. corp.example,hr.example=10.0.0.4)");
    }
    return new DnsEntry(
        items(text.substring(0, equals), text, "domain"),
        items(text.substring(equals + 1), text, "DNS server address"));
  }

  private static List<String> items(String list, String text, String what) {
    List<String> items = new ArrayList<>();
    for (String item : list.split(",", -1)) {
      String trimmed = item.strip();
      if (trimmed.isEmpty()) {
        throw new IllegalArgumentException(
            "--dns " + text + " (expected: a non-empty " + what + " between commas)");
      }
      items.add(trimmed);
    }
    return items;
  }

  /** The API's shape: {@code {remote_dns_server_ip_addresses: [...], domain_proxy_list: [...]}}. */
  JsonNode toJson() {
    ObjectNode node = Api.JSON.createObjectNode();
    ArrayNode ips = node.putArray("remote_dns_server_ip_addresses");
    servers.forEach(ips::add);
    ArrayNode names = node.putArray("domain_proxy_list");
    domains.forEach(names::add);
    return node;
  }

  static ArrayNode toJson(List<DnsEntry> entries) {
    ArrayNode array = Api.JSON.createArrayNode();
    entries.forEach(e -> array.add(e.toJson()));
    return array;
  }

  /** {@code a.example,b.example=10.0.0.4; c.example=10.0.0.5} for a table cell. */
  static String show(JsonNode dnsConfig) {
    List<String> entries = new ArrayList<>();
    for (JsonNode entry : dnsConfig) {
      entries.add(
          Table.text(entry.path("domain_proxy_list"))
              + "="
              + Table.text(entry.path("remote_dns_server_ip_addresses")));
    }
    return String.join("; ", entries);
  }

  /** picocli's hook: a malformed entry is a usage error (exit 2). */
  static final class Converter implements ITypeConverter<DnsEntry> {
    @Override
    public DnsEntry convert(String value) {
      try {
        return parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
