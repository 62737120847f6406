package io.causeway.gateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Reads one metric from a data plane's status listener. */
final class TestMetrics {

  private TestMetrics() {}

  /** The sum of every sample of {@code name} on {@code /metrics}. */
  static long value(DataPlane dp, String name) throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      String body = http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + dp.statusPort() + "/metrics")).build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
      return body.lines()
          .filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
          .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
          .sum();
    }
  }
}
