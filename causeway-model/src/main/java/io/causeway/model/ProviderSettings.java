package io.causeway.model;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * What the operator configured for providers: the data directory, the process environment (for
 * credentials such as {@code CAUSEWAY_AZURE_*}), and the simulated provider's step delay.
 */
public record ProviderSettings(Path dataDir, Map<String, String> environment, Duration simulatedDelay) {
  public ProviderSettings {
    requireNonNull(dataDir, "dataDir");
    environment = Map.copyOf(environment);
    requireNonNull(simulatedDelay, "simulatedDelay");
  }

  public Optional<String> env(String name) {
    return Optional.ofNullable(environment.get(name)).filter(v -> !v.isBlank());
  }
}
