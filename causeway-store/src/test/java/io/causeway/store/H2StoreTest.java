package io.causeway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on embedded H2 (in memory), plus what only the H2 file default does. */
class H2StoreTest extends StoreContract {
  private static final StoreSettings SETTINGS = StoreSettings.h2InMemory("causeway-contract");

  @Override
  StoreSettings settings() {
    return SETTINGS;
  }

  @Test
  void anH2FileStoreKeepsItsDataAcrossRestarts(@TempDir Path temp) {
    Path dir = temp.resolve("data").resolve("store");
    StoreSettings file = StoreSettings.h2File(dir);
    NetworkRow stored;
    try (Store first = Store.open(file, clock)) {
      var orgRow = first.organizations().insert(OrganizationRow.create(id(), "acme"));
      stored =
          first.networks().insert(
              NetworkRow.create(id(), orgRow.id(), "prod", "local", "local", "[]",
                  "10.0.0.0/22", true, "created"));
    }
    assertThat(dir.resolve("causeway.mv.db")).satisfies(p -> assertThat(Files.exists(p)).isTrue());

    try (Store second = Store.open(file, clock)) {
      assertThat(second.networks().get(stored.organizationId(), stored.id())).contains(stored);
      assertThat(second.networks().list(stored.organizationId(), List.of(),
              PageRequest.first(10)).total())
          .isEqualTo(1);
    }
  }

  @Test
  @Timeout(30)
  void anUnreachableDatabaseIsUnavailable() {
    StoreSettings nowhere =
        new StoreSettings(
            "jdbc:postgresql://127.0.0.1:1/causeway?connectTimeout=2",
            Optional.of("postgres"),
            Optional.empty(),
            2);

    assertThatThrownBy(() -> Store.open(nowhere))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("127.0.0.1:1");
  }

  @Test
  void aDataDirectoryWithASemicolonIsRefused() {
    assertThatThrownBy(() -> StoreSettings.h2File(Path.of("/tmp/a;MODE=MySQL")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no ';'");
  }

  @Test
  void settingsNeverPrintThePassword() {
    StoreSettings settings =
        new StoreSettings(
            "jdbc:postgresql://127.0.0.1/db?password=hunter2", Optional.of("u"),
            Optional.of("s3cret"), 4);

    assertThat(settings.toString()).doesNotContain("hunter2").doesNotContain("s3cret");
  }
}
