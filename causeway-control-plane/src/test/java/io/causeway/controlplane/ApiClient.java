package io.causeway.controlplane;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** A small client of the real API over the JDK HttpClient, as curl would use it. */
final class ApiClient {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  record Answer(int status, String contentType, String body, HttpResponse<String> raw) {
    JsonNode json() {
      try {
        return MAPPER.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + body, e);
      }
    }

    Optional<String> header(String name) {
      return raw.headers().firstValue(name);
    }
  }

  private final HttpClient http;
  private final URI base;
  private final Optional<String> token;

  ApiClient(HttpClient http, URI base, Optional<String> token) {
    this.http = http;
    this.base = base;
    this.token = token;
  }

  static ApiClient of(ControlPlane cp, String token) {
    return new ApiClient(
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(),
        cp.apiUri(),
        Optional.of(token));
  }

  ApiClient withToken(Optional<String> other) {
    return new ApiClient(http, base, other);
  }

  Answer get(String path) {
    return send("GET", path, Optional.empty(), "application/json");
  }

  Answer delete(String path) {
    return send("DELETE", path, Optional.empty(), "application/json");
  }

  Answer post(String path, String json) {
    return send("POST", path, Optional.of(json), "application/json");
  }

  Answer patch(String path, String json) {
    return send("PATCH", path, Optional.of(json), "application/json");
  }

  Answer send(String method, String path, Optional<String> body, String contentType) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(10))
            .method(
                method,
                body.map(HttpRequest.BodyPublishers::ofString)
                    .orElse(HttpRequest.BodyPublishers.noBody()));
    body.ifPresent(b -> request.header("Content-Type", contentType));
    token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(
          response.statusCode(),
          response.headers().firstValue("Content-Type").orElse(""),
          response.body(),
          response);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
