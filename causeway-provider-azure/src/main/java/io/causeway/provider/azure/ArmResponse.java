package io.causeway.provider.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An answer of ARM: status, headers (names lower case) and the JSON body (or a missing node). */
record ArmResponse(int status, Map<String, List<String>> headers, JsonNode body) {
  ArmResponse {
    headers = Map.copyOf(headers);
    body = body == null ? MissingNode.getInstance() : body;
  }

  boolean isSuccess() {
    return status >= 200 && status < 300;
  }

  Optional<String> header(String name) {
    List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /** {@code Retry-After} in seconds (ARM sends seconds, not dates). */
  Optional<Duration> retryAfter() {
    return header("Retry-After").flatMap(value -> {
      try {
        return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim()))));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    });
  }

  /** ARM's {@code {"error":{"code","message"}}}, if the body has one. */
  Optional<ArmError> error() {
    JsonNode error = body.path("error");
    if (!error.isObject()) {
      return Optional.empty();
    }
    return Optional.of(
        new ArmError(error.path("code").asText(""), error.path("message").asText("")));
  }

  /** An ARM error: its code ({@code AuthorizationFailed}) and message. */
  record ArmError(String code, String message) {}
}
