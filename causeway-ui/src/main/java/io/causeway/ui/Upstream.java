package io.causeway.ui;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * The API behind the UI, called over loopback with the session's bearer token. Only the status, the
 * content type, {@code Retry-After} and the body come back: nothing the API sets for itself
 * (cookies, caching) leaks into the UI's origin.
 */
final class Upstream {
  static final String ACCOUNTS = "/v2/cloud-gateways/provider-accounts";
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** What the API said of a token offered at sign-in. */
  sealed interface TokenCheck {
    record Accepted() implements TokenCheck {}

    record Rejected() implements TokenCheck {}

    record TooManyAttempts(Optional<String> retryAfterSeconds) implements TokenCheck {}

    record Unavailable(String why) implements TokenCheck {}
  }

  /** An answer of the API, passed on to the browser. */
  record Answer(
      int status, Optional<String> contentType, Optional<String> retryAfter, byte[] body) {}

  private final HttpClient client;
  private final Supplier<URI> base;

  Upstream(Supplier<URI> base, Optional<SSLContext> tls) {
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1);
    tls.ifPresent(builder::sslContext);
    this.client = builder.build();
    this.base = base;
  }

  /** A server bound to every address is called on loopback: the UI never leaves the host. */
  static URI loopback(URI uri) {
    String host = uri.getHost();
    if ("0.0.0.0".equals(host)) {
      return URI.create(uri.toString().replaceFirst("//0\\.0\\.0\\.0", "//127.0.0.1"));
    }
    if ("[::]".equals(host) || "::".equals(host) || "[0:0:0:0:0:0:0:0]".equals(host)) {
      return URI.create(uri.getScheme() + "://[::1]:" + uri.getPort());
    }
    return uri;
  }

  TokenCheck check(String token) {
    try {
      Answer answer = send("GET", ACCOUNTS, token, Optional.empty(), new byte[0]);
      return switch (answer.status()) {
        case 200 -> new TokenCheck.Accepted();
        case 401, 403 -> new TokenCheck.Rejected();
        case 429 -> new TokenCheck.TooManyAttempts(answer.retryAfter());
        default -> new TokenCheck.Unavailable("the API answered " + answer.status());
      };
    } catch (IOException e) {
      return new TokenCheck.Unavailable("the API could not be reached: " + e.getMessage());
    }
  }

  /**
   * Sends one request; {@code pathAndQuery} starts with {@code /v2/} and was checked by the caller.
   */
  Answer send(
      String method, String pathAndQuery, String token, Optional<String> contentType, byte[] body)
      throws IOException {
    URI root = loopback(base.get());
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(root.toString().replaceAll("/+$", "") + pathAndQuery))
            .timeout(TIMEOUT)
            .header("Authorization", "Bearer " + token)
            .header("Accept", "application/json, application/problem+json")
            .method(
                method,
                body.length == 0
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    contentType.ifPresent(type -> request.header("Content-Type", type));
    try {
      HttpResponse<byte[]> response =
          client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Answer(
          response.statusCode(),
          response.headers().firstValue("Content-Type"),
          response.headers().firstValue("Retry-After"),
          response.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for the API", e);
    }
  }
}
