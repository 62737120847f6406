package io.causeway.provider.local;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * What the local provider remembers in {@code DATA_DIR/local/state.json}: each provider network's
 * uplink slot, and the customer VNET registry of a provider made alone ({@link FileVnetRegistry};
 * under a control plane the registry lives in the store and the file's entries are imported
 * there once, see {@link LocalProvider#withVnetRegistry}). Everything else (namespaces, links,
 * routes, peerings) is observed from the kernel each time. Written atomically (temporary file, then
 * rename); every read-modify-write runs under {@code DATA_DIR/local/.lock}, so several providers
 * and registries on one data directory (threads or processes) do not lose each other's changes.
 */
final class LocalState {
  static final String FILE = "state.json";
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** A registered customer VNET. */
  record Vnet(
      String subscriptionId, String resourceGroupName, String name, String cidr, String namespace) {
    Vnet {
      requireNonNull(subscriptionId, "subscriptionId");
      requireNonNull(resourceGroupName, "resourceGroupName");
      requireNonNull(name, "name");
      requireNonNull(cidr, "cidr");
      requireNonNull(namespace, "namespace");
    }
  }

  /** A provider network and the uplink slot it holds (kept until the network is deleted). */
  record Network(UUID networkId, String namespace, String cidr, int uplinkSlot) {
    Network {
      requireNonNull(networkId, "networkId");
      requireNonNull(namespace, "namespace");
      requireNonNull(cidr, "cidr");
    }
  }

  /** The file's content. */
  record Doc(int version, List<Vnet> vnets, List<Network> networks) {
    static final Doc EMPTY = new Doc(1, List.of(), List.of());

    Doc {
      vnets = vnets == null ? List.of() : List.copyOf(vnets);
      networks = networks == null ? List.of() : List.copyOf(networks);
    }

    Doc withVnets(List<Vnet> newVnets) {
      return new Doc(version, newVnets, networks);
    }

    Doc withNetworks(List<Network> newNetworks) {
      return new Doc(version, vnets, newNetworks);
    }

    Optional<Network> network(UUID networkId) {
      return networks.stream().filter(n -> n.networkId().equals(networkId)).findFirst();
    }

    Doc putNetwork(Network network) {
      List<Network> next = remove(networks, n -> n.networkId().equals(network.networkId()));
      next.add(network);
      return withNetworks(next);
    }

    Doc removeNetwork(UUID networkId) {
      return withNetworks(remove(networks, n -> n.networkId().equals(networkId)));
    }

    private static <T> List<T> remove(List<T> list, Predicate<T> match) {
      List<T> next = new ArrayList<>(list);
      next.removeIf(match);
      return next;
    }
  }

  private final Path dataDir;
  private final Path directory;
  private final FileMutex mutex;

  LocalState(Path dataDir) {
    this.dataDir = dataDir.toAbsolutePath().normalize();
    this.directory = this.dataDir.resolve("local");
    this.mutex = new FileMutex(directory.resolve(".lock"));
  }

  Path dataDir() {
    return dataDir;
  }

  Path file() {
    return directory.resolve(FILE);
  }

  <T> T locked(Supplier<T> body) {
    return mutex.locked(body);
  }

  void locked(Runnable body) {
    mutex.locked(body);
  }

  Doc read() {
    Path file = file();
    if (!Files.exists(file)) {
      return Doc.EMPTY;
    }
    try {
      return JSON.readValue(file.toFile(), Doc.class);
    } catch (IOException e) {
      throw new UncheckedIOException("local: cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Replaces the file's content; call it inside {@link #locked}. */
  void write(Doc doc) {
    Path file = file();
    try {
      Files.createDirectories(directory);
      Path temporary = Files.createTempFile(directory, FILE, ".tmp");
      JSON.writeValue(temporary.toFile(), doc);
      try {
        Files.move(
            temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("local: cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
