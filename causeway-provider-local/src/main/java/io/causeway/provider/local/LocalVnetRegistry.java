package io.causeway.provider.local;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * Where the local provider keeps its customer VNET registry: which VNETs an operator created on
 * this host, keyed like Azure VNETs by (subscription, resource group, name), compared
 * case-insensitively. The registry is intent only; the kernel stays the truth for what exists
 * ({@link LocalVnet#present()}).
 *
 * <p>A control plane passes a store-backed registry ({@link LocalProvider#withVnetRegistry}), so
 * the registry lives in the store (DESIGN §9); a provider made alone ({@link
 * LocalProvider#create}) keeps it in {@code DATA_DIR/local/state.json}.
 *
 * <p>The provider calls these methods while it holds the data directory's lock, so an
 * implementation need not make read-check-write sequences atomic itself. Implementations are
 * thread-safe and may block; they fail with an unchecked exception.
 */
public interface LocalVnetRegistry {

  /**
   * A registered VNET.
   *
   * @param subscriptionId the canonical (lower-case) subscription GUID
   * @param cidr its address space, canonical ({@code 10.1.0.0/16})
   * @param namespace the network namespace that is the VNET on this host
   */
  record Entry(
      String subscriptionId, String resourceGroupName, String name, String cidr, String namespace) {
    public Entry {
      requireNonNull(subscriptionId, "subscriptionId");
      requireNonNull(resourceGroupName, "resourceGroupName");
      requireNonNull(name, "name");
      requireNonNull(cidr, "cidr");
      requireNonNull(namespace, "namespace");
    }

    /** Whether this entry has the key, compared case-insensitively (as Azure does). */
    public boolean hasKey(String subscriptionId, String resourceGroupName, String name) {
      return this.subscriptionId.equalsIgnoreCase(subscriptionId)
          && this.resourceGroupName.equalsIgnoreCase(resourceGroupName)
          && this.name.equalsIgnoreCase(name);
    }
  }

  /** Every registered VNET, in creation order. */
  List<Entry> list();

  /** The VNET with this key, compared case-insensitively. */
  default Optional<Entry> find(String subscriptionId, String resourceGroupName, String name) {
    return list().stream()
        .filter(e -> e.hasKey(subscriptionId, resourceGroupName, name))
        .findFirst();
  }

  /** Registers the VNET; the caller has checked that none with its key is registered. */
  void add(Entry entry);

  /** Forgets the VNET with this key; whether one was registered. */
  boolean remove(String subscriptionId, String resourceGroupName, String name);

  /** Forgets every VNET (a reset). */
  void clear();
}
