package io.causeway.testkit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/** An error answer of the fake, in ARM's {@code {"error":{"code","message"}}} shape. */
final class ArmFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;
  final int status;
  final String code;
  final transient Map<String, String> headers;

  ArmFailure(int status, String code, String message) {
    this(status, code, message, Map.of());
  }

  ArmFailure(int status, String code, String message, Map<String, String> headers) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.headers = Map.copyOf(headers);
  }

  ObjectNode body() {
    ObjectNode body = ArmWorld.JSON.createObjectNode();
    ObjectNode error = body.putObject("error");
    error.put("code", code);
    error.put("message", getMessage());
    error.putArray("details");
    return body;
  }
}
