package io.causeway.provider.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStateTest {
  @TempDir Path dataDir;

  @Test
  void aMissingFileIsAnEmptyStateAndWritesReadBack() {
    LocalState state = new LocalState(dataDir);
    assertThat(state.read()).isEqualTo(LocalState.Doc.EMPTY);

    UUID id = UUID.fromString("00000000-0000-4000-8000-000000000001");
    LocalState.Doc doc =
        LocalState.Doc.EMPTY
            .withVnets(List.of(new LocalState.Vnet("s", "rg", "api", "10.1.0.0/16", "cw-v-1")))
            .putNetwork(new LocalState.Network(id, "cw-n-1", "10.10.0.0/16", 3));
    state.locked(() -> state.write(doc));

    assertThat(new LocalState(dataDir).read()).isEqualTo(doc);
    assertThat(dataDir.resolve("local/state.json")).content().contains("\"uplink_slot\" : 3");
    assertThat(doc.removeNetwork(id).networks()).isEmpty();
  }
}
