package io.causeway.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.causeway.store.ControlPlaneRow;
import io.causeway.store.CoreEntityKind;
import io.causeway.store.CoreEntityRow;
import io.causeway.store.OrganizationRow;
import io.causeway.store.Store;
import io.causeway.store.StoreSettings;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClusterHubTest {
  private Store store;
  private ClusterHub hub;
  private UUID cp;

  @BeforeEach
  void open() {
    store = Store.open(StoreSettings.h2InMemory("hub-" + UUID.randomUUID()));
    UUID org = store.organizations().insert(OrganizationRow.create(UUID.randomUUID(), "o")).id();
    cp = store.controlPlanes().insert(ControlPlaneRow.create(UUID.randomUUID(), org, "cp",
        Optional.empty(), Bootstrap.CLUSTER_TYPE, "{}", true)).id();
    hub = new ClusterHub(store, Duration.ofHours(1));
  }

  @AfterEach
  void close() {
    hub.close();
    store.close();
  }

  @Test
  void anOlderSnapshotPublishedLateNeverReplacesANewerOne() {
    hub.publish(new Snapshot(cp, 7, "a".repeat(64), "{}"));
    hub.publish(new Snapshot(cp, 6, "b".repeat(64), "{}"));

    assertThat(hub.current(cp)).map(Snapshot::version).contains(7L);
    assertThat(hub.expectedHash(cp)).contains("a".repeat(64));
  }

  @Test
  void aVersionWrittenElsewhereIsBuiltFromTheStore() {
    hub.publish(new Snapshot(cp, 0, "a".repeat(64), "{}"));
    store.inTransaction(tx -> {
      tx.coreEntities().insert(CoreEntityRow.create(UUID.randomUUID(), cp,
          CoreEntityKind.SERVICES, Optional.of("s"), Optional.empty(),
          "{\"host\":\"s.internal\"}"));
      return tx.coreEntities().bumpConfigVersion(cp);
    });

    Snapshot current = hub.current(cp).orElseThrow();

    assertThat(current.version()).isEqualTo(1);
    assertThat(current.config()).contains("s.internal");
    assertThat(current.configHash()).matches("[0-9a-f]{64}").isNotEqualTo("a".repeat(64));
  }
}
