package io.causeway.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.causeway.provider.local.SimulatedProvider;
import io.causeway.provider.local.SimulatedProvider.Call;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The README's curl walkthrough, through the real HTTP API. */
@Timeout(60)
class WalkthroughIT {
  @TempDir Path dataDir;
  private SimulatedProvider provider;
  private ControlPlane cp;
  private ApiClient api;

  @BeforeEach
  void start() {
    provider = Fixtures.provider();
    cp = Fixtures.start(dataDir, provider);
    api = ApiClient.of(cp, cp.newAdminToken().orElseThrow());
  }

  @AfterEach
  void stop() {
    cp.close();
  }

  @Test
  void networkAndVnetPeeringWithDnsMappingBecomeReady() {
    var created = api.post("/v2/cloud-gateways/networks", Fixtures.network("prod", "10.8.0.0/16"));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String networkId = created.json().get("id").asText();
    assertThat(created.json().get("state").asText()).isEqualTo("initializing");

    await().atMost(Duration.ofSeconds(20)).until(
        () -> api.get("/v2/cloud-gateways/networks/" + networkId).json().get("state").asText(),
        "ready"::equals);

    var tgw = api.post("/v2/cloud-gateways/networks/" + networkId + "/transit-gateways",
        Fixtures.peering("corp", "Corp.Example."));
    assertThat(tgw.status()).as(tgw.body()).isEqualTo(201);
    assertThat(tgw.json().at("/dns_config/0/domain_proxy_list/0").asText())
        .isEqualTo("corp.example");
    String tgwPath = "/v2/cloud-gateways/networks/" + networkId + "/transit-gateways/"
        + tgw.json().get("id").asText();

    await().atMost(Duration.ofSeconds(20)).until(
        () -> api.get(tgwPath).json().get("state").asText(), "ready"::equals);

    UUID tgwId = UUID.fromString(tgw.json().get("id").asText());
    assertThat(provider.calls(Call.CREATE_NETWORK, UUID.fromString(networkId))).isEqualTo(1);
    assertThat(provider.calls(Call.CREATE_PEERING, tgwId)).isEqualTo(1);
    assertThat(provider.hasPeering(tgwId)).isTrue();
  }

  @Test
  void startsWithTheSimulatedProviderFoundByTheServiceLoader(@TempDir Path other) {
    try (ControlPlane plain = ControlPlane.start(Fixtures.options(other))) {
      assertThat(plain.providerName()).isEqualTo("simulated");
      ApiClient client = ApiClient.of(plain, plain.newAdminToken().orElseThrow());
      var accounts = client.get("/v2/cloud-gateways/provider-accounts");
      assertThat(accounts.json().at("/data/0/id").asText())
          .isEqualTo(SimulatedProvider.ACCOUNT_ID.toString());
      var created = client.post("/v2/cloud-gateways/networks",
          Fixtures.network("plain", "10.9.0.0/16"));
      assertThat(created.status()).as(created.body()).isEqualTo(201);
      String path = "/v2/cloud-gateways/networks/" + created.json().get("id").asText();
      await().atMost(Duration.ofSeconds(20)).until(
          () -> client.get(path).json().get("state").asText(), "ready"::equals);
    }
  }
}
