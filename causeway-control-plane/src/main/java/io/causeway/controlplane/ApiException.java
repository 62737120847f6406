package io.causeway.controlplane;

import io.causeway.model.InvalidParameter;
import java.util.List;
import java.util.Optional;

/**
 * An answer other than success, raised anywhere in request handling and turned into {@code
 * application/problem+json} in exactly one place ({@link Problems}).
 */
final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String title;
  private final transient List<InvalidParameter> invalid;
  private final transient Optional<Long> retryAfterSeconds;

  private ApiException(
      int status, String title, String detail, List<InvalidParameter> invalid, Optional<Long> retryAfter) {
    super(detail);
    this.status = status;
    this.title = title;
    this.invalid = List.copyOf(invalid);
    this.retryAfterSeconds = retryAfter;
  }

  static ApiException badRequest(List<InvalidParameter> invalid) {
    return new ApiException(400, "Bad Request", "Invalid Parameters", invalid, Optional.empty());
  }

  static ApiException badRequest(InvalidParameter invalid) {
    return badRequest(List.of(invalid));
  }

  /**
   * A 400 about the state of an entity rather than the request's fields. The contract requires
   * {@code invalid_parameters} on every 400, so the entity's {@code field} (e.g. {@code state})
   * is named there with the same explanation.
   */
  static ApiException badState(String field, String detail) {
    return new ApiException(
        400,
        "Bad Request",
        detail,
        List.of(InvalidParameter.of(field, InvalidParameter.Rule.INVALID, detail)),
        Optional.empty());
  }

  static ApiException unauthorized() {
    return new ApiException(401, "Unauthorized", "Unauthorized", List.of(), Optional.empty());
  }

  static ApiException forbidden(String detail) {
    return new ApiException(403, "Forbidden", detail, List.of(), Optional.empty());
  }

  static ApiException notFound() {
    return new ApiException(404, "Not Found", "Not Found", List.of(), Optional.empty());
  }

  /** A 404 that says what is missing or why the path does not exist here. */
  static ApiException notFound(String detail) {
    return new ApiException(404, "Not Found", detail, List.of(), Optional.empty());
  }

  static ApiException methodNotAllowed(String detail) {
    return new ApiException(405, "Method Not Allowed", detail, List.of(), Optional.empty());
  }

  static ApiException conflict(String detail) {
    return new ApiException(409, "Conflict", detail, List.of(), Optional.empty());
  }

  static ApiException tooManyRequests(long retryAfterSeconds) {
    return new ApiException(
        429,
        "Too Many Requests",
        "Too many failed authentication attempts from this address; retry after "
            + retryAfterSeconds
            + "s",
        List.of(),
        Optional.of(retryAfterSeconds));
  }

  /** Any other status Jetty or Javalin decided on (413 for a body over the limit, ...). */
  static ApiException of(int status, String detail) {
    String title = switch (status) {
      case 413 -> "Payload Too Large";
      case 415 -> "Unsupported Media Type";
      default -> status >= 500 ? "Internal Server Error" : "Bad Request";
    };
    return new ApiException(status, title, detail, List.of(), Optional.empty());
  }

  static ApiException internal() {
    return new ApiException(
        500, "Internal Server Error", "An unexpected error occurred", List.of(), Optional.empty());
  }

  static ApiException unavailable(String detail) {
    return new ApiException(503, "Service Unavailable", detail, List.of(), Optional.of(5L));
  }

  int status() {
    return status;
  }

  String title() {
    return title;
  }

  List<InvalidParameter> invalid() {
    return invalid;
  }

  Optional<Long> retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
