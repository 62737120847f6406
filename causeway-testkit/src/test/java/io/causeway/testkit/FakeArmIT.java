package io.causeway.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The fake against the recorded session of {@code reference/azure-arm/} (status codes, headers,
 * states) and against what ARM and Entra check (tokens, tenants, auxiliary tokens, roles).
 */
@Timeout(60)
class FakeArmIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String APP = "22222222-2222-4222-8222-222222222222";
  static final String SECRET = "app-secret";
  static final String HOME = "11111111-1111-4111-8111-111111111111";
  static final String SUB = "33333333-3333-4333-8333-333333333333";
  static final String OTHER_TENANT = "44444444-4444-4444-8444-444444444444";
  static final String OTHER_SUB = "55555555-5555-4555-8555-555555555555";
  static final String RG = "rg617667";
  static final String A = "/subscriptions/" + SUB + "/resourceGroups/" + RG
      + "/providers/Microsoft.Network/virtualNetworks/net352119e0";
  static final String B = "/subscriptions/" + SUB + "/resourceGroups/" + RG
      + "/providers/Microsoft.Network/virtualNetworks/net60355ca5";
  static final String C = "/subscriptions/" + OTHER_SUB + "/resourceGroups/customer"
      + "/providers/Microsoft.Network/virtualNetworks/customer-vnet";

  FakeArm arm;
  HttpClient http;

  @BeforeEach
  void start() {
    arm = FakeArm.start()
        .registerApp(APP, HOME, SECRET)
        .subscription(SUB, HOME)
        .vnet(SUB, RG, "net352119e0", "eastus", List.of("10.0.0.0/27"))
        .vnet(SUB, RG, "net60355ca5", "eastus", List.of("10.1.0.0/27"))
        .assignRole(HOME, "/subscriptions/" + SUB, FakeArm.ALL_ACTIONS)
        .subscription(OTHER_SUB, OTHER_TENANT)
        .vnet(OTHER_SUB, "customer", "customer-vnet", "eastus", List.of("10.2.0.0/16"));
    http = HttpClient.newBuilder().sslContext(arm.clientSslContext()).build();
  }

  @AfterEach
  void stop() {
    arm.close();
  }

  @Test
  void reproducesTheRecordedPeeringSession() throws Exception {
    String token = token(HOME).path("access_token").asText();
    String ab = A + "/virtualNetworkPeerings/peer0";
    String ba = B + "/virtualNetworkPeerings/peer99836177";

    HttpResponse<String> created = send("PUT", ab, peering(B), token, Optional.empty());
    assertThat(created.statusCode()).isEqualTo(201);
    String operation = created.headers().firstValue("Azure-AsyncOperation").orElseThrow();
    assertThat(operation).startsWith(arm.armEndpoint() + "/subscriptions/" + SUB
        + "/providers/Microsoft.Network/locations/eastus/operations/").contains("api-version=");
    assertThat(operation).endsWith(created.headers().firstValue("x-ms-request-id").orElseThrow()
        + "?api-version=" + FakeArm.API_VERSION);
    assertThat(created.headers().firstValue("Azure-AsyncNotification")).contains("Enabled");
    assertThat(created.headers().firstValue("Retry-After")).contains("0");
    JsonNode first = JSON.readTree(created.body()).path("properties");
    assertThat(first.path("provisioningState").asText()).isEqualTo("Updating");
    assertThat(first.path("peeringState").asText()).isEqualTo("Initiated");
    assertThat(first.path("peeringSyncLevel").asText()).isEqualTo("RemoteNotInSync");
    assertThat(first.path("remoteAddressSpace").path("addressPrefixes").get(0).asText())
        .isEqualTo("10.1.0.0/27");

    assertThat(JSON.readTree(get(operation, token).body()).path("status").asText())
        .isEqualTo("Succeeded");
    JsonNode afterPoll = JSON.readTree(send("GET", ab, null, token, Optional.empty()).body());
    assertThat(afterPoll.path("properties").path("provisioningState").asText())
        .isEqualTo("Succeeded");
    assertThat(JSON.readTree(send("GET", B + "/virtualNetworkPeerings", null, token,
        Optional.empty()).body()).path("value")).isEmpty();

    HttpResponse<String> second = send("PUT", ba, peering(A), token, Optional.empty());
    assertThat(second.statusCode()).isEqualTo(201);
    JsonNode back = JSON.readTree(second.body()).path("properties");
    assertThat(back.path("peeringState").asText()).isEqualTo("Connected");
    assertThat(back.path("peeringSyncLevel").asText()).isEqualTo("FullyInSync");
    assertThat(back.path("resourceGuid").asText())
        .isEqualTo(first.path("resourceGuid").asText());
    assertThat(listed(A, token).path("peeringState").asText()).isEqualTo("Connected");

    assertThat(send("PUT", ab, peering(B), token, Optional.empty()).statusCode()).isEqualTo(200);

    HttpResponse<String> deleted = send("DELETE", ba, null, token, Optional.empty());
    assertThat(deleted.statusCode()).isEqualTo(202);
    assertThat(deleted.body()).isEmpty();
    String location = deleted.headers().firstValue("Location").orElseThrow();
    assertThat(location).contains("/operationResults/");
    assertThat(JSON.readTree(get(deleted.headers().firstValue("Azure-AsyncOperation")
        .orElseThrow(), token).body()).path("status").asText()).isEqualTo("Succeeded");
    assertThat(get(location, token).statusCode()).isEqualTo(204);

    JsonNode survivor = listed(A, token);
    assertThat(survivor.path("peeringState").asText()).isEqualTo("Disconnected");
    assertThat(survivor.path("peeringSyncLevel").asText()).isEqualTo("FullyInSync");
    HttpResponse<String> refused = send("PUT", ba, peering(A), token, Optional.empty());
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(code(refused)).isEqualTo("RemotePeeringIsDisconnected");

    assertThat(send("DELETE", ab, null, token, Optional.empty()).statusCode()).isEqualTo(202);
    assertThat(JSON.readTree(send("GET", A + "/virtualNetworkPeerings", null, token,
        Optional.empty()).body()).path("value")).isEmpty();
    assertThat(send("DELETE", ab, null, token, Optional.empty()).statusCode()).isEqualTo(204);
    assertThat(arm.calls("PUT", ab)).isEqualTo(2);
  }

  @Test
  void checksApiVersionAndBearerToken() throws Exception {
    HttpResponse<String> noVersion = http.send(HttpRequest.newBuilder(URI.create(
        arm.armEndpoint() + A)).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(noVersion.statusCode()).isEqualTo(400);
    assertThat(code(noVersion)).isEqualTo("MissingApiVersionParameter");

    HttpResponse<String> noToken = http.send(HttpRequest.newBuilder(URI.create(
        arm.armEndpoint() + A + "?api-version=" + FakeArm.API_VERSION)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(noToken.statusCode()).isEqualTo(401);

    assertThat(send("GET", A, null, "forged", Optional.empty()).statusCode()).isEqualTo(401);
  }

  @Test
  void refusesTokensOfUnconsentedTenantsUntilConsentIsGranted() throws Exception {
    JsonNode refused = token(OTHER_TENANT);
    assertThat(refused.path("error").asText()).isEqualTo("unauthorized_client");
    assertThat(refused.path("error_description").asText()).startsWith("AADSTS700016:");
    assertThat(refused.path("error_codes").get(0).asInt()).isEqualTo(700016);

    arm.grantConsent(OTHER_TENANT);
    assertThat(token(OTHER_TENANT).path("access_token").asText()).isNotEmpty();
  }

  @Test
  void requiresTheSubscriptionsTenantAndAnAuxiliaryTokenAcrossTenants() throws Exception {
    arm.grantConsent(OTHER_TENANT);
    String home = token(HOME).path("access_token").asText();
    String other = token(OTHER_TENANT).path("access_token").asText();
    String toCustomer = A + "/virtualNetworkPeerings/to-customer";

    assertThat(code(send("GET", C, null, home, Optional.empty())))
        .isEqualTo("InvalidAuthenticationTokenTenant");
    HttpResponse<String> withoutAux = send("PUT", toCustomer, peering(C), home, Optional.empty());
    assertThat(withoutAux.statusCode()).isEqualTo(403);
    assertThat(code(withoutAux)).isEqualTo("LinkedAuthorizationFailed");
    assertThat(JSON.readTree(withoutAux.body()).path("error").path("message").asText())
        .contains("is not authorized to access linked subscription '" + OTHER_SUB + "'");

    HttpResponse<String> withoutRole = send("PUT", toCustomer, peering(C), home,
        Optional.of(other));
    assertThat(code(withoutRole)).isEqualTo("LinkedAuthorizationFailed");
    assertThat(JSON.readTree(withoutRole.body()).path("error").path("message").asText())
        .contains("'Microsoft.Network/virtualNetworks/peer/action' on the linked scope(s) '"
            + C + "'");

    arm.assignRole(OTHER_TENANT, C, List.of("Microsoft.Network/virtualNetworks/peer/action"));
    assertThat(send("PUT", toCustomer, peering(C), home, Optional.of(other)).statusCode())
        .isEqualTo(201);

    HttpResponse<String> theirSide = send("GET", C + "/virtualNetworkPeerings/x", null, other,
        Optional.empty());
    assertThat(theirSide.statusCode()).isEqualTo(403);
    assertThat(code(theirSide)).isEqualTo("AuthorizationFailed");
  }

  @Test
  void refusesOverlappingAddressSpacesNamingThePrefixes() throws Exception {
    arm.vnet(SUB, RG, "overlapping", "eastus", List.of("10.0.0.0/24"));
    String token = token(HOME).path("access_token").asText();

    HttpResponse<String> refused = send("PUT", A + "/virtualNetworkPeerings/p", peering(
        "/subscriptions/" + SUB + "/resourceGroups/" + RG
            + "/providers/Microsoft.Network/virtualNetworks/overlapping"), token,
        Optional.empty());

    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(code(refused)).isEqualTo("VnetAddressSpacesOverlap");
    assertThat(refused.body()).contains("Overlapping address prefixes: 10.0.0.0/27");
  }

  @Test
  void throttlesWithRetryAfterAndCountsEveryCall() throws Exception {
    String token = token(HOME).path("access_token").asText();
    arm.throttle(2, Duration.ofSeconds(7));

    HttpResponse<String> throttled = send("GET", A, null, token, Optional.empty());
    assertThat(throttled.statusCode()).isEqualTo(429);
    assertThat(throttled.headers().firstValue("Retry-After")).contains("7");
    assertThat(send("GET", A, null, token, Optional.empty()).statusCode()).isEqualTo(429);
    assertThat(send("GET", A, null, token, Optional.empty()).statusCode()).isEqualTo(200);
    assertThat(arm.calls("GET", A)).isEqualTo(3);
  }

  @Test
  void notFoundNamesTheResourceGroupOrTheVnet() throws Exception {
    String token = token(HOME).path("access_token").asText();

    assertThat(code(send("GET", A.replace(RG, "nope"), null, token, Optional.empty())))
        .isEqualTo("ResourceGroupNotFound");
    HttpResponse<String> vnet = send("GET", A.replace("net352119e0", "nope"), null, token,
        Optional.empty());
    assertThat(vnet.statusCode()).isEqualTo(404);
    assertThat(code(vnet)).isEqualTo("ResourceNotFound");
    assertThat(vnet.body()).contains("Microsoft.Network/virtualNetworks/nope");
  }

  @Test
  void anInterceptorDropsARequestBeforeArmSeesItOrItsAnswerAfterArmAppliedIt() throws Exception {
    String token = token(HOME).path("access_token").asText();
    String ab = A + "/virtualNetworkPeerings/peer0";
    List<ArmInterceptor.Call> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    boolean[] dropAfter = {false};
    arm.intercept(new ArmInterceptor() {
      @Override
      public boolean before(Call call) {
        seen.add(call);
        return !call.method().equals("PUT") || dropAfter[0];
      }

      @Override
      public boolean after(Call call, int status) {
        return !call.method().equals("PUT");
      }
    });

    assertThatThrownBy(() -> send("PUT", ab, peering(B), token, Optional.empty()))
        .isInstanceOf(IOException.class);
    assertThat(seen).containsExactly(
        new ArmInterceptor.Call("PUT", ab, ArmInterceptor.Target.PEERING, SUB));
    assertThat(arm.peerings(A)).as("never reached ARM").isEmpty();

    dropAfter[0] = true;
    assertThatThrownBy(() -> send("PUT", ab, peering(B), token, Optional.empty()))
        .isInstanceOf(IOException.class);
    assertThat(arm.peerings(A)).as("applied, answer withheld").hasSize(1);
    assertThat(arm.requests()).extracting(FakeArm.Request::status).containsExactly(201);

    arm.intercept(ArmInterceptor.NONE);
    assertThat(send("GET", ab, null, token, Optional.empty()).statusCode()).isEqualTo(200);
    assertThat(arm.vnetIds()).hasSize(3);
  }

  private JsonNode token(String tenant) throws IOException, InterruptedException {
    String form = "grant_type=client_credentials&client_id=" + APP + "&client_secret=" + SECRET
        + "&scope=" + URLEncoder.encode(arm.armEndpoint() + "/.default", StandardCharsets.UTF_8);
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(
            arm.authorityHost() + "/" + tenant + "/oauth2/v2.0/token"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build(),
        HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(response.body());
  }

  private HttpResponse<String> send(String method, String path, String body, String token,
      Optional<String> auxiliary) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(arm.armEndpoint() + path
            + "?api-version=" + FakeArm.API_VERSION))
        .header("Authorization", "Bearer " + token)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    auxiliary.ifPresent(a -> request.header("x-ms-authorization-auxiliary", "Bearer " + a));
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String url, String token)
      throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(url))
        .header("Authorization", "Bearer " + token).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode listed(String vnet, String token) throws Exception {
    return JSON.readTree(send("GET", vnet + "/virtualNetworkPeerings", null, token,
        Optional.empty()).body()).path("value").get(0).path("properties");
  }

  private static String peering(String remote) {
    return "{\"properties\":{\"allowVirtualNetworkAccess\":true,\"allowForwardedTraffic\":false,"
        + "\"remoteVirtualNetwork\":{\"id\":\"" + remote + "\"}}}";
  }

  @Test
  void anOutageAnswers429Then500ThenNothingUntilItsTimeIsOver() throws Exception {
    MovableClock clock = new MovableClock();
    try (FakeArm down = FakeArm.start(clock)
        .registerApp(APP, HOME, SECRET)
        .subscription(SUB, HOME)
        .vnet(SUB, RG, "net352119e0", "eastus", List.of("10.0.0.0/27"))
        .assignRole(HOME, "/subscriptions/" + SUB, FakeArm.ALL_ACTIONS)) {
      FakeArm previous = arm;
      arm = down;
      try {
        String token = token(HOME).path("access_token").asText();
        down.outage(Duration.ofMinutes(1), Duration.ofSeconds(7), Duration.ofSeconds(3),
            List.of(FakeArm.Fault.THROTTLE, FakeArm.Fault.SERVER_ERROR, FakeArm.Fault.TIMEOUT));

        HttpResponse<String> throttled = send("GET", A, null, token, Optional.empty());
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.headers().firstValue("Retry-After")).contains("7");
        assertThat(code(throttled)).isEqualTo("TooManyRequests");
        HttpResponse<String> failed = send("GET", A, null, token, Optional.empty());
        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(code(failed)).isEqualTo("InternalServerError");
        HttpRequest hanging = HttpRequest.newBuilder(URI.create(down.armEndpoint() + A
                + "?api-version=" + FakeArm.API_VERSION))
            .header("Authorization", "Bearer " + token)
            .timeout(Duration.ofMillis(500))
            .GET().build();
        assertThatThrownBy(
                () -> http.send(hanging, HttpResponse.BodyHandlers.ofString()))
            .isInstanceOf(HttpTimeoutException.class);

        clock.advance(Duration.ofSeconds(61));
        assertThat(send("GET", A, null, token, Optional.empty()).statusCode()).isEqualTo(200);
        assertThat(down.outageHits(FakeArm.Fault.THROTTLE)).isEqualTo(1);
        assertThat(down.outageHits(FakeArm.Fault.SERVER_ERROR)).isEqualTo(1);
        assertThat(down.outageHits(FakeArm.Fault.TIMEOUT)).isEqualTo(1);
        assertThat(down.requests()).extracting(FakeArm.Request::status)
            .containsExactly(429, 500, 0, 200);
        assertThat(down.calls("GET", A)).isEqualTo(4);
      } finally {
        arm = previous;
      }
    }
  }

  /** A clock the test moves by hand. */
  private static final class MovableClock extends Clock {
    private Instant now = Instant.now();

    synchronized void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public synchronized Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  private static String code(HttpResponse<String> response) throws IOException {
    return JSON.readTree(response.body()).path("error").path("code").asText();
  }
}
