package io.causeway.controlplane;

import static org.junit.jupiter.api.Assertions.fail;

import io.causeway.model.NetworkProviderFactory.Availability;
import io.causeway.model.ProviderSettings;
import io.causeway.provider.local.LocalProviderFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * Tests that run the real local provider (network namespaces, so root on Linux). Elsewhere they
 * skip loudly, or fail when {@code CAUSEWAY_REQUIRE_NETNS=1} (CI runs as root).
 */
final class LocalRequirement {
  private LocalRequirement() {}

  /** Asks the provider's own factory, which probes by making a throw-away namespace. */
  static void require(Path dataDir) {
    Availability availability =
        new LocalProviderFactory()
            .create(new ProviderSettings(dataDir, Map.of(), Duration.ofMillis(200)));
    if (availability instanceof Availability.Unavailable(String reason)) {
      String message =
          "local provider tests need network namespaces: "
              + reason
              + " (set CAUSEWAY_REQUIRE_NETNS=1 to turn this skip into a failure)";
      if ("1".equals(System.getenv("CAUSEWAY_REQUIRE_NETNS"))) {
        fail(message);
      }
      System.err.println("*** SKIPPED *** " + message);
      Assumptions.abort(message);
    }
  }
}
