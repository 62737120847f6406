package io.causeway.model;

import static java.util.Objects.requireNonNull;

/**
 * Why an entity is in its state: {@code reported_status} from the provider and a human {@code
 * reason} that says what is happening or what the user must do. Both may be empty, never null.
 */
public record StateMetadata(String reportedStatus, String reason) {
  public StateMetadata {
    requireNonNull(reportedStatus, "reportedStatus");
    requireNonNull(reason, "reason");
  }

  public static StateMetadata empty() {
    return new StateMetadata("", "");
  }

  public static StateMetadata of(String reportedStatus, String reason) {
    return new StateMetadata(reportedStatus, reason);
  }
}
