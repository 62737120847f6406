package io.causeway.provider.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.causeway.controlplane.ControlPlane;
import io.causeway.controlplane.EmbeddedControlPlanes;
import io.causeway.model.AzureSetup;
import io.causeway.model.AzureVnetPeering;
import io.causeway.model.NetworkProvider;
import io.causeway.testkit.FakeArm;
import io.causeway.testkit.FakeArm.Fault;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real control plane (API, store, reconciler with its jittered backoff) driving the real Azure
 * provider against the ARM fake: an outage of 429s, 500s and time-outs (shortened from issue
 * #10's minute to a few seconds of real time; {@link AzureFaultsIT} runs a whole virtual minute
 * per call), and a control plane restarted while ARM's long-running operations are still running.
 */
@Timeout(120)
class AzureReconcilerFaultsIT {
  private static final String NETWORKS = "/v2/cloud-gateways/networks";
  private static final Duration WAIT = Duration.ofSeconds(45);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final EmbeddedControlPlanes.Timing FAST = new EmbeddedControlPlanes.Timing(
      Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofSeconds(2),
      Duration.ofSeconds(2));
  /** The client waits in place for at most 0.5 s, so Azure's 1 s is the reconciler's to honour. */
  private static final ArmClient.Timing CLIENT = new ArmClient.Timing(Duration.ofMillis(500),
      Duration.ofMillis(50), Duration.ofSeconds(1), Duration.ofMillis(100),
      Duration.ofSeconds(1));

  @TempDir Path dataDir;
  FakeAzure azure;
  ControlPlane cp;
  String token;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void world() {
    azure = new FakeAzure();
  }

  @AfterEach
  void stop() {
    if (cp != null) {
      cp.close();
    }
    azure.close();
  }

  /** A provider as a (re)started control plane makes it: fresh token cache, real pauses. */
  private NetworkProvider provider(Duration operationBudget) {
    return azure.provider(Clock.systemUTC(), Pause.sleeping(), CLIENT, operationBudget);
  }

