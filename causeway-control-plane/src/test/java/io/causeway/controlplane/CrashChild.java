package io.causeway.controlplane;

import io.causeway.model.NetworkObservation;
import io.causeway.model.NetworkProvider;
import io.causeway.model.NetworkRef;
import io.causeway.model.PeeringObservation;
import io.causeway.model.PeeringRef;
import io.causeway.model.Preflight;
import io.causeway.model.ProviderAccount;
import io.causeway.model.ProviderRegion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The control plane process of {@link CrashConvergenceIT}: a real control plane on PostgreSQL
 * driving the {@link FileCloud} in a directory, with one fault point armed. When the reconciler
 * reaches it (the n-th call of an operation in this process, just before or just after the
 * provider call), this process writes {@code RUN_DIR/fault} and stops that call forever; the
 * test then kills the process with SIGKILL. Writes {@code RUN_DIR/port} once the API listens.
 *
 * <p>Arguments: {@code DATA_DIR JDBC_URL CLOUD_DIR RUN_DIR POINT LEASE_MILLIS}, POINT being
 * {@code none} or {@link Point#toString()}.
 */
final class CrashChild {
  /** Fast clocks; a dead replica's leases free up after {@code lease} (the sixth argument). */
  static Timings timings(Duration lease) {
    return new Timings(Duration.ofMillis(50), Duration.ofSeconds(2), Duration.ofMillis(100),
        Duration.ofSeconds(1), lease, Duration.ofMillis(100));
  }
  static final Duration STEP = Duration.ofMillis(200);

  /** The provider operations a fault can interrupt. */
  enum Op {
    CREATE_NETWORK,
    OBSERVE_NETWORK,
    DELETE_NETWORK,
    PREFLIGHT,
    CREATE_PEERING,
    OBSERVE_PEERING,
    DELETE_PEERING
  }

  enum When {
    BEFORE,
    AFTER
  }

  /** The {@code nth} call of {@code op} in the process, {@code when} relative to the call. */
  record Point(Op op, When when, int nth) {
    @Override
    public String toString() {
      return op + ":" + when + ":" + nth;
    }

    static Point parse(String text) {
      String[] p = text.split(":");
      return new Point(Op.valueOf(p[0]), When.valueOf(p[1]), Integer.parseInt(p[2]));
    }
  }

  private CrashChild() {}

  public static void main(String[] args) throws Exception {
    Path dataDir = Path.of(args[0]);
    String url = args[1];
    Path cloud = Path.of(args[2]);
    Path run = Path.of(args[3]);
    Optional<Point> point = args[4].equals("none") ? Optional.empty()
        : Optional.of(Point.parse(args[4]));
    NetworkProvider provider = new Faulty(new FileCloud(cloud, Clock.systemUTC(), STEP), point,
        run.resolve("fault"));
    ControlPlane cp = ControlPlane.start(
        Fixtures.options(dataDir).withDatabaseUrl(Optional.of(url)),
        Hooks.defaults().withProvider(provider)
            .withTimings(timings(Duration.ofMillis(Long.parseLong(args[5])))));
    atomically(run.resolve("port"), String.valueOf(cp.apiPort()));
    // Runs until killed: the test never stops it any other way.
    new CountDownLatch(1).await();
  }

  static void atomically(Path file, String text) {
    try {
      Path temp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(temp, text);
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Counts calls per operation and stops forever at the armed point. */
  static final class Faulty implements NetworkProvider {
    private final NetworkProvider cloud;
    private final Optional<Point> point;
    private final Path signal;
    private final Map<Op, AtomicInteger> calls = new ConcurrentHashMap<>();

    Faulty(NetworkProvider cloud, Optional<Point> point, Path signal) {
      this.cloud = cloud;
      this.point = point;
      this.signal = signal;
    }

    private <T> T call(Op op, Supplier<T> call) {
      int n = calls.computeIfAbsent(op, k -> new AtomicInteger()).incrementAndGet();
      boolean armed = point.filter(p -> p.op() == op && p.nth() == n).isPresent();
      if (armed && point.get().when() == When.BEFORE) {
        stop();
      }
      T result = call.get();
      if (armed) {
        stop();
      }
      return result;
    }

    private void stop() {
      atomically(signal, point.orElseThrow().toString());
      try {
        new CountDownLatch(1).await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted at the fault point", e);
      }
    }

    @Override
    public ProviderAccount account() {
      return cloud.account();
    }

    @Override
    public List<ProviderRegion> regions() {
      return cloud.regions();
    }

    @Override
    public void createNetwork(NetworkRef n) {
      call(Op.CREATE_NETWORK, () -> {
        cloud.createNetwork(n);
        return null;
      });
    }

    @Override
    public NetworkObservation observeNetwork(NetworkRef n) {
      return call(Op.OBSERVE_NETWORK, () -> cloud.observeNetwork(n));
    }

    @Override
    public void deleteNetwork(NetworkRef n) {
      call(Op.DELETE_NETWORK, () -> {
        cloud.deleteNetwork(n);
        return null;
      });
    }

    @Override
    public Preflight preflight(PeeringRef p) {
      return call(Op.PREFLIGHT, () -> cloud.preflight(p));
    }

    @Override
    public void createPeering(PeeringRef p) {
      call(Op.CREATE_PEERING, () -> {
        cloud.createPeering(p);
        return null;
      });
    }

    @Override
    public PeeringObservation observePeering(PeeringRef p) {
      return call(Op.OBSERVE_PEERING, () -> cloud.observePeering(p));
    }

    @Override
    public void deletePeering(PeeringRef p) {
      call(Op.DELETE_PEERING, () -> {
        cloud.deletePeering(p);
        return null;
      });
    }
  }
}
