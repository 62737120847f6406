package io.causeway.provider.local;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * The VNET registry in {@code DATA_DIR/local/state.json} (field {@code vnets}): what a provider
 * made without a control plane uses (tools, provider tests). Every change is a read-modify-write
 * of the file under the data directory's lock.
 */
final class FileVnetRegistry implements LocalVnetRegistry {
  private final LocalState state;

  FileVnetRegistry(LocalState state) {
    this.state = requireNonNull(state, "state");
  }

  @Override
  public List<Entry> list() {
    return state.read().vnets().stream().map(FileVnetRegistry::entry).toList();
  }

  @Override
  public void add(Entry entry) {
    requireNonNull(entry, "entry");
    state.locked(
        () -> {
          LocalState.Doc doc = state.read();
          List<LocalState.Vnet> vnets = new ArrayList<>(doc.vnets());
          vnets.add(
              new LocalState.Vnet(
                  entry.subscriptionId(),
                  entry.resourceGroupName(),
                  entry.name(),
                  entry.cidr(),
                  entry.namespace()));
          state.write(doc.withVnets(vnets));
        });
  }

  @Override
  public boolean remove(String subscriptionId, String resourceGroupName, String name) {
    return state.locked(
        () -> {
          LocalState.Doc doc = state.read();
          List<LocalState.Vnet> vnets = new ArrayList<>(doc.vnets());
          if (!vnets.removeIf(v -> entry(v).hasKey(subscriptionId, resourceGroupName, name))) {
            return false;
          }
          state.write(doc.withVnets(vnets));
          return true;
        });
  }

  @Override
  public void clear() {
    state.locked(
        () -> {
          LocalState.Doc doc = state.read();
          if (!doc.vnets().isEmpty()) {
            state.write(doc.withVnets(List.of()));
          }
        });
  }

  static Entry entry(LocalState.Vnet vnet) {
    return new Entry(
        vnet.subscriptionId(),
        vnet.resourceGroupName(),
        vnet.name(),
        vnet.cidr(),
        vnet.namespace());
  }
}
