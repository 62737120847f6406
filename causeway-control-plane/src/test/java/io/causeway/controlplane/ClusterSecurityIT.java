package io.causeway.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.causeway.gateway.ClusterClient;
import io.causeway.gateway.ClusterClientOptions;
import io.causeway.gateway.DataPlane;
import io.causeway.gateway.DataPlaneOptions;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Who may join and connect to the cluster listener. */
@Timeout(60)
class ClusterSecurityIT {
  @TempDir Path dir;
  HybridControlPlane cp;
  HttpClient trustingCa;

  @BeforeEach
  void start() throws Exception {
    cp = HybridControlPlane.start(dir.resolve("cp"), 0);
    X509Certificate ca = (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(cp.store().clusterCa().find().orElseThrow()
            .certificatePem().getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", ca);
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, tmf.getTrustManagers(), null);
    trustingCa = HttpClient.newBuilder().sslContext(tls)
        .connectTimeout(Duration.ofSeconds(5)).build();
  }

  @AfterEach
  void stop() {
    trustingCa.close();
    cp.close();
  }

  private HttpResponse<String> join(String token) throws Exception {
    return join(token, "");
  }

  private HttpResponse<String> join(String token, String extra) throws Exception {
    var pair = KeyPairGenerator.getInstance("EC").generateKeyPair();
    String body = "{\"join_token\":\"" + token + "\",\"public_key\":\""
        + Base64.getEncoder().encodeToString(pair.getPublic().getEncoded())
        + "\",\"hostname\":\"h\",\"version\":\"v\"" + extra + "}";
    return trustingCa.send(HttpRequest.newBuilder(cp.clusterUri().resolve("/v1/join"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aJoinTokenCarriesTheCaFingerprintAndWorksExactlyOnce() throws Exception {
    JsonNode minted = cp.client().post(cp.base() + "/join-tokens", "{\"expires_in\":120}")
        .json();
    String token = minted.path("token").asText();
    assertThat(token).startsWith("cwj1.").endsWith("." + minted.path("ca_fingerprint").asText());

    HttpResponse<String> first = join(token);
    HttpResponse<String> second = join(token);

    assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
    assertThat(first.body()).contains("BEGIN CERTIFICATE");
    assertThat(second.statusCode()).isEqualTo(401);
    assertThat(join("cwj1.nonsense").statusCode()).isEqualTo(401);
    assertThat(cp.client().post(cp.base() + "/join-tokens", "{\"expires_in\":5}").status())
        .isEqualTo(400);
  }

  @Test
  void aNetworkBoundTokenBindsItsNodeToThatNetworkAndNoOther() throws Exception {
    UUID a = cp.placeInNetwork("a");
    UUID b = cp.placeInNetwork("b");
    String tokens = cp.base() + "/join-tokens";
    ApiClient.Answer minted = cp.client().post(tokens,
        "{\"cloud_gateway_network_id\":\"" + a + "\"}");
    assertThat(minted.status()).as(minted.body()).isEqualTo(201);
    assertThat(minted.json().path("cloud_gateway_network_id").asText()).isEqualTo(a.toString());
    ApiClient.Answer elsewhere = cp.client().post(tokens,
        "{\"cloud_gateway_network_id\":\"" + UUID.randomUUID() + "\"}");
    assertThat(elsewhere.status()).isEqualTo(400);
    assertThat(elsewhere.body()).contains("cloud_gateway_network_id", "missing_reference");
    assertThat(cp.client().post(tokens, "{\"cloud_gateway_network_id\":\"nope\"}").body())
        .contains("is_uuid");
    String token = minted.json().path("token").asText();

    // A node cannot name its network: the join refuses the field, the token stays unused.
    HttpResponse<String> claiming = join(token, ",\"cloud_gateway_network_id\":\"" + b + "\"");
    HttpResponse<String> joined = join(token);

    assertThat(claiming.statusCode()).as(claiming.body()).isEqualTo(400);
    assertThat(joined.statusCode()).as(joined.body()).isEqualTo(201);
    JsonNode answer = new com.fasterxml.jackson.databind.ObjectMapper().readTree(joined.body());
    assertThat(answer.path("cloud_gateway_network_id").asText()).isEqualTo(a.toString());
    JsonNode node = cp.client().get(cp.base() + "/nodes/" + answer.path("node_id").asText())
        .json().path("item");
    assertThat(node.path("cloud_gateway_network_id").asText()).isEqualTo(a.toString());
    assertThat(node.path("dataplane_group_id").asText()).matches("[0-9a-f-]{36}");
    assertThat(cp.store().nodes().get(UUID.fromString(answer.path("node_id").asText()))
        .orElseThrow().networkId()).contains(a);
  }

  @Test
  void theOutletRefusesAConnectionWithoutAClientCertificate() {
    URI outlet = URI.create("wss://127.0.0.1:" + cp.clusterPort() + "/v1/outlet");

    assertThatThrownBy(() -> trustingCa.newWebSocketBuilder()
            .buildAsync(outlet, new WebSocket.Listener() {}).join())
        .isInstanceOf(CompletionException.class)
        .cause()
        .isInstanceOfSatisfying(WebSocketHandshakeException.class, e ->
            assertThat(e.getResponse().statusCode()).isEqualTo(401));
  }

  @Test
  void aDeletedNodeIsDisconnectedAndCannotReconnect() {
    String token = cp.client().post(cp.base() + "/join-tokens", "{}").json().path("token")
        .asText();
    Path data = dir.resolve("dp");
    try (DataPlane dp = DataPlane.start(DataPlaneOptions.named("x").withDataDir(data)
            .withProxy("127.0.0.1", 0, -1).withStatus("127.0.0.1", 0));
        ClusterClient client = ClusterClient.start(dp, ClusterClientOptions.of(
                cp.clusterUri().toString(), Optional.of(token), data, "host-x")
            .withTimings(Duration.ofMillis(200), Duration.ofMillis(50), Duration.ofMillis(200),
                7))) {
      await().atMost(Duration.ofSeconds(20)).until(client::isConnected);
      String node = client.nodeId().orElseThrow();
      JsonNode listed = cp.client().get(cp.base() + "/nodes/" + node).json().path("item");
      assertThat(listed.path("hostname").asText()).isEqualTo("host-x");

      assertThat(cp.client().delete(cp.base() + "/nodes/" + node).status()).isEqualTo(204);

      await().atMost(Duration.ofSeconds(20)).until(() -> !client.isConnected());
      await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
          .until(() -> !client.isConnected());
      assertThat(cp.client().get(cp.base() + "/nodes").json().path("items")).isEmpty();
    }
  }
}
