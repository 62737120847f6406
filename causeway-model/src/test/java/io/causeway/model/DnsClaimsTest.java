package io.causeway.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.causeway.model.InvalidParameter.Rule;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DnsClaimsTest {
  static final UUID OTHER = UUID.fromString("0850820b-d153-4a2a-b9be-7d2204779139");
  static final AzureVnetPeering PEERING =
      new AzureVnetPeering(
          "a1b2c3d4-e5f6-7890-abcd-ef1234567890",
          "b2c3d4e5-f6a7-8901-bcde-f12345678901",
          "rg",
          "vnet");

  static TransitGatewaySpec gateway(String name, String... domains) {
    return new TransitGatewaySpec(
        name, PEERING, List.of(new DnsMapping(List.of("10.0.0.2"), List.of(domains))));
  }

  @Test
  void namesTheOtherTransitGatewayThatClaimsADomain() {
    List<DnsMapping> proposed =
        List.of(
            new DnsMapping(List.of("10.9.0.2"), List.of("free.example")),
            new DnsMapping(List.of("10.9.0.3"), List.of("x.example", "corp.example")));

    assertThat(DnsClaims.check(proposed, Map.of(OTHER, gateway("hub-a", "corp.example"))))
        .extracting(InvalidParameter::field, InvalidParameter::rule, InvalidParameter::reason)
        .containsExactly(
            tuple(
                "dns_config.1.domain_proxy_list.1",
                Rule.INVALID,
                "dns_config.1.domain_proxy_list.1: corp.example (expected: a domain no other"
                    + " transit gateway of this network forwards; transit gateway"
                    + " 0850820b-d153-4a2a-b9be-7d2204779139 (hub-a) already forwards it)"));
  }

  @Test
  void allowsSubdomainsAndDomainsNobodyClaims() {
    List<DnsMapping> proposed =
        List.of(new DnsMapping(List.of("10.9.0.2"), List.of("orders.corp.example", "example")));

    assertThat(DnsClaims.check(proposed, Map.of(OTHER, gateway("hub-a", "corp.example"))))
        .isEmpty();
    assertThat(DnsClaims.check(proposed, Map.of())).isEmpty();
  }
}
