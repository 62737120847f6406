package io.causeway.provider.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file-backed VNET registry and the one-time import of its entries into another registry. */
class LocalVnetRegistryTest {
  private static final String SUBSCRIPTION = LocalFixture.SUBSCRIPTION;

  @TempDir Path dataDir;

  private static LocalVnetRegistry.Entry entry(String name, String cidr) {
    return new LocalVnetRegistry.Entry(SUBSCRIPTION, "rg", name, cidr, "cw-v-" + name);
  }

  @Test
  void theFileRegistryKeepsCreationOrderAndFindsAndRemovesWhateverTheLetterCase() {
    LocalState state = new LocalState(dataDir);
    LocalVnetRegistry registry = new FileVnetRegistry(state);
    registry.add(entry("api", "10.1.0.0/16"));
    registry.add(entry("far", "10.2.0.0/16"));

    assertThat(new FileVnetRegistry(new LocalState(dataDir)).list())
        .containsExactly(entry("api", "10.1.0.0/16"), entry("far", "10.2.0.0/16"));
    assertThat(registry.find(SUBSCRIPTION.toUpperCase(), "RG", "API"))
        .contains(entry("api", "10.1.0.0/16"));
    assertThat(registry.remove(SUBSCRIPTION, "Rg", "Far")).isTrue();
    assertThat(registry.remove(SUBSCRIPTION, "rg", "far")).isFalse();
    assertThat(registry.list()).containsExactly(entry("api", "10.1.0.0/16"));

    registry.clear();

    assertThat(registry.list()).isEmpty();
  }

  @Test
  void entriesOfTheStateFileAreImportedOnceAndLeaveTheFileWithItsNetworksOnly() {
    LocalState state = new LocalState(dataDir);
    UUID network = UUID.randomUUID();
    state.write(
        LocalState.Doc.EMPTY
            .withVnets(
                List.of(
                    new LocalState.Vnet(SUBSCRIPTION, "rg", "api", "10.1.0.0/16", "cw-v-api"),
                    new LocalState.Vnet(SUBSCRIPTION, "rg", "far", "10.2.0.0/16", "cw-v-far")))
            .putNetwork(new LocalState.Network(network, "cw-n-1", "10.10.0.0/16", 3)));
    MemoryVnetRegistry store = new MemoryVnetRegistry();

    assertThat(LocalProvider.importFileVnets(state, store)).isEqualTo(2);
    assertThat(LocalProvider.importFileVnets(state, store)).isZero();

    assertThat(store.list())
        .containsExactly(entry("api", "10.1.0.0/16"), entry("far", "10.2.0.0/16"));
    assertThat(state.read().vnets()).isEmpty();
    assertThat(state.read().network(network)).isPresent();
  }

  @Test
  void anEntryTheRegistryAlreadyHasKeepsTheRegistrysVersion() {
    LocalState state = new LocalState(dataDir);
    state.write(
        LocalState.Doc.EMPTY.withVnets(
            List.of(
                new LocalState.Vnet(SUBSCRIPTION, "RG", "API", "10.9.0.0/16", "cw-v-api"),
                new LocalState.Vnet(SUBSCRIPTION, "rg", "new", "10.3.0.0/16", "cw-v-new"))));
    MemoryVnetRegistry store = new MemoryVnetRegistry();
    store.add(entry("api", "10.1.0.0/16"));

    assertThat(LocalProvider.importFileVnets(state, store)).isEqualTo(1);

    assertThat(store.list())
        .containsExactly(entry("api", "10.1.0.0/16"), entry("new", "10.3.0.0/16"));
    assertThat(state.read().vnets()).isEmpty();
  }
}
