package io.causeway.controlplane;

import static java.util.Objects.requireNonNull;

import io.causeway.model.NetworkProvider;
import io.causeway.provider.local.LocalProvider;
import io.causeway.provider.local.LocalVnetRegistry;
import io.causeway.store.LocalVnetRow;
import io.causeway.store.Store;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The local provider's customer VNET registry in the store ({@code local_vnets}), so that it lives
 * with everything else the control plane keeps (DESIGN §9) and is backed up with it. The provider
 * calls it under its data directory's lock, so its read-check-write sequences need no transaction
 * of their own; a lost race with another writer surfaces as the store's duplicate-key error.
 */
final class StoreVnetRegistry implements LocalVnetRegistry {
  private final Store store;

  StoreVnetRegistry(Store store) {
    this.store = requireNonNull(store, "store");
  }

  /**
   * The chosen provider with its VNET registry in {@code store} when it is the local one (importing
   * what its data directory's state file still registers), as chosen otherwise.
   */
  static Providers.Chosen wire(Providers.Chosen chosen, Store store) {
    NetworkProvider provider = chosen.provider();
    if (!(provider instanceof LocalProvider local)) {
      return chosen;
    }
    return new Providers.Chosen(
        chosen.name(), local.withVnetRegistry(new StoreVnetRegistry(store)), chosen.why());
  }

  @Override
  public List<Entry> list() {
    return store.localVnets().list().stream().map(StoreVnetRegistry::entry).toList();
  }

  @Override
  public Optional<Entry> find(String subscriptionId, String resourceGroupName, String name) {
    return store.localVnets().find(subscriptionId, resourceGroupName, name)
        .map(StoreVnetRegistry::entry);
  }

  @Override
  public void add(Entry entry) {
    requireNonNull(entry, "entry");
    store.localVnets().insert(LocalVnetRow.create(UUID.randomUUID(), entry.subscriptionId(),
        entry.resourceGroupName(), entry.name(), entry.cidr(), entry.namespace()));
  }

  @Override
  public boolean remove(String subscriptionId, String resourceGroupName, String name) {
    return store.localVnets().delete(subscriptionId, resourceGroupName, name);
  }

  @Override
  public void clear() {
    store.localVnets().deleteAll();
  }

  private static Entry entry(LocalVnetRow row) {
    return new Entry(row.subscriptionId(), row.resourceGroupName(), row.name(), row.cidr(),
        row.namespace());
  }
}
