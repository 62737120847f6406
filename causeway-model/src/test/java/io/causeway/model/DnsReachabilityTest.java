package io.causeway.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DnsReachabilityTest {
  private static DnsMapping servers(String... ips) {
    return new DnsMapping(List.of(ips), List.of("corp.example"));
  }

  @Test
  void warnsForEachServerOutsideEveryAddressSpaceNamingItsPosition() {
    List<String> warnings =
        DnsReachability.warnings(
            List.of(servers("10.1.0.4", "192.168.0.53"), servers("10.2.255.254", "172.16.0.1")),
            List.of("10.1.0.0/16", "10.2.0.0/16"));

    assertThat(warnings).containsExactly(
        "DNS server 192.168.0.53 (dns_config[0].remote_dns_server_ip_addresses[1]) lies outside"
            + " the customer VNET address space 10.1.0.0/16, 10.2.0.0/16; it will not be"
            + " reachable through the peering",
        "DNS server 172.16.0.1 (dns_config[1].remote_dns_server_ip_addresses[1]) lies outside"
            + " the customer VNET address space 10.1.0.0/16, 10.2.0.0/16; it will not be"
            + " reachable through the peering");
  }

  @Test
  void staysQuietWhenEveryServerIsInsideTheVnet() {
    assertThat(DnsReachability.warnings(
            List.of(servers("10.1.0.4", "fd00::53")), List.of("10.1.0.0/16", "fd00::/64")))
        .isEmpty();
  }

  @Test
  void neverMatchesAnIpv6ServerAgainstAnIpv4Space() {
    assertThat(DnsReachability.warnings(List.of(servers("::a01:4")), List.of("10.1.0.0/16")))
        .singleElement().asString().contains("::a01:4");
  }

  @Test
  void warnsForEveryServerWhenTheVnetReportsNoAddressSpace() {
    assertThat(DnsReachability.warnings(List.of(servers("10.1.0.4")), List.of()))
        .singleElement().asString().contains("(none reported)");
  }

  @Test
  void returnsNothingWithoutDnsConfig() {
    assertThat(DnsReachability.warnings(List.of(), List.of("10.1.0.0/16"))).isEmpty();
  }
}
