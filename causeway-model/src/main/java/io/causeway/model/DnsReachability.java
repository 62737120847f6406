package io.causeway.model;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which {@code dns_config} servers lie outside the customer VNET. Such a server is not reachable
 * through the peering, so forwarding to it will likely fail; this is a warning, not a block,
 * because the customer may route to it some other way.
 */
public final class DnsReachability {
  private DnsReachability() {}

  /**
   * One sentence per server that lies in none of {@code addressSpaces} (CIDR prefixes of the
   * customer VNET), in {@code dns_config} order. Unparseable prefixes are ignored; an unparseable
   * server is reported as unreachable.
   */
  public static List<String> warnings(List<DnsMapping> dnsConfig, List<String> addressSpaces) {
    List<IPAddress> spaces = new ArrayList<>();
    for (String prefix : addressSpaces) {
      parse(prefix).ifPresent(spaces::add);
    }
    List<String> warnings = new ArrayList<>();
    for (int i = 0; i < dnsConfig.size(); i++) {
      List<String> servers = dnsConfig.get(i).remoteDnsServerIpAddresses();
      for (int j = 0; j < servers.size(); j++) {
        String server = servers.get(j);
        Optional<IPAddress> address = parse(server);
        boolean inside =
            address.isPresent()
                && spaces.stream()
                    .anyMatch(s -> s.getIPVersion() == address.get().getIPVersion()
                        && s.toPrefixBlock().contains(address.get()));
        if (!inside) {
          warnings.add(
              "DNS server " + server + " (dns_config[" + i + "].remote_dns_server_ip_addresses["
                  + j + "]) lies outside the customer VNET address space "
                  + (addressSpaces.isEmpty() ? "(none reported)" : String.join(", ", addressSpaces))
                  + "; it will not be reachable through the peering");
        }
      }
    }
    return List.copyOf(warnings);
  }

  private static Optional<IPAddress> parse(String text) {
    return Optional.ofNullable(new IPAddressString(text.trim()).getAddress());
  }
}
