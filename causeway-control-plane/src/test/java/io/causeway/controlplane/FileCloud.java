package io.causeway.controlplane;

import io.causeway.model.NetworkObservation;
import io.causeway.model.NetworkProvider;
import io.causeway.model.NetworkRef;
import io.causeway.model.PeeringObservation;
import io.causeway.model.PeeringRef;
import io.causeway.model.Preflight;
import io.causeway.model.ProviderAccount;
import io.causeway.model.ProviderRegion;
import io.causeway.provider.local.SimulatedProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A simulated cloud whose state lives in a directory, so that it outlives the control plane
 * process that drives it (the crash tests kill that process with SIGKILL and start another on
 * the same cloud). Same behaviour as the in-memory {@link SimulatedProvider} — every step
 * completes {@code delay} after it started, creating and deleting are idempotent — with one
 * file per resource, replaced atomically. Deleted resources keep a tombstone, and every
 * resource counts how often it was provisioned from nothing: a second provisioning of the same
 * id is the duplicate a crash must never cause. Simulated: no network exists anywhere.
 *
 * <p>Thread-safe within one process (calls are serialised); one process drives it at a time.
 */
final class FileCloud implements NetworkProvider {
  enum Kind {
    NETWORK("networks"),
    PEERING("peerings");

    final String dir;

    Kind(String dir) {
      this.dir = dir;
    }
  }

  enum Phase {
    CREATING,
    DELETING,
    DELETED
  }

  /** One resource as stored: its phase, since when (epoch ms), and how often provisioned. */
  record Resource(UUID id, Kind kind, Phase phase, long since, int provisioned) {}

  private final Path root;
  private final Clock clock;
  private final Duration delay;

  FileCloud(Path root, Clock clock, Duration delay) {
    this.root = root;
    this.clock = clock;
    this.delay = delay;
    try {
      for (Kind kind : Kind.values()) {
        Files.createDirectories(root.resolve(kind.dir));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public ProviderAccount account() {
    return new ProviderAccount(SimulatedProvider.ACCOUNT_ID, "azure", "simulated",
        "Simulated provider (file-backed, for crash tests)");
  }

  @Override
  public List<ProviderRegion> regions() {
    return List.of(new ProviderRegion("local", List.of("local-1", "local-2", "local-3")));
  }

  @Override
  public synchronized void createNetwork(NetworkRef network) {
    create(Kind.NETWORK, network.networkId());
  }

  @Override
  public synchronized NetworkObservation observeNetwork(NetworkRef network) {
    return switch (observe(Kind.NETWORK, network.networkId())) {
      case ABSENT -> new NetworkObservation.Absent();
      case IN_PROGRESS -> new NetworkObservation.InProgress("simulated (file-backed): working");
      case READY -> new NetworkObservation.Ready();
    };
  }

  @Override
  public synchronized void deleteNetwork(NetworkRef network) {
    delete(Kind.NETWORK, network.networkId());
  }

  @Override
  public Preflight preflight(PeeringRef peering) {
    return new Preflight.Passed();
  }

  @Override
  public synchronized void createPeering(PeeringRef peering) {
    create(Kind.PEERING, peering.transitGatewayId());
  }

  @Override
  public synchronized PeeringObservation observePeering(PeeringRef peering) {
    return switch (observe(Kind.PEERING, peering.transitGatewayId())) {
      case ABSENT -> new PeeringObservation.Absent();
      case IN_PROGRESS -> new PeeringObservation.InProgress("simulated (file-backed): working");
      case READY -> new PeeringObservation.Connected();
    };
  }

  @Override
  public synchronized void deletePeering(PeeringRef peering) {
    delete(Kind.PEERING, peering.transitGatewayId());
  }

  private enum Seen {
    ABSENT,
    IN_PROGRESS,
    READY
  }

  private void create(Kind kind, UUID id) {
    Optional<Resource> now = read(kind, id);
    if (now.isPresent() && now.get().phase() == Phase.CREATING) {
      return;
    }
    int provisioned = now.map(Resource::provisioned).orElse(0) + 1;
    write(new Resource(id, kind, Phase.CREATING, clock.millis(), provisioned));
  }

  private Seen observe(Kind kind, UUID id) {
    Optional<Resource> now = read(kind, id);
    if (now.isEmpty() || now.get().phase() == Phase.DELETED) {
      return Seen.ABSENT;
    }
    Resource r = now.get();
    if (clock.millis() < r.since() + delay.toMillis()) {
      return Seen.IN_PROGRESS;
    }
    if (r.phase() == Phase.DELETING) {
      write(new Resource(id, kind, Phase.DELETED, clock.millis(), r.provisioned()));
      return Seen.ABSENT;
    }
    return Seen.READY;
  }

  private void delete(Kind kind, UUID id) {
    Optional<Resource> now = read(kind, id);
    if (now.isPresent() && now.get().phase() == Phase.CREATING) {
      write(new Resource(id, kind, Phase.DELETING, clock.millis(), now.get().provisioned()));
    }
  }

  private Optional<Resource> read(Kind kind, UUID id) {
    return read(root.resolve(kind.dir).resolve(id.toString()), kind);
  }

  private static Optional<Resource> read(Path file, Kind kind) {
    try {
      if (!Files.exists(file)) {
        return Optional.empty();
      }
      String[] parts = Files.readString(file, StandardCharsets.UTF_8).trim().split(" ");
      return Optional.of(new Resource(UUID.fromString(file.getFileName().toString()), kind,
          Phase.valueOf(parts[0]), Long.parseLong(parts[1]), Integer.parseInt(parts[2])));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Write-then-rename: a SIGKILL leaves the old state or the new one, never half a file. */
  private void write(Resource r) {
    Path file = root.resolve(r.kind().dir).resolve(r.id().toString());
    Path temp = file.resolveSibling(r.id() + ".tmp");
    try {
      Files.writeString(temp, r.phase() + " " + r.since() + " " + r.provisioned() + "\n",
          StandardCharsets.UTF_8);
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every resource ever made in the cloud at {@code root} (read by the test, any process). */
  static List<Resource> resources(Path root) {
    List<Resource> all = new ArrayList<>();
    for (Kind kind : Kind.values()) {
      try (Stream<Path> files = Files.list(root.resolve(kind.dir))) {
        files.filter(f -> !f.getFileName().toString().endsWith(".tmp"))
            .forEach(f -> read(f, kind).ifPresent(all::add));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return all;
  }
}
