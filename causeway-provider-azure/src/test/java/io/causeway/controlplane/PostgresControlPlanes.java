package io.causeway.controlplane;

import io.causeway.model.NetworkProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Test bridge (this module's tests only), like {@link EmbeddedControlPlanes} but on PostgreSQL:
 * a real control plane (API, store, reconciler) around a given provider, for a control plane
 * process that a test kills and restarts on the same database (AzureCrashConvergenceIT).
 */
public final class PostgresControlPlanes {
  private PostgresControlPlanes() {}

  /**
   * Starts a control plane on a free loopback port, its store at {@code jdbcUrl}, fast reconciler
   * clocks (50 ms polls, 2 s resync, 100 ms to 1 s backoff) and row leases of {@code leaseFor}.
   */
  public static ControlPlane start(Path dataDir, String jdbcUrl, NetworkProvider provider,
      Duration leaseFor) {
    ControlPlaneOptions options = new ControlPlaneOptions(dataDir, "127.0.0.1", 0,
        Optional.empty(), Optional.empty(), Optional.empty(), "azure", Duration.ofMillis(200),
        true, Map.of()).withDatabaseUrl(Optional.of(jdbcUrl));
    Timings timings = new Timings(Duration.ofMillis(50), Duration.ofSeconds(2),
        Duration.ofMillis(100), Duration.ofSeconds(1), leaseFor, Duration.ofMillis(100));
    return ControlPlane.start(options, Hooks.defaults().withProvider(provider)
        .withTimings(timings));
  }
}
