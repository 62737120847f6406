package io.causeway.controlplane;

import io.causeway.model.NetworkProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Test bridge (this module's tests only): starts a real control plane (API, H2 store, reconciler)
 * around a given provider instance with fast reconciler timings, through the package-private test
 * hooks of the control plane. It lives in the control plane's package so that the Azure tests can
 * reach those hooks without the control plane depending on the Azure provider.
 */
public final class EmbeddedControlPlanes {
  private EmbeddedControlPlanes() {}

  /**
   * The reconciler's timings for a test.
   *
   * @param poll wait while something is in progress at the provider
   * @param backoffBase first wait after a failure
   * @param backoffMax longest wait after failures
   * @param leaseFor how long a replica owns a claimed row (a stopped replica's rows free up after)
   */
  public record Timing(Duration poll, Duration backoffBase, Duration backoffMax, Duration leaseFor) {}

  /** Starts a control plane on a free loopback port with its H2 store in {@code dataDir}. */
  public static ControlPlane start(Path dataDir, NetworkProvider provider, Timing timing,
      long jitterSeed) {
    ControlPlaneOptions options = new ControlPlaneOptions(dataDir, "127.0.0.1", 0,
        Optional.empty(), Optional.empty(), Optional.empty(), "azure", Duration.ofMillis(200),
        true, Map.of());
    // Resync is long: once ready, a resource is left alone, so the requests ARM sees come
    // from the resource under test only.
    Timings timings = new Timings(timing.poll(), Duration.ofMinutes(10), timing.backoffBase(),
        timing.backoffMax(), timing.leaseFor(), Duration.ofMillis(50));
    Hooks defaults = Hooks.defaults().withProvider(provider).withTimings(timings);
    Hooks hooks = new Hooks(defaults.provider(), defaults.clock(), defaults.authFailures(),
        defaults.authRefill(), defaults.timings(), jitterSeed);
    return ControlPlane.start(options, hooks);
  }
}
