package io.causeway.provider.local;

import java.util.ArrayList;
import java.util.List;

/**
 * A registry in a list, standing in for the control plane's store-backed one (which lives in
 * another module) where a test needs a registry other than the state file.
 */
final class MemoryVnetRegistry implements LocalVnetRegistry {
  private final List<Entry> entries = new ArrayList<>();

  @Override
  public synchronized List<Entry> list() {
    return List.copyOf(entries);
  }

  @Override
  public synchronized void add(Entry entry) {
    entries.add(entry);
  }

  @Override
  public synchronized boolean remove(String subscriptionId, String resourceGroupName, String name) {
    return entries.removeIf(e -> e.hasKey(subscriptionId, resourceGroupName, name));
  }

  @Override
  public synchronized void clear() {
    entries.clear();
  }
}
