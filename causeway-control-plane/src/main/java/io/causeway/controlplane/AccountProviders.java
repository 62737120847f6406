package io.causeway.controlplane;

import io.causeway.model.Catalog;
import io.causeway.model.NetworkProvider;
import io.causeway.store.NetworkRow;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The providers this control plane runs, by provider account id. */
record AccountProviders(Map<UUID, NetworkProvider> byAccount) {
  AccountProviders {
    byAccount = Map.copyOf(byAccount);
  }

  static AccountProviders of(List<NetworkProvider> providers) {
    return new AccountProviders(
        providers.stream()
            .collect(Collectors.toMap(p -> p.account().id(), Function.identity())));
  }

  Optional<NetworkProvider> forNetwork(NetworkRow network) {
    try {
      return Optional.ofNullable(byAccount.get(UUID.fromString(network.providerAccountId())));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  Catalog catalog() {
    return Catalog.of(byAccount.values());
  }
}