  private void start(NetworkProvider provider) {
    cp = EmbeddedControlPlanes.start(dataDir, provider, FAST, 7);
    token = cp.newAdminToken().orElseGet(() -> {
      try {
        return Files.readString(cp.adminTokenFile()).trim();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  private void restart(NetworkProvider provider) {
    cp.close();
    cp = null;
    start(provider);
  }

  @Test
  void aPeeringConvergesAfterAnOutageHonouringRetryAfterWithoutARetryStorm() {
    NetworkProvider provider = provider(Duration.ofSeconds(5));
    start(provider);
    String network = createNetwork(provider, "outage");
    awaitState(NETWORKS + "/" + network, "ready");
    AzureVnetPeering remote = azure.customerVnet("10.20.0.0/16");
    Instant from = Instant.now();
    Duration outage = Duration.ofSeconds(4);
    azure.arm.outage(outage, Duration.ofSeconds(1), Duration.ofSeconds(2),
        List.of(Fault.THROTTLE, Fault.SERVER_ERROR, Fault.TIMEOUT));

    String path = createTransitGateway(network, "outage", remote);

    JsonNode failing = awaitMetadata(path, "PROVIDER_UNAVAILABLE");
    assertThat(failing.at("/state_metadata/reason").asText())
        .contains("the provider call failed and will be retried");
    JsonNode ready = awaitState(path, "ready");
    assertThat(ready.at("/state_metadata/reported_status").asText()).isEqualTo("CONNECTED");

    Instant to = from.plus(outage);
    List<FakeArm.Request> during = azure.arm.requests().stream()
        .filter(r -> !r.at().isBefore(from) && r.at().isBefore(to))
        .toList();
    assertThat(azure.arm.outageHits(Fault.THROTTLE)).isPositive();
    assertThat(azure.arm.outageHits(Fault.SERVER_ERROR)).isPositive();
    // A reconciler polling every 100 ms would send 40+ steps (each several requests) in 4 s;
    // backing off from 200 ms with jitter and a 1 s floor after 429 leaves a handful.
    assertThat(during).hasSizeLessThanOrEqualTo(20);
    // Retry-After: 1 s, too long to wait in place: the next request came only after it.
    List<FakeArm.Request> all = azure.arm.requests();
    for (int i = 0; i + 1 < all.size(); i++) {
      if (all.get(i).status() == 429 && !all.get(i).at().isBefore(from)) {
        assertThat(Duration.between(all.get(i).at(), all.get(i + 1).at()))
            .as("wait after the 429 at %s", all.get(i).at())
            .isGreaterThanOrEqualTo(Duration.ofMillis(990));
      }
    }
    assertThat(azure.arm.peerings(vnetId(network))).hasSize(1);
    assertThat(azure.arm.peerings(remote.vnetResourceId())).hasSize(1);
  }

  @Test
  void aControlPlaneRestartedDuringLongRunningOperationsConvergesWithoutDuplicates() {
    // Operations outlast the reconciler's step (budget 100 ms): it leaves them running.
    start(provider(Duration.ofMillis(100)));
    azure.arm.holdOperations();
    String network = createNetwork(provider(Duration.ofMillis(100)), "restart");
    String vnetId = vnetId(network);
    await().atMost(WAIT).until(() -> azure.arm.calls("PUT", vnetId) == 1);

    restart(provider(Duration.ofMillis(100)));
    azure.arm.releaseOperations();
    awaitState(NETWORKS + "/" + network, "ready");
    assertThat(azure.arm.calls("PUT", vnetId)).isEqualTo(1);

    AzureVnetPeering remote = azure.customerVnet("10.20.0.0/16");
    azure.arm.holdOperations();
    String path = createTransitGateway(network, "restart", remote);
    String peeringName = "causeway-" + path.substring(path.lastIndexOf('/') + 1);
    String mine = vnetId + "/virtualNetworkPeerings/" + peeringName;
    String theirs = remote.vnetResourceId() + "/virtualNetworkPeerings/" + peeringName;
    await().atMost(WAIT).until(() -> azure.arm.calls("PUT", mine) == 1);

    restart(provider(Duration.ofMillis(100)));
    azure.arm.releaseOperations();
    awaitState(path, "ready");
    assertThat(azure.arm.calls("PUT", mine)).isEqualTo(1);
    assertThat(azure.arm.calls("PUT", theirs)).isEqualTo(1);
    assertThat(azure.arm.peerings(vnetId)).hasSize(1);
    assertThat(azure.arm.peerings(remote.vnetResourceId())).hasSize(1);
  }

  @Test
  void aPeeringWriteRefusedAfterAPassedPreflightWaitsForTheCustomerAndThenProceeds() {
    NetworkProvider provider = provider(Duration.ofSeconds(5));
    start(provider);
    String network = createNetwork(provider, "refused");
    awaitState(NETWORKS + "/" + network, "ready");
    // Reading the VNET is allowed, so the preflight passes; peer/action is missing.
    AzureVnetPeering remote = azure.bareCustomerVnet("10.20.0.0/16");
    azure.arm.grantConsent(FakeAzure.CUSTOMER_TENANT);
    azure.arm.assignRole(FakeAzure.CUSTOMER_TENANT, remote.vnetResourceId(),
        Set.of("Microsoft.Network/virtualNetworks/read"));

    String path = createTransitGateway(network, "refused", remote);

    JsonNode pending = awaitState(path, "pending-user-action");
    assertThat(pending.at("/state_metadata/reported_status").asText())
        .isEqualTo("LINKED_AUTHORIZATION_FAILED");
    assertThat(pending.at("/state_metadata/reason").asText())
        .contains("az role assignment create --role \"Causeway Peering Creator ("
            + FakeAzure.CUSTOMER_SUBSCRIPTION + ")\"")
        .contains("Microsoft.Network/virtualNetworks/peer/action");

    azure.arm.assignRole(FakeAzure.CUSTOMER_TENANT, remote.vnetResourceId(),
        AzureSetup.ROLE_ACTIONS);
    send("POST", path + "/verify", "", 200);
    awaitState(path, "ready");
  }

  @Test
  void aVnetAzureFailedToProvisionIsWrittenAgainWithBackoffUntilAzureRecovers() {
    NetworkProvider provider = provider(Duration.ofSeconds(5));
    start(provider);
    azure.arm.failOperations(2, "InternalServerError", "An error occurred in region eastus2.");

    String network = createNetwork(provider, "failed-vnet");

    JsonNode failing = awaitMetadata(NETWORKS + "/" + network, "PROVISIONING_FAILED");
    assertThat(failing.path("state").asText()).isEqualTo("initializing");
    assertThat(failing.at("/state_metadata/reason").asText())
        .contains("InternalServerError: An error occurred in region eastus2.");
    awaitState(NETWORKS + "/" + network, "ready");
    assertThat(azure.arm.calls("PUT", vnetId(network))).isEqualTo(3);
  }

  // ---- the API, as curl would use it ----

  private String createNetwork(NetworkProvider provider, String name) {
    JsonNode created = send("POST", NETWORKS, """
        {"name": "%s", "cloud_gateway_provider_account_id": "%s", "region": "%s",
         "availability_zones": ["%s-az1"], "cidr_block": "10.10.0.0/16"}
        """.formatted(name, provider.account().id(), FakeAzure.REGION, FakeAzure.REGION), 201);
    return created.get("id").asText();
  }

  private String createTransitGateway(String network, String name, AzureVnetPeering remote) {
    String path = NETWORKS + "/" + network + "/transit-gateways";
    JsonNode created = send("POST", path, """
        {"name": "%s", "transit_gateway_attachment_config": {
           "kind": "azure-vnet-peering-attachment", "tenant_id": "%s",
           "subscription_id": "%s", "resource_group_name": "%s", "vnet_name": "%s"}}
        """.formatted(name, remote.tenantId(), remote.subscriptionId(),
        remote.resourceGroupName(), remote.vnetName()), 201);
    return path + "/" + created.get("id").asText();
  }

  private JsonNode awaitState(String path, String state) {
    await().atMost(WAIT).pollInterval(Duration.ofMillis(50))
        .until(() -> get(path).path("state").asText(), state::equals);
    return get(path);
  }

  private JsonNode awaitMetadata(String path, String reportedStatus) {
    JsonNode[] seen = new JsonNode[1];
    await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> {
      seen[0] = get(path);
      return seen[0].at("/state_metadata/reported_status").asText().equals(reportedStatus);
    });
    return seen[0];
  }

  private JsonNode get(String path) {
    return send("GET", path, null, 200);
  }

  private JsonNode send(String method, String path, String body, int expected) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(cp.apiUri() + path))
        .timeout(Duration.ofSeconds(10))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json");
    request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body));
    try {
      HttpResponse<String> response = http.send(request.build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(method + " " + path + ": " + response.body())
          .isEqualTo(expected);
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String vnetId(String network) {
    return "/subscriptions/" + FakeAzure.PROVIDER_SUBSCRIPTION + "/resourceGroups/"
        + FakeAzure.PROVIDER_GROUP + "/providers/Microsoft.Network/virtualNetworks/causeway-"
        + network;
  }
}
