package io.causeway.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.causeway.provider.local.SimulatedProvider;
import io.causeway.provider.local.SimulatedProvider.Call;
import io.causeway.store.Store;
import io.causeway.store.StoreSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The reconciler's state machine, driven through the API with the simulated provider. */
@Timeout(60)
class LifecycleIT {
  private static final String NETWORKS = "/v2/cloud-gateways/networks";
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dataDir;
  private final SimulatedProvider provider = Fixtures.provider();
  private ControlPlane cp;
  private ApiClient api;

  private void start() {
    cp = Fixtures.start(dataDir, provider);
    api = ApiClient.of(cp, cp.newAdminToken()
        .orElseGet(() -> readToken()));
  }

  private String readToken() {
    try {
      return java.nio.file.Files.readString(cp.adminTokenFile()).trim();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @AfterEach
  void stop() {
    if (cp != null) {
      cp.close();
    }
  }

  private String network(String name, String cidr) {
    var created = api.post(NETWORKS, Fixtures.network(name, cidr));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created.json().get("id").asText();
  }

  private JsonNode awaitState(String path, String state) {
    await().atMost(WAIT).until(() -> api.get(path).json().get("state").asText(), state::equals);
    return api.get(path).json();
  }

  @Test
  void missingConsentWaitsForTheUserAndProceedsOnceGranted() {
    start();
    String id = network("consent", "10.8.0.0/16");
    var tgw = api.post(NETWORKS + "/" + id + "/transit-gateways",
        Fixtures.peering("corp", SimulatedProvider.NO_CONSENT_TENANT, "vnet-a", "corp.example"));
    String path = NETWORKS + "/" + id + "/transit-gateways/" + tgw.json().get("id").asText();

    JsonNode pending = awaitState(path, "pending-user-action");
    assertThat(pending.at("/state_metadata/reported_status").asText())
        .isEqualTo("CONSENT_MISSING");
    assertThat(pending.at("/state_metadata/reason").asText())
        .contains("simulated").contains("consent");

    var setup = api.get(path + "/azure-setup");
    assertThat(setup.status()).as(setup.body()).isEqualTo(200);
    assertThat(setup.json().get("admin_consent_url").asText())
        .contains(SimulatedProvider.NO_CONSENT_TENANT);
    assertThat(setup.json().at("/role_definition/Actions")).hasSize(5);

    provider.grantConsent(SimulatedProvider.NO_CONSENT_TENANT);
    var verified = api.post(path + "/verify", "{}");
    assertThat(verified.status()).as(verified.body()).isEqualTo(200);
    assertThat(verified.json().at("/state_metadata/reported_status").asText())
        .isEqualTo("VERIFIED");
    awaitState(path, "ready");
    assertThat(provider.calls(Call.CREATE_PEERING,
        UUID.fromString(tgw.json().get("id").asText()))).isEqualTo(1);
  }

  @Test
  void aMissingVnetIsAnErrorThatCanBeDeleted() {
    start();
    String id = network("missing", "10.9.0.0/16");
    var tgw = api.post(NETWORKS + "/" + id + "/transit-gateways",
        Fixtures.peering("gone", "a1b2c3d4-e5f6-7890-abcd-ef1234567890", "missing-vnet",
            "gone.example"));
    String path = NETWORKS + "/" + id + "/transit-gateways/" + tgw.json().get("id").asText();
    JsonNode error = awaitState(path, "error");
    assertThat(error.at("/state_metadata/reason").asText()).contains("missing-vnet");
    assertThat(api.delete(path).status()).isEqualTo(204);
    await().atMost(WAIT).until(() -> api.get(path).status() == 404);
  }

  @Test
  void aTransitGatewayOnANetworkThatIsNotReadyWaitsForIt() {
    start();
    var offline = api.post(NETWORKS, Fixtures.network("off", "10.10.0.0/16")
        .replace("\"cidr_block\"", "\"state\": \"offline\", \"cidr_block\""));
    assertThat(offline.status()).as(offline.body()).isEqualTo(201);
    String id = offline.json().get("id").asText();
    assertThat(offline.json().get("state").asText()).isEqualTo("offline");
    var tgw = api.post(NETWORKS + "/" + id + "/transit-gateways",
        Fixtures.peering("early", "early.example"));
    assertThat(tgw.status()).as(tgw.body()).isEqualTo(201);
    String path = NETWORKS + "/" + id + "/transit-gateways/" + tgw.json().get("id").asText();
    await().atMost(WAIT).until(() -> api.get(path).json().at("/state_metadata/reported_status")
        .asText().equals("WAITING_FOR_NETWORK"));
    assertThat(api.get(path).json().get("state").asText()).isEqualTo("created");
    assertThat(provider.calls(Call.PREFLIGHT, UUID.fromString(tgw.json().get("id").asText())))
        .isZero();
  }

  @Test
  void providerFailuresAreRecordedAndRetriedWithBackoff() {
    start();
    // Retry-After keeps each failure visible for a second: the provider asked for it, and the
    // reconciler must wait at least that long.
    provider.failNext(Call.CREATE_NETWORK, 2, Optional.of(Duration.ofSeconds(1)));
    String id = network("flaky", "10.11.0.0/16");
    await().atMost(WAIT).until(() -> api.get(NETWORKS + "/" + id).json()
        .at("/state_metadata/reason").asText().contains("injected failure"));
    long started = System.nanoTime();
    awaitState(NETWORKS + "/" + id, "ready");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThan(Duration.ofMillis(900));
    assertThat(provider.calls(Call.CREATE_NETWORK, UUID.fromString(id))).isEqualTo(3);
  }

  @Test
  void aDegradedPeeringIsCreatedAgain() {
    start();
    String id = network("repair", "10.12.0.0/16");
    awaitState(NETWORKS + "/" + id, "ready");
    var tgw = api.post(NETWORKS + "/" + id + "/transit-gateways",
        Fixtures.peering("p", "p.example"));
    String path = NETWORKS + "/" + id + "/transit-gateways/" + tgw.json().get("id").asText();
    awaitState(path, "ready");
    UUID tgwId = UUID.fromString(tgw.json().get("id").asText());
    provider.degradePeering(tgwId);
    await().atMost(WAIT).until(() -> provider.calls(Call.CREATE_PEERING, tgwId) == 2);
    awaitState(path, "ready");
  }

  @Test
  void aRestartedControlPlaneConvergesWithoutDuplicateCreates() {
    start();
    provider.holdProgress(true);
    String id = network("restart", "10.13.0.0/16");
    await().atMost(WAIT).until(() -> provider.hasNetwork(UUID.fromString(id)));
    assertThat(api.get(NETWORKS + "/" + id).json().get("state").asText())
        .isEqualTo("initializing");
    cp.close();
    cp = null;

    start();
    provider.holdProgress(false);
    assertThat(cp.newAdminToken()).isEmpty();
    awaitState(NETWORKS + "/" + id, "ready");
    assertThat(provider.calls(Call.CREATE_NETWORK, UUID.fromString(id))).isEqualTo(1);
    var list = api.get("/v2/control-planes?filter[name][eq]=default");
    assertThat(list.json().at("/meta/page/total").asInt()).isEqualTo(1);
  }

  @Test
  void aReplicaKilledAfterItsProviderCallConvergesOnceItsLeaseExpires() {
    cp = ControlPlane.start(Fixtures.options(dataDir).withReconciler(false),
        Fixtures.hooks(provider));
    api = ApiClient.of(cp, cp.newAdminToken().orElseThrow());
    String id = network("killed", "10.14.0.0/16");
    cp.close();
    cp = null;

    // What a replica killed mid-step leaves behind: a live lease on the row, and a provider
    // call that was made but never recorded.
    try (Store store = Store.open(StoreSettings.h2File(dataDir))) {
      var leases = store.networks().claimDue(
          "killed-replica", List.of("initializing"), Duration.ofSeconds(2), 10);
      assertThat(leases).hasSize(1);
      provider.createNetwork(Reconciler.networkRef(leases.getFirst().row()));
    }

    start();
    awaitState(NETWORKS + "/" + id, "ready");
    assertThat(provider.calls(Call.CREATE_NETWORK, UUID.fromString(id))).isEqualTo(1);
  }

  @Test
  void theAdminTokenFileAndANewDataDirectoryAreOwnerOnly() throws Exception {
    Path fresh = dataDir.resolve("fresh");
    cp = ControlPlane.start(Fixtures.options(fresh), Fixtures.hooks(provider));
    var perms = java.nio.file.Files.getPosixFilePermissions(cp.adminTokenFile());
    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(perms))
        .isEqualTo("rw-------");
    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
        java.nio.file.Files.getPosixFilePermissions(fresh))).isEqualTo("rwx------");
    assertThat(readToken()).isEqualTo(cp.newAdminToken().orElseThrow());
  }

  @Test
  void failedAuthenticationIsRateLimitedPerAddress() {
    cp = ControlPlane.start(Fixtures.options(dataDir),
        Fixtures.hooks(provider).withAuthBudget(3, Duration.ofMinutes(10)));
    ApiClient wrong = ApiClient.of(cp, "cwt_wrong");
    for (int i = 0; i < 3; i++) {
      assertThat(wrong.get(NETWORKS).status()).isEqualTo(401);
    }
    var limited = wrong.get(NETWORKS);
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.contentType()).startsWith("application/problem+json");
    assertThat(Long.parseLong(limited.header("Retry-After").orElseThrow())).isPositive();
    // Even the right token is refused while the address is blocked: guessing learns nothing.
    assertThat(ApiClient.of(cp, cp.newAdminToken().orElseThrow()).get(NETWORKS).status())
        .isEqualTo(429);
  }
}
