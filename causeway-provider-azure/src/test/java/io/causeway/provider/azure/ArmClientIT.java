package io.causeway.provider.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The ARM client's wire behaviour against a scripted loopback server (plain HTTP). */
@Timeout(30)
class ArmClientIT {
  record Answer(int status, Map<String, String> headers, String body) {}

  record Seen(String method, URI uri, Headers headers) {}

  HttpServer server;
  final Deque<Answer> script = new ArrayDeque<>();
  final List<Seen> seen = new ArrayList<>();
  final List<Duration> pauses = new ArrayList<>();
  Instant now = Instant.parse("2026-01-01T00:00:00Z");
  ArmClient client;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      Answer answer;
      synchronized (script) {
        seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI(),
            exchange.getRequestHeaders()));
        answer = script.isEmpty() ? new Answer(500, Map.of(), "") : script.poll();
      }
      exchange.getRequestBody().readAllBytes();
      answer.headers().forEach(exchange.getResponseHeaders()::set);
      byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        exchange.getResponseBody().write(body);
      }
      exchange.close();
    });
    server.start();
    TokenSource tokens = tenant -> "token-of-" + tenant;
    Clock clock = new Clock() {
      @Override
      public ZoneOffset getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return now;
      }
    };
    // The pause moves the clock instead of sleeping.
    Pause pause = d -> {
      pauses.add(d);
      now = now.plus(d);
    };
    client = new ArmClient(URI.create(base()), HttpClient.newHttpClient(), tokens, clock, pause,
        new ArmClient.Timing(Duration.ofSeconds(5), Duration.ofMillis(500),
            Duration.ofSeconds(30), Duration.ofSeconds(1)));
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Test
  void sendsTheBearerTokenTheAuxiliaryTokensAndTheApiVersion() {
    script.add(new Answer(201, Map.of(), "{\"name\":\"p\"}"));

    client.put("/subscriptions/s/x", "syncRemoteAddressSpace=true",
        new ObjectMapper().createObjectNode(), "tenant-a", List.of("tenant-b"));

    Seen request = seen.get(0);
    assertThat(request.method()).isEqualTo("PUT");
    assertThat(request.uri().getQuery())
        .isEqualTo("api-version=" + ArmClient.API_VERSION + "&syncRemoteAddressSpace=true");
    assertThat(request.headers().getFirst("Authorization")).isEqualTo("Bearer token-of-tenant-a");
    assertThat(request.headers().getFirst("x-ms-authorization-auxiliary"))
        .isEqualTo("Bearer token-of-tenant-b");
    assertThat(request.headers().getFirst("Content-Type")).isEqualTo("application/json");
  }

  @Test
  void neverSendsATokenToAnOperationUrlOnAnotherOrigin() {
    script.add(new Answer(201, Map.of("Azure-AsyncOperation",
        "https://attacker.example/operations/1"), "{}"));
    ArmResponse started = client.put("/subscriptions/s/x", "",
        new ObjectMapper().createObjectNode(), "tenant-a", List.of());

    assertThatThrownBy(() -> client.await(started, "tenant-a", List.of(), Duration.ofSeconds(10)))
        .isInstanceOfSatisfying(ArmException.class,
            e -> assertThat(e.code()).isEqualTo("UntrustedOperationUrl"));
    assertThat(seen).hasSize(1);
  }

  @Test
  void followsLocationUntilItStopsAnswering202() {
    String location = base() + "/subscriptions/s/providers/Microsoft.Network/locations/eastus"
        + "/operationResults/1?api-version=" + ArmClient.API_VERSION;
    script.add(new Answer(202, Map.of("Location", location, "Retry-After", "2"), ""));
    script.add(new Answer(202, Map.of("Location", location, "Retry-After", "3"), ""));
    script.add(new Answer(204, Map.of(), ""));
    ArmResponse started = client.delete("/subscriptions/s/x", "tenant-a", List.of());

    ArmClient.Outcome outcome = client.await(started, "tenant-a", List.of(),
        Duration.ofSeconds(60));

    assertThat(outcome).isInstanceOf(ArmClient.Outcome.Succeeded.class);
    assertThat(pauses).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(3));
    assertThat(seen).extracting(s -> s.uri().getPath()).containsExactly("/subscriptions/s/x",
        "/subscriptions/s/providers/Microsoft.Network/locations/eastus/operationResults/1",
        "/subscriptions/s/providers/Microsoft.Network/locations/eastus/operationResults/1");
  }

  @Test
  void leavesAnOperationRunningWhenItsRetryAfterExceedsTheBudget() {
    script.add(new Answer(201, Map.of("Azure-AsyncOperation", base() + "/op/1",
        "Retry-After", "10"), "{}"));
    ArmResponse started = client.put("/subscriptions/s/x", "",
        new ObjectMapper().createObjectNode(), "tenant-a", List.of());

    assertThat(client.await(started, "tenant-a", List.of(), Duration.ofSeconds(5)))
        .isInstanceOf(ArmClient.Outcome.StillRunning.class);
    assertThat(seen).hasSize(1);
  }

  @Test
  void pollsNoFasterThanTheFloorWhenAzureSaysZero() {
    script.add(new Answer(201, Map.of("Azure-AsyncOperation", base() + "/op/1",
        "Retry-After", "0"), "{}"));
    script.add(new Answer(200, Map.of(), "{\"status\":\"InProgress\"}"));
    script.add(new Answer(200, Map.of(), "{\"status\":\"Failed\",\"error\":{\"code\":\"X\","
        + "\"message\":\"went wrong\"}}"));
    ArmResponse started = client.put("/subscriptions/s/x", "",
        new ObjectMapper().createObjectNode(), "tenant-a", List.of());

    ArmClient.Outcome outcome = client.await(started, "tenant-a", List.of(),
        Duration.ofSeconds(60));

    assertThat(outcome).isEqualTo(new ArmClient.Outcome.Failed(
        new ArmResponse.ArmError("X", "went wrong")));
    assertThat(pauses).containsExactly(Duration.ofMillis(500), Duration.ofMillis(500));
  }
}
