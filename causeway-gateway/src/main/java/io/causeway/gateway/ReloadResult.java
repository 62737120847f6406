package io.causeway.gateway;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** What {@link DataPlane#reload()} did. */
public sealed interface ReloadResult {

  /** The file was valid and its configuration now serves traffic. */
  record Applied(String configHash) implements ReloadResult {
    public Applied {
      requireNonNull(configHash, "configHash");
    }
  }

  /** The file was unreadable or invalid; the previous configuration keeps serving. */
  record Rejected(List<String> problems) implements ReloadResult {
    public Rejected {
      problems = List.copyOf(problems);
    }
  }

  /** The data plane has no declarative file (its configuration comes from a control plane). */
  record NoDeclarativeConfig() implements ReloadResult {}
}
