package io.causeway.controlplane;

import io.causeway.provider.local.SimulatedProvider;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Control planes for tests: port 0 on loopback, the simulated provider, fast reconciler clocks. */
final class Fixtures {
  static final Duration DELAY = Duration.ofMillis(200);
  static final Timings FAST =
      new Timings(
          Duration.ofMillis(50),
          Duration.ofSeconds(2),
          Duration.ofMillis(100),
          Duration.ofSeconds(1),
          Duration.ofSeconds(5),
          Duration.ofMillis(100));

  private Fixtures() {}

  static ControlPlaneOptions options(Path dataDir) {
    return new ControlPlaneOptions(
        dataDir, "127.0.0.1", 0, Optional.empty(), Optional.empty(), Optional.empty(),
        "simulated", DELAY, true, Map.of());
  }

  static SimulatedProvider provider() {
    return SimulatedProvider.create(Clock.systemUTC(), DELAY);
  }

  static Hooks hooks(SimulatedProvider provider) {
    return Hooks.defaults().withProvider(provider).withTimings(FAST);
  }

  static ControlPlane start(Path dataDir, SimulatedProvider provider) {
    return ControlPlane.start(options(dataDir), hooks(provider));
  }

  static final String AZURE_PEERING =
      """
      {"name": "%s",
       "transit_gateway_attachment_config": {
         "kind": "azure-vnet-peering-attachment",
         "tenant_id": "%s",
         "subscription_id": "b2c3d4e5-f6a7-8901-bcde-f12345678901",
         "resource_group_name": "my-resource-group",
         "vnet_name": "%s"},
       "dns_config": [{"remote_dns_server_ip_addresses": ["10.1.0.4"],
                       "domain_proxy_list": ["%s"]}]}
      """;

  static String peering(String name, String tenant, String vnet, String domain) {
    return AZURE_PEERING.formatted(name, tenant, vnet, domain);
  }

  static String peering(String name, String domain) {
    return peering(name, "a1b2c3d4-e5f6-7890-abcd-ef1234567890", "my-vnet", domain);
  }

  static String network(String name, String cidr) {
    return """
        {"name": "%s", "cloud_gateway_provider_account_id": "%s", "region": "local",
         "availability_zones": ["local-1", "local-2"], "cidr_block": "%s"}
        """.formatted(name, SimulatedProvider.ACCOUNT_ID, cidr);
  }
}
