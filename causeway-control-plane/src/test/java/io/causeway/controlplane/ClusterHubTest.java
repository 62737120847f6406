package io.causeway.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.causeway.model.TransitGatewayState;
import io.causeway.store.ConfigurationRow;
import io.causeway.store.ControlPlaneRow;
import io.causeway.store.CoreEntityKind;
import io.causeway.store.CoreEntityRow;
import io.causeway.store.NetworkRow;
import io.causeway.store.OrganizationRow;
import io.causeway.store.Store;
import io.causeway.store.StoreSettings;
import io.causeway.store.TransitGatewayRow;
import io.causeway.store.Tx;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClusterHubTest {
  private Store store;
  private ClusterHub hub;
  private UUID org;
  private UUID cp;

  @BeforeEach
  void open() {
    store = Store.open(StoreSettings.h2InMemory("hub-" + UUID.randomUUID()));
    org = store.organizations().insert(OrganizationRow.create(UUID.randomUUID(), "o")).id();
    cp = store.controlPlanes().insert(ControlPlaneRow.create(UUID.randomUUID(), org, "cp",
        Optional.empty(), Bootstrap.CLUSTER_TYPE, "{}", true)).id();
    hub = new ClusterHub(store, Duration.ofHours(1), Duration.ofHours(1));
  }

  @AfterEach
  void close() {
    hub.close();
    store.close();
  }

  /** A write as the core entities API makes it: version bump, work, next model, publish. */
  private SnapshotModel write(List<SnapshotModel.Touched> touched, Function<Tx, ?> work) {
    SnapshotModel model = store.inTransaction(tx -> {
      long version = tx.coreEntities().bumpConfigVersion(cp);
      work.apply(tx);
      return hub.next(tx, cp, version, touched);
    });
    hub.publish(model);
    return model;
  }

  private SnapshotModel insert(CoreEntityKind kind, UUID id, Optional<String> key,
      Optional<UUID> parent, String doc) {
    return write(List.of(new SnapshotModel.Touched(kind, id)), tx -> tx.coreEntities().insert(
        CoreEntityRow.create(id, cp, kind, key, parent, doc)));
  }

  private SnapshotModel whole() {
    return SnapshotBuilder.build(store.coreEntities(), cp, store.coreEntities().configVersion(cp));
  }

  @Test
  void anOlderModelPublishedLateNeverReplacesANewerOne() {
    SnapshotModel seven = SnapshotModel.of(store.coreEntities(), cp, 7);
    hub.publish(seven);
    hub.publish(SnapshotModel.of(store.coreEntities(), cp, 6));

    assertThat(hub.current(cp)).map(Snapshot::version).contains(7L);
    assertThat(hub.expectedHash(cp)).contains(SnapshotModel.hash(seven.document("[]")));
  }

  @Test
  void aVersionWrittenElsewhereIsBuiltFromTheStore() {
    hub.publish(SnapshotModel.of(store.coreEntities(), cp, 0));
    String before = hub.expectedHash(cp).orElseThrow();
    store.inTransaction(tx -> {
      tx.coreEntities().insert(CoreEntityRow.create(UUID.randomUUID(), cp,
          CoreEntityKind.SERVICES, Optional.of("s"), Optional.empty(),
          "{\"host\":\"s.internal\"}"));
      return tx.coreEntities().bumpConfigVersion(cp);
    });

    Snapshot current = hub.current(cp).orElseThrow();

    assertThat(current.version()).isEqualTo(1);
    assertThat(current.config()).contains("s.internal");
    assertThat(current.configHash()).matches("[0-9a-f]{64}").isNotEqualTo(before)
        .isEqualTo(SnapshotModel.hash(current.config()));
  }

  @Test
  void incrementalWritesRenderExactlyTheDocumentOfAWholeBuild() {
    UUID service = UUID.randomUUID();
    UUID upstream = UUID.randomUUID();
    UUID target = UUID.randomUUID();
    insert(CoreEntityKind.SERVICES, service, Optional.of("s"), Optional.empty(),
        "{\"host\":\"u\"}");
    insert(CoreEntityKind.UPSTREAMS, upstream, Optional.of("u"), Optional.empty(),
        "{\"name\":\"u\"}");
    insert(CoreEntityKind.TARGETS, target, Optional.of(upstream + "/127.0.0.1:9"),
        Optional.of(upstream), "{\"target\":\"127.0.0.1:9\"}");
    for (int i = 0; i < 5; i++) {
      insert(CoreEntityKind.ROUTES, UUID.randomUUID(), Optional.of("r" + i), Optional.of(service),
          "{\"name\":\"r" + i + "\",\"paths\":[\"/r" + i + "\"]}");
    }
    UUID changed = store.coreEntities().list(cp, CoreEntityKind.ROUTES, Optional.empty()).get(2)
        .id();
    write(List.of(new SnapshotModel.Touched(CoreEntityKind.ROUTES, changed)),
        tx -> tx.coreEntities().update(CoreEntityRow.create(changed, cp, CoreEntityKind.ROUTES,
            Optional.of("r2"), Optional.of(service), "{\"name\":\"r2\",\"paths\":[\"/new\"]}")));
    SnapshotModel afterDelete = write(
        List.of(new SnapshotModel.Touched(CoreEntityKind.UPSTREAMS, upstream)), tx -> {
          tx.coreEntities().delete(cp, CoreEntityKind.TARGETS, target);
          return tx.coreEntities().delete(cp, CoreEntityKind.UPSTREAMS, upstream);
        });

    assertThat(afterDelete.version()).isEqualTo(10);
    assertThat(afterDelete.document("[]")).isEqualTo(whole().document("[]"))
        .contains("/new").doesNotContain("127.0.0.1:9");
    assertThat(hub.current(cp).orElseThrow().config()).isEqualTo(afterDelete.document("[]"));
  }

  @Test
  void anIncrementalWriteTheDataPlaneWouldRefuseIsStillA400() {
    insert(CoreEntityKind.UPSTREAMS, UUID.randomUUID(), Optional.of("Shop"), Optional.empty(),
        "{\"name\":\"Shop\"}");
    long before = store.coreEntities().configVersion(cp);

    // The store's unique key is exact; the data plane compares upstream names without case.
    assertThatThrownBy(() -> insert(CoreEntityKind.UPSTREAMS, UUID.randomUUID(),
        Optional.of("shop"), Optional.empty(), "{\"name\":\"shop\"}"))
        .isInstanceOfSatisfying(ApiException.class,
            e -> assertThat(e.invalid()).extracting(p -> p.field()).contains("upstreams.1.name"));
    assertThat(store.coreEntities().configVersion(cp)).isEqualTo(before);
  }

  @Test
  void dataPlanesOfEachNetworkGetOnlyTheReadyTransitGatewaysOfTheirNetwork() {
    UUID a = network("a");
    UUID b = network("b");
    gateway(a, "a-dns", "10.1.0.2", "a.example", TransitGatewayState.READY);
    gateway(a, "a-pending", "10.1.0.3", "pending.example", TransitGatewayState.INITIALIZING);
    gateway(b, "b-dns", "10.2.0.2", "b.example", TransitGatewayState.READY);

    assertThat(hub.current(cp, Optional.of(a)).orElseThrow().dnsForwarding())
        .contains("a.example").doesNotContain("b.example", "pending.example");
    assertThat(hub.current(cp, Optional.of(b)).orElseThrow().dnsForwarding())
        .contains("b.example").doesNotContain("a.example");
    Snapshot none = hub.current(cp).orElseThrow();
    assertThat(none.dnsForwarding()).isEqualTo("[]");
    assertThat(hub.expectedHash(cp, Optional.of(a))).isNotEqualTo(hub.expectedHash(cp));
  }

  @Test
  void aTransitGatewayBecomingReadyMovesTheDnsEpochAndChangesTheTableNotTheVersion() {
    UUID a = network("a");
    TransitGatewayRow gw = gateway(a, "a-dns", "10.1.0.2", "a.example",
        TransitGatewayState.INITIALIZING);
    Snapshot before = hub.current(cp, Optional.of(a)).orElseThrow();
    long epoch = store.transitGateways().dnsEpoch();

    TransitGatewayRow stored = store.transitGateways().findById(gw.id()).orElseThrow();
    store.transitGateways().update(stored.withState(TransitGatewayState.READY.wire(),
        Optional.empty(), Optional.empty()), stored.entityVersion()).orElseThrow();

    assertThat(store.transitGateways().dnsEpoch()).isGreaterThan(epoch);
    Snapshot after = hub.current(cp, Optional.of(a)).orElseThrow();
    assertThat(after.dnsForwarding()).contains("a.example");
    assertThat(after.version()).isEqualTo(before.version());
    assertThat(after.configHash()).isNotEqualTo(before.configHash());
  }

  private UUID network(String name) {
    UUID id = store.networks().insert(NetworkRow.create(UUID.randomUUID(), org, name, "sim",
        "local", "[\"z1\"]", "10.0.0.0/16", false, "ready")).id();
    store.configurations().upsert(ConfigurationRow.create(UUID.randomUUID(), org, cp,
        "us-" + name, "{}", List.of(id)));
    return id;
  }

  private TransitGatewayRow gateway(UUID network, String name, String server, String domain,
      TransitGatewayState state) {
    return store.transitGateways().insert(TransitGatewayRow.create(UUID.randomUUID(), network,
        org, name, "{}", "[{\"remote_dns_server_ip_addresses\":[\"" + server
            + "\"],\"domain_proxy_list\":[\"" + domain + "\"]}]", state.wire()));
  }
}
