package io.causeway.provider.azure;

import io.causeway.controlplane.ControlPlane;
import io.causeway.controlplane.PostgresControlPlanes;
import io.causeway.model.NetworkProvider;
import io.causeway.model.NetworkProviderFactory.Availability;
import io.causeway.model.ProviderSettings;
import io.causeway.testkit.SelfSignedCertificate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * The control plane process of {@link AzureCrashConvergenceIT}: a real control plane on
 * PostgreSQL driving the real Azure provider, configured from its {@code CAUSEWAY_AZURE_*}
 * environment like a production one, against the ARM fake that runs in the test's JVM (so the
 * cloud outlives this process). It trusts only the fake's certificate. Writes {@code
 * RUN_DIR/port} once the API listens, then runs until the test kills it with SIGKILL.
 *
 * <p>Arguments: {@code DATA_DIR JDBC_URL RUN_DIR LEASE_MILLIS CERT_P12 CERT_PASSWORD}.
 */
final class AzureCrashChild {
  /** Fast polls, short in-place waits; a 1 s budget per operation, then observation. */
  static final ArmClient.Timing TIMING = new ArmClient.Timing(Duration.ofMillis(500),
      Duration.ofMillis(50), Duration.ofSeconds(1), Duration.ofMillis(100),
      Duration.ofSeconds(5));
  static final Duration BUDGET = Duration.ofSeconds(1);

  private AzureCrashChild() {}

  public static void main(String[] args) throws Exception {
    Path dataDir = Path.of(args[0]);
    String url = args[1];
    Path run = Path.of(args[2]);
    Duration lease = Duration.ofMillis(Long.parseLong(args[3]));
    SelfSignedCertificate trust = new SelfSignedCertificate(Path.of(args[4]), args[5]);
    Availability availability = AzureProviderFactory.create(
        new ProviderSettings(dataDir, System.getenv(), Duration.ZERO), trust.clientContext(),
        Clock.systemUTC(), Pause.sleeping(), TIMING, BUDGET);
    if (!(availability instanceof Availability.Available available)) {
      throw new IllegalStateException("azure provider unavailable: " + availability);
    }
    NetworkProvider provider = available.provider();
    ControlPlane cp = PostgresControlPlanes.start(dataDir, url, provider, lease);
    Path temp = run.resolve("port.tmp");
    try {
      Files.writeString(temp, String.valueOf(cp.apiPort()));
      Files.move(temp, run.resolve("port"), StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // Runs until killed: the test never stops it any other way.
    new CountDownLatch(1).await();
  }
}
