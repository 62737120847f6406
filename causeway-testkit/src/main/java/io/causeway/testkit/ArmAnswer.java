package io.causeway.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;

/** A successful answer of the fake ARM: status, optional JSON body, headers. */
record ArmAnswer(int status, Optional<JsonNode> body, Map<String, String> headers) {
  ArmAnswer {
    headers = Map.copyOf(headers);
  }

  static ArmAnswer json(int status, JsonNode body) {
    return new ArmAnswer(status, Optional.of(body), Map.of());
  }

  static ArmAnswer json(int status, JsonNode body, Map<String, String> headers) {
    return new ArmAnswer(status, Optional.of(body), headers);
  }

  static ArmAnswer empty(int status, Map<String, String> headers) {
    return new ArmAnswer(status, Optional.empty(), headers);
  }
}
