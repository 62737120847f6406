package io.causeway.provider.azure;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A thin Azure Resource Manager client on the JDK {@link HttpClient}: bearer token of the primary
 * tenant, auxiliary tokens ({@code x-ms-authorization-auxiliary}) of linked tenants, the pinned
 * api-version, retries of 429/5xx/unreachable with {@code Retry-After} honoured (a short wait in
 * place, a longer one handed to the caller as {@link ArmException#retryAfter()}), and polling of
 * long-running operations through {@code Azure-AsyncOperation} or {@code Location}. Tokens go
 * only to the configured ARM endpoint: operation URLs on any other origin are refused.
 */
final class ArmClient {
  static final String API_VERSION = "2024-07-01";
  private static final Logger LOG = LoggerFactory.getLogger(ArmClient.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int ATTEMPTS = 3;

  /**
   * Client tuning: the longest wait done in place, the poll floor and ceiling, the backoff base,
   * and how long one request may take before it counts as a time-out (which ends the call: a
   * hanging ARM is left to the reconciler's backoff, not asked again at once).
   */
  record Timing(Duration inlineRetryCap, Duration minPoll, Duration maxPoll, Duration backoff,
      Duration requestTimeout) {
    static final Timing DEFAULT = new Timing(Duration.ofSeconds(5), Duration.ofMillis(500),
        Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofSeconds(30));

    Timing(Duration inlineRetryCap, Duration minPoll, Duration maxPoll, Duration backoff) {
      this(inlineRetryCap, minPoll, maxPoll, backoff, DEFAULT_REQUEST_TIMEOUT);
    }
  }

  private static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

  /** How a long-running operation ended, or that it is still running when the budget ran out. */
  sealed interface Outcome {
    record Succeeded() implements Outcome {}

    record Failed(ArmResponse.ArmError error) implements Outcome {}

    record StillRunning() implements Outcome {}
  }

  private final URI endpoint;
  private final HttpClient http;
  private final TokenSource tokens;
  private final Clock clock;
  private final Pause pause;
  private final Timing timing;

  ArmClient(URI endpoint, HttpClient http, TokenSource tokens, Clock clock, Pause pause,
      Timing timing) {
    this.endpoint = endpoint;
    this.http = http;
    this.tokens = tokens;
    this.clock = clock;
    this.pause = pause;
    this.timing = timing;
  }

  ArmResponse get(String path, String tenant) {
    return send("GET", resource(path, ""), Optional.empty(), tenant, List.of());
  }

  ArmResponse put(String path, String query, JsonNode body, String tenant, List<String> aux) {
    return send("PUT", resource(path, query), Optional.of(body), tenant, aux);
  }

  ArmResponse delete(String path, String tenant, List<String> aux) {
    return send("DELETE", resource(path, ""), Optional.empty(), tenant, aux);
  }

  /**
   * Polls the operation {@code started} began until it ends or {@code budget} is spent, waiting
   * as ARM asks ({@code Retry-After}, at least the poll floor).
   */
  Outcome await(ArmResponse started, String tenant, List<String> aux, Duration budget) {
    Optional<String> async = started.header("Azure-AsyncOperation");
    Optional<String> location = started.header("Location");
    if (async.isEmpty() && location.isEmpty()) {
      return new Outcome.Succeeded();
    }
    Instant deadline = clock.instant().plus(budget);
    Optional<Duration> wait = started.retryAfter();
    while (true) {
      Duration delay = pollDelay(wait);
      if (clock.instant().plus(delay).isAfter(deadline)) {
        return new Outcome.StillRunning();
      }
      pause.pause(delay);
      ArmResponse poll = send("GET", sameOrigin(async.orElseGet(location::get)), Optional.empty(),
          tenant, aux);
      wait = poll.retryAfter();
      if (async.isPresent()) {
        String status = poll.body().path("status").asText("InProgress");
        switch (status) {
          case "Succeeded" -> {
            return new Outcome.Succeeded();
          }
          case "Failed", "Canceled" -> {
            return new Outcome.Failed(poll.error().orElse(
                new ArmResponse.ArmError(status, "the operation ended " + status)));
          }
          default -> { }
        }
      } else if (poll.status() != 202) {
        return new Outcome.Succeeded();
      }
    }
  }

  private Duration pollDelay(Optional<Duration> retryAfter) {
    Duration asked = retryAfter.orElse(timing.minPoll());
    if (asked.compareTo(timing.minPoll()) < 0) {
      return timing.minPoll();
    }
    return asked.compareTo(timing.maxPoll()) > 0 ? timing.maxPoll() : asked;
  }

  private ArmResponse send(String method, URI uri, Optional<JsonNode> body, String tenant,
      List<String> aux) {
    for (int attempt = 1; ; attempt++) {
      ArmResponse response;
      try {
        response = exchange(method, uri, body, tenant, aux);
      } catch (HttpTimeoutException e) {
        // A hanging ARM is not asked again at once: one time-out per provider call, and the
        // reconciler's backoff decides when to try again.
        throw new ArmException(0, "Timeout", "Azure Resource Manager at " + endpoint
            + " did not answer " + method + " " + uri.getPath() + " within "
            + timing.requestTimeout().toMillis() + " ms", Optional.empty());
      } catch (IOException e) {
        if (attempt < ATTEMPTS) {
          pause.pause(backoff(attempt));
          continue;
        }
        throw new ArmException(0, "Unreachable", "cannot reach Azure Resource Manager at "
            + endpoint + " (" + method + " " + uri.getPath() + "): "
            + e.getClass().getSimpleName() + " " + Objects.toString(e.getMessage(), ""),
            Optional.empty());
      }
      if (response.isSuccess()) {
        return response;
      }
      boolean retryable = response.status() == 429 || response.status() >= 500;
      Duration wait = response.retryAfter().orElse(backoff(attempt));
      if (retryable && attempt < ATTEMPTS && wait.compareTo(timing.inlineRetryCap()) <= 0) {
        LOG.debug("ARM {} {} answered {}; retrying in {}", method, uri.getPath(),
            response.status(), wait);
        pause.pause(wait);
        continue;
      }
      ArmResponse.ArmError error = response.error().orElse(
          new ArmResponse.ArmError("Http" + response.status(), "HTTP " + response.status()));
      throw new ArmException(response.status(), error.code(), error.message(),
          retryable ? Optional.of(wait) : response.retryAfter());
    }
  }

  private ArmResponse exchange(String method, URI uri, Optional<JsonNode> body, String tenant,
      List<String> aux) throws IOException {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri)
        .timeout(timing.requestTimeout())
        .header("Authorization", "Bearer " + tokens.token(tenant))
        .header("Accept", "application/json")
        .header("x-ms-client-request-id", UUID.randomUUID().toString());
    if (!aux.isEmpty()) {
      request.header("x-ms-authorization-auxiliary", aux.stream()
          .map(t -> "Bearer " + tokens.token(t))
          .collect(Collectors.joining(", ")));
    }
    if (body.isPresent()) {
      request.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofByteArray(bytes(body.get())));
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    try {
      HttpResponse<byte[]> response = http.send(request.build(),
          HttpResponse.BodyHandlers.ofByteArray());
      return new ArmResponse(response.statusCode(), response.headers().map(),
          parse(response.body()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private URI resource(String path, String query) {
    String extra = query.isEmpty() ? "" : "&" + query;
    return URI.create(endpoint + path + "?api-version=" + API_VERSION + extra);
  }

  /** An operation URL from ARM, accepted only on ARM's own origin (the token goes with it). */
  private URI sameOrigin(String url) {
    URI uri = URI.create(url);
    if (!Objects.equals(uri.getScheme(), endpoint.getScheme())
        || !Objects.equals(uri.getHost(), endpoint.getHost())
        || uri.getPort() != endpoint.getPort()) {
      throw new ArmException(0, "UntrustedOperationUrl", "ARM returned an operation URL on "
          + uri.getScheme() + "://" + uri.getAuthority() + ", not on " + endpoint
          + "; refusing to send a token there", Optional.empty());
    }
    return uri;
  }

  /**
   * Between half and all of {@code backoff * 2^(attempt-1)} ("equal jitter"), so that callers
   * that failed together do not retry together.
   */
  private Duration backoff(int attempt) {
    long ceiling = timing.backoff().multipliedBy(1L << (attempt - 1)).toNanos();
    long half = ceiling / 2;
    return Duration.ofNanos(half + ThreadLocalRandom.current().nextLong(half + 1));
  }

  private static byte[] bytes(JsonNode body) {
    try {
      return JSON.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode parse(byte[] body) {
    if (body.length == 0) {
      return null;
    }
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      return null;
    }
  }
}
