package io.causeway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A client of the Causeway API over the JDK {@link HttpClient}: JSON in and out, the bearer token
 * on every request, errors as {@link ApiError} (the problem the server sent) or {@link
 * CliException} (the server cannot be reached). Blocking; one instance per command.
 */
final class Api implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final int PAGE_SIZE = 100;

  private final URI server;
  private final String token;
  private final HttpClient http;
  private final Duration timeout;

  Api(URI server, String token, Duration timeout) {
    this.server = server;
    this.token = token;
    this.timeout = timeout;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  URI server() {
    return server;
  }

  /** Stops the client's selector thread (a long-lived test JVM runs many commands). */
  @Override
  public void close() {
    http.close();
  }

  JsonNode get(String path) {
    return send("GET", path, Optional.empty());
  }

  JsonNode post(String path, JsonNode body) {
    return send("POST", path, Optional.of(body));
  }

  JsonNode put(String path, JsonNode body) {
    return send("PUT", path, Optional.of(body));
  }

  JsonNode patch(String path, JsonNode body) {
    return send("PATCH", path, Optional.of(body));
  }

  void delete(String path) {
    send("DELETE", path, Optional.empty());
  }

  /** Every item of a paginated list ({@code data} with {@code meta.page.total}). */
  ArrayNode list(String path) {
    ArrayNode all = JSON.createArrayNode();
    String separator = path.contains("?") ? "&" : "?";
    for (int number = 1; ; number++) {
      JsonNode page =
          get(path + separator + "page%5Bsize%5D=" + PAGE_SIZE + "&page%5Bnumber%5D=" + number);
      JsonNode data = page.path("data");
      data.forEach(all::add);
      long total = page.path("meta").path("page").path("total").asLong(all.size());
      if (data.isEmpty() || all.size() >= total) {
        return all;
      }
    }
  }

  /**
   * Every item of a list paginated by a {@code next} link: Kong's {@code {data, next}} on core
   * entities, the contract's {@code {items, page: {next}}} on nodes.
   */
  ArrayNode follow(String path, String itemsField, String nextPointer) {
    ArrayNode all = JSON.createArrayNode();
    String next = path;
    for (int pages = 0; pages < 10_000; pages++) {
      JsonNode page = get(next);
      page.path(itemsField).forEach(all::add);
      JsonNode link = page.at(nextPointer);
      if (!link.isTextual() || link.asText().isEmpty()) {
        return all;
      }
      next = link.asText();
    }
    throw CliException.api("The list at " + path + " did not end after 10000 pages");
  }

  private JsonNode send(String method, String path, Optional<JsonNode> body) {
    URI uri = server.resolve(path);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Accept", "application/json, application/problem+json")
            .header("Authorization", "Bearer " + token);
    if (body.isPresent()) {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(write(body.get())));
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      throw unreachable("connection refused");
    } catch (HttpTimeoutException e) {
      throw unreachable("no answer within " + timeout.toSeconds() + "s");
    } catch (IOException e) {
      throw unreachable(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw CliException.api("Interrupted while calling " + uri);
    }
    Optional<JsonNode> json = read(response.body());
    if (response.statusCode() >= 400) {
      Problem problem = Problem.parse(response.statusCode(), json, response.body());
      if (problem.status() == 404 && problem.detail().isBlank()) {
        // Say what was not found: a missing id and a route this server lacks look alike.
        problem = new Problem(404, problem.title(), method + " " + uri.getRawPath(), List.of());
      }
      throw new ApiError(problem);
    }
    return json.orElseGet(JSON::createObjectNode);
  }

  private CliException unreachable(String why) {
    return CliException.api(
        "Cannot reach the Causeway API at "
            + server
            + " ("
            + why
            + ").\n"
            + "Start it with `./causeway up`, or point the CLI at a running one with --server URL"
            + " or CAUSEWAY_SERVER.");
  }

  private static Optional<JsonNode> read(String body) {
    if (body == null || body.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readTree(body));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  static String write(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }
}
