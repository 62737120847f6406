package io.causeway.provider.local;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Tests that make namespaces run only where the local provider can (root on Linux). Elsewhere they
 * skip loudly, or fail when {@code CAUSEWAY_REQUIRE_NETNS=1} (as in CI, which runs as root).
 */
final class NetnsRequirement {
  private static final Optional<String> MISSING =
      LocalProviderFactory.check(HostPrivileges.current());

  private NetnsRequirement() {}

  static void require() {
    if (MISSING.isEmpty()) {
      return;
    }
    String message =
        "local provider tests need network namespaces: "
            + MISSING.get()
            + " (set CAUSEWAY_REQUIRE_NETNS=1 to turn this skip into a failure)";
    if ("1".equals(System.getenv("CAUSEWAY_REQUIRE_NETNS"))) {
      fail(message);
    }
    System.err.println("*** SKIPPED *** " + message);
    Assumptions.abort(message);
  }
}
