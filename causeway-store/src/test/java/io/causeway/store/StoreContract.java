package io.causeway.store;

import static java.time.temporal.ChronoUnit.MILLIS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.TimeZone;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The store's contract, run on every database it supports. Subclasses say where the database
 * is; each test starts from empty tables.
 */
abstract class StoreContract {
  static final Instant START = Instant.parse("2026-03-01T10:00:00.123456789Z");
  static final Duration LEASE = Duration.ofSeconds(30);
  static final List<String> WORK = List.of("created", "initializing", "terminating");

  final TestClock clock = new TestClock(START);
  private final List<Store> opened = new ArrayList<>();
  Store store;
  UUID org;
  private long ids;

  /** The database under test; the same settings every time within a test class. */
  abstract StoreSettings settings();

  @BeforeEach
  void openEmptyStore() throws SQLException {
    store = open();
    clean(settings());
    org = store.organizations().insert(OrganizationRow.create(id(), "acme")).id();
  }

  @AfterEach
  void closeStores() {
    opened.forEach(Store::close);
  }

  Store open() {
    Store s = Store.open(settings(), clock);
    opened.add(s);
    return s;
  }

  static void clean(StoreSettings settings) throws SQLException {
    Properties props = new Properties();
    settings.user().ifPresent(u -> props.setProperty("user", u));
    settings.password().ifPresent(p -> props.setProperty("password", p));
    try (Connection c = DriverManager.getConnection(settings.jdbcUrl(), props);
        Statement s = c.createStatement()) {
      // Routes and targets first: they reference their service or upstream.
      s.executeUpdate("DELETE FROM core_entities WHERE parent_id IS NOT NULL");
      for (String table :
          List.of(
              "cluster_ca", "local_vnets", "audit_log", "configuration_networks", "cloud_gateway_configurations",
              "core_entities", "core_config_versions", "join_tokens", "cluster_nodes",
              "transit_gateways", "networks", "control_planes", "api_tokens", "organizations")) {
        s.executeUpdate("DELETE FROM " + table);
      }
    }
  }

  /** Ids in a fixed order, so that "oldest first, then id" is predictable. */
  UUID id() {
    return new UUID(0x0123_4567_89ab_4defL, 0x8000_0000_0000_0000L | ++ids);
  }

  NetworkRow network(String name) {
    return NetworkRow.create(
        id(), org, name, "simulated", "local", "[\"local-1\"]", "10.0.0.0/22", false, "created");
  }

  NetworkRow insertNetwork(String name) {
    NetworkRow row = store.networks().insert(network(name));
    clock.advance(Duration.ofMillis(1));
    return row;
  }

  TransitGatewayRow transitGateway(UUID networkId, String name) {
    return TransitGatewayRow.create(
        id(), networkId, org, name, "{\"kind\":\"azure-vnet-peering-attachment\"}", "[]",
        "created");
  }

  static String sha256Hex(int n) {
    return String.format("%064x", n);
  }

  // ---- CRUD -------------------------------------------------------------------------------

  @Test
  void insertedNetworkReadsBackWithEveryColumnAndMillisecondTimestamps() {
    NetworkRow draft =
        network("prod").withState("initializing", Optional.of("booting"), Optional.of("step 1"));

    NetworkRow stored = store.networks().insert(draft);

    Instant millis = Instant.parse("2026-03-01T10:00:00.123Z");
    assertThat(stored.entityVersion()).isEqualTo(1);
    assertThat(stored.createdAt()).isEqualTo(millis);
    assertThat(stored.updatedAt()).isEqualTo(millis);
    assertThat(stored.reconcile()).isEqualTo(ReconcileStatus.dueAt(millis));
    assertThat(stored.reportedStatus()).contains("booting");
    assertThat(stored.reason()).contains("step 1");
    assertThat(store.networks().get(org, draft.id())).contains(stored);
    assertThat(store.networks().findByName(org, "prod")).contains(stored);
    assertThat(store.networks().findById(draft.id())).contains(stored);
    assertThat(stored)
        .usingRecursiveComparison()
        .ignoringFields("entityVersion", "createdAt", "updatedAt", "reconcile")
        .isEqualTo(draft);
  }

  @Test
  void rowsOfAnotherOrganizationAreInvisible() {
    UUID other = store.organizations().insert(OrganizationRow.create(id(), "other")).id();
    NetworkRow row = insertNetwork("prod");

    assertThat(store.networks().get(other, row.id())).isEmpty();
    assertThat(store.networks().list(other, List.of(), PageRequest.first(10)).total()).isZero();
    assertThat(store.networks().delete(other, row.id())).isFalse();
    assertThat(store.networks().get(org, row.id())).isPresent();
  }

  @Test
  void duplicateNamesAreRefusedWithTheConstraintNamed() {
    insertNetwork("prod");

    assertThatThrownBy(() -> store.networks().insert(network("prod")))
        .isInstanceOfSatisfying(
            DuplicateKeyException.class,
            e -> assertThat(e.constraint()).contains("networks_organization_name_key"));
    assertThatThrownBy(() -> store.organizations().insert(OrganizationRow.create(id(), "acme")))
        .isInstanceOfSatisfying(
            DuplicateKeyException.class,
            e -> assertThat(e.constraint()).contains("organizations_name_key"));
    UUID other = store.organizations().insert(OrganizationRow.create(id(), "other")).id();
    NetworkRow elsewhere =
        NetworkRow.create(id(), other, "prod", "simulated", "local", "[]", "10.0.0.0/22", true,
            "created");
    assertThat(store.networks().insert(elsewhere).name()).isEqualTo("prod");
  }

  @Test
  void rowReferencingAMissingOrganizationIsAReferenceError() {
    NetworkRow orphan =
        NetworkRow.create(id(), id(), "x", "simulated", "local", "[]", "10.0.0.0/22", false,
            "created");

    assertThatThrownBy(() -> store.networks().insert(orphan))
        .isInstanceOfSatisfying(
            ReferenceException.class,
            e -> assertThat(e.constraint()).contains("networks_organization_fkey"));
  }

  @Test
  void deleteRemovesTheRowOnce() {
    NetworkRow row = insertNetwork("prod");

    assertThat(store.networks().delete(org, row.id())).isTrue();
    assertThat(store.networks().delete(org, row.id())).isFalse();
    assertThat(store.networks().get(org, row.id())).isEmpty();
  }

  // ---- pagination and filters -------------------------------------------------------------

  @Test
  void listPagesOldestFirstWithTheTotal() {
    for (int i = 0; i < 5; i++) {
      insertNetwork("net-" + i);
    }

    Page<NetworkRow> second = store.networks().list(org, List.of(), PageRequest.of(2, 2));
    Page<NetworkRow> last = store.networks().list(org, List.of(), PageRequest.of(3, 2));
    Page<NetworkRow> beyond = store.networks().list(org, List.of(), PageRequest.of(4, 2));

    assertThat(second.items()).extracting(NetworkRow::name).containsExactly("net-2", "net-3");
    assertThat(second.total()).isEqualTo(5);
    assertThat(last.items()).extracting(NetworkRow::name).containsExactly("net-4");
    assertThat(beyond.items()).isEmpty();
    assertThat(beyond.total()).isEqualTo(5);
  }

  @Test
  void everyFilterOperatorSelectsTheRightRows() {
    insertNetwork("Prod-East");
    insertNetwork("prod-west");
    insertNetwork("staging");
    NetworkRow ready = insertNetwork("100%_off");
    store.networks().update(ready.withState("ready", Optional.empty(), Optional.empty()), 1);

    assertThat(names(Filter.eq("name", "staging"))).containsExactly("staging");
    assertThat(names(Filter.eq("name", "prod-east"))).isEmpty();
    assertThat(names(Filter.neq("name", "staging")))
        .containsExactly("Prod-East", "prod-west", "100%_off");
    assertThat(names(Filter.contains("name", "PROD"))).containsExactly("Prod-East", "prod-west");
    assertThat(names(Filter.contains("name", "%_"))).containsExactly("100%_off");
    assertThat(names(Filter.contains("name", "_"))).containsExactly("100%_off");
    assertThat(names(Filter.contains("name", "!"))).isEmpty();
    assertThat(names(Filter.oneOf("name", List.of("staging", "prod-west", "nope"))))
        .containsExactly("prod-west", "staging");
    assertThat(names(Filter.containsOneOf("name", List.of("west", "stag"))))
        .containsExactly("prod-west", "staging");
    assertThat(names(Filter.eq("state", "ready"))).containsExactly("100%_off");
    assertThat(names(Filter.neq("state", "ready")))
        .containsExactly("Prod-East", "prod-west", "staging");
    assertThat(names(Filter.oneOf("state", List.of("ready", "error")))).containsExactly("100%_off");
    assertThat(names(Filter.contains("name", "prod"), Filter.neq("name", "prod-west")))
        .containsExactly("Prod-East");
    assertThat(store.networks().list(org, List.of(Filter.contains("name", "prod")),
            PageRequest.first(1)).total())
        .isEqualTo(2);
  }

  private List<String> names(Filter... filters) {
    return store.networks().list(org, List.of(filters), PageRequest.first(100)).items().stream()
        .map(NetworkRow::name)
        .toList();
  }

  @Test
  void unknownFilterFieldIsRefusedNamingTheKnownOnes() {
    assertThatThrownBy(
            () -> store.networks().list(org, List.of(Filter.eq("cidr_block", "x")),
                PageRequest.first(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("filter[cidr_block]")
        .hasMessageContaining("name, state");
  }

  // ---- optimistic concurrency -------------------------------------------------------------

  @Test
  void updateBumpsEntityVersionAndUpdatedAt() {
    NetworkRow row = insertNetwork("prod");
    clock.advance(Duration.ofSeconds(5));

    Optional<NetworkRow> updated = store.networks().update(row.withName("production"), 1);

    assertThat(updated).isPresent();
    assertThat(updated.get().name()).isEqualTo("production");
    assertThat(updated.get().entityVersion()).isEqualTo(2);
    assertThat(updated.get().updatedAt()).isEqualTo(clock.instant().truncatedTo(
        MILLIS));
    assertThat(updated.get().createdAt()).isEqualTo(row.createdAt());
    assertThat(store.networks().get(org, row.id())).isEqualTo(updated);
  }

  @Test
  void staleEntityVersionIsAConflictAndWritesNothing() {
    NetworkRow row = insertNetwork("prod");
    store.networks().update(row.withName("first"), 1).orElseThrow();

    Optional<NetworkRow> stale = store.networks().update(row.withName("second"), 1);

    assertThat(stale).isEmpty();
    NetworkRow current = store.networks().get(org, row.id()).orElseThrow();
    assertThat(current.name()).isEqualTo("first");
    assertThat(current.entityVersion()).isEqualTo(2);
  }

  @Test
  void updateToATakenNameIsADuplicate() {
    insertNetwork("a");
    NetworkRow b = insertNetwork("b");

    assertThatThrownBy(() -> store.networks().update(b.withName("a"), 1))
        .isInstanceOf(DuplicateKeyException.class);
  }

  // ---- tokens, organisations, control planes ----------------------------------------------

  @Test
  void tokensAreFoundByHashTouchedListedAndRevoked() {
    TokenRow created =
        store.tokens().insert(TokenRow.create(id(), org, "ci", sha256Hex(1), "admin"));
    clock.advance(Duration.ofMinutes(1));
    store.tokens().insert(TokenRow.create(id(), org, "cli", sha256Hex(2), "viewer"));

    assertThat(store.tokens().findByHash(sha256Hex(1))).contains(created);
    assertThat(store.tokens().findByHash(sha256Hex(3))).isEmpty();
    Instant used = START.plus(Duration.ofHours(1));
    assertThat(store.tokens().touch(created.id(), used)).isTrue();
    assertThat(store.tokens().touch(created.id(), START)).isTrue();
    assertThat(store.tokens().get(org, created.id()).orElseThrow().lastUsedAt())
        .contains(used.truncatedTo(MILLIS));
    assertThat(store.tokens().touch(id(), used)).isFalse();
    assertThat(store.tokens().list(org, PageRequest.first(10)).items())
        .extracting(TokenRow::name)
        .containsExactly("ci", "cli");
    assertThat(store.tokens().revoke(org, created.id())).isTrue();
    assertThat(store.tokens().findByHash(sha256Hex(1)).orElseThrow().revoked()).isTrue();
    assertThat(store.tokens().revoke(org, id())).isFalse();
  }

  @Test
  void aTokenHashIsUnique() {
    store.tokens().insert(TokenRow.create(id(), org, "a", sha256Hex(7), "admin"));

    assertThatThrownBy(
            () -> store.tokens().insert(TokenRow.create(id(), org, "b", sha256Hex(7), "admin")))
        .isInstanceOfSatisfying(
            DuplicateKeyException.class,
            e -> assertThat(e.constraint()).contains("api_tokens_token_hash_key"));
  }

  // ---- audit log --------------------------------------------------------------------------

  AuditRow audit(UUID organization, String actor, String kind, String entity, int status) {
    return new AuditRow(id(), organization, Instant.EPOCH, "req-" + ids, id(), actor, "PATCH",
        "/v2/" + kind + "/" + entity, "/v2/" + kind + "/{id}", Optional.of(kind),
        Optional.of(entity), status, Optional.of("{\"name\":\"old\"}"),
        Optional.of("{\"name\":\"new\"}"));
  }

  @Test
  void auditRowsReadBackNewestFirstStampedByTheStoreClock() {
    AuditRow first = store.auditLog().append(audit(org, "ci", "networks", "n1", 200));
    AuditRow second = store.auditLog().append(audit(org, "ci", "networks", "n2", 404));
    clock.advance(Duration.ofSeconds(1));
    AuditRow third = store.auditLog().append(
        new AuditRow(id(), org, Instant.EPOCH, "req-x", id(), "ops", "POST", "/v2/tokens",
            "/v2/tokens", Optional.empty(), Optional.empty(), 403, Optional.empty(),
            Optional.empty()));

    assertThat(first.createdAt()).isEqualTo(START.truncatedTo(MILLIS));
    Page<AuditRow> page = store.auditLog().list(org, AuditQuery.all(), PageRequest.first(10));
    assertThat(page.total()).isEqualTo(3);
    // Same millisecond: the later append still comes first.
    assertThat(page.items()).containsExactly(third, second, first);
    assertThat(store.auditLog().get(org, third.id())).contains(third);
    assertThat(store.auditLog().list(org, AuditQuery.all(), PageRequest.of(2, 2)).items())
        .containsExactly(first);
  }

  @Test
  void auditRowsAreFilteredByEntityActorAndTimeWithinTheirOrganisationOnly() {
    UUID other = store.organizations().insert(OrganizationRow.create(id(), "other")).id();
    AuditRow early = store.auditLog().append(audit(org, "ci", "networks", "n1", 200));
    clock.advance(Duration.ofMinutes(5));
    AuditRow late = store.auditLog().append(audit(org, "ops", "tokens", "t1", 201));
    store.auditLog().append(audit(other, "ci", "networks", "n1", 200));

    assertThat(list(new AuditQuery(Optional.of("networks"), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty()))).containsExactly(early);
    assertThat(list(new AuditQuery(Optional.empty(), Optional.of("t1"), Optional.empty(),
        Optional.empty(), Optional.empty()))).containsExactly(late);
    assertThat(list(new AuditQuery(Optional.empty(), Optional.empty(), Optional.of("ops"),
        Optional.empty(), Optional.empty()))).containsExactly(late);
    assertThat(list(new AuditQuery(Optional.empty(), Optional.empty(),
        Optional.of(early.actorTokenId().toString()), Optional.empty(), Optional.empty())))
        .containsExactly(early);
    Instant between = START.plus(Duration.ofMinutes(1));
    assertThat(list(new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.of(between), Optional.empty()))).containsExactly(late);
    assertThat(list(new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.of(between)))).containsExactly(early);
    assertThat(store.auditLog().get(other, early.id())).isEmpty();
  }

  private List<AuditRow> list(AuditQuery query) {
    return store.auditLog().list(org, query, PageRequest.first(10)).items();
  }

  @Test
  void auditRowsOlderThanTheRetentionArePrunedAcrossOrganisations() {
    AuditRow old = store.auditLog().append(audit(org, "ci", "networks", "n1", 200));
    clock.advance(Duration.ofDays(2));
    AuditRow recent = store.auditLog().append(audit(org, "ci", "networks", "n2", 200));

    assertThat(store.auditLog().deleteOlderThan(START.plus(Duration.ofDays(1)))).isEqualTo(1);
    assertThat(list(AuditQuery.all())).containsExactly(recent);
    assertThat(store.auditLog().get(org, old.id())).isEmpty();
  }

  @Test
  void anAuditRowForAMissingOrganisationIsAReferenceError() {
    assertThatThrownBy(() -> store.auditLog().append(audit(id(), "ci", "networks", "n", 200)))
        .isInstanceOf(ReferenceException.class);
  }

  @Test
  void organizationsAreFoundByIdAndNameAndCounted() {
    OrganizationRow second = store.organizations().insert(OrganizationRow.create(id(), "beta"));

    assertThat(store.organizations().get(second.id())).contains(second);
    assertThat(store.organizations().findByName("beta")).contains(second);
    assertThat(store.organizations().count()).isEqualTo(2);
    assertThat(store.organizations().list(PageRequest.first(10)).items())
        .extracting(OrganizationRow::name)
        .containsExactlyInAnyOrder("acme", "beta");
  }

  @Test
  void controlPlanesAreCreatedUpdatedFilteredAndDeleted() {
    ControlPlaneRow cp =
        store.controlPlanes().insert(
            ControlPlaneRow.create(id(), org, "default", Optional.of("the default"),
                "CLUSTER_TYPE_CONTROL_PLANE", "{\"env\":\"dev\"}", true));
    clock.advance(Duration.ofSeconds(1));
    ControlPlaneRow changed =
        new ControlPlaneRow(cp.id(), org, "renamed", Optional.empty(), cp.clusterType(), "{}",
            false, cp.createdAt(), cp.updatedAt());

    ControlPlaneRow updated = store.controlPlanes().update(changed).orElseThrow();

    assertThat(updated.name()).isEqualTo("renamed");
    assertThat(updated.description()).isEmpty();
    assertThat(updated.cloudGateway()).isFalse();
    assertThat(updated.updatedAt()).isAfter(cp.updatedAt());
    assertThat(store.controlPlanes().findByName(org, "renamed")).contains(updated);
    assertThat(store.controlPlanes().list(org, List.of(Filter.contains("name", "NAM")),
            PageRequest.first(5)).items())
        .containsExactly(updated);
    assertThatThrownBy(
            () -> store.controlPlanes().insert(
                ControlPlaneRow.create(id(), org, "renamed", Optional.empty(), "x", "{}", true)))
        .isInstanceOf(DuplicateKeyException.class);
    assertThat(store.controlPlanes().delete(org, cp.id())).isTrue();
    assertThat(store.controlPlanes().update(changed)).isEmpty();
  }

  // ---- cloud gateway configurations --------------------------------------------------------

  @Test
  void configurationIsUpsertedPerControlPlaneAndGeoWithItsNetworks() {
    ControlPlaneRow cp =
        store.controlPlanes().insert(
            ControlPlaneRow.create(id(), org, "cp", Optional.empty(), "x", "{}", true));
    NetworkRow a = insertNetwork("a");
    NetworkRow b = insertNetwork("b");

    ConfigurationRow first =
        store.configurations().upsert(
            ConfigurationRow.create(id(), org, cp.id(), "us", "{\"v\":1}", List.of(a.id())));
    clock.advance(Duration.ofSeconds(1));
    ConfigurationRow second =
        store.configurations().upsert(
            ConfigurationRow.create(id(), org, cp.id(), "us", "{\"v\":2}",
                List.of(b.id(), a.id())));

    assertThat(second.id()).isEqualTo(first.id());
    assertThat(second.entityVersion()).isEqualTo(2);
    assertThat(second.createdAt()).isEqualTo(first.createdAt());
    assertThat(second.updatedAt()).isAfter(first.updatedAt());
    assertThat(second.networkIds()).containsExactlyInAnyOrder(a.id(), b.id());
    assertThat(store.configurations().get(org, first.id())).contains(second);
    assertThat(store.configurations().get(id(), first.id())).isEmpty();
    assertThat(store.configurations().listByControlPlane(cp.id())).containsExactly(second);
    assertThat(store.configurations().list(org,
            List.of(Filter.eq("control_plane_id", cp.id().toString())), PageRequest.first(10))
        .items()).containsExactly(second);
    assertThat(store.configurations().list(org,
            List.of(Filter.eq("control_plane_id", id().toString())), PageRequest.first(10))
        .total()).isZero();
    assertThat(store.configurations().countByNetwork(b.id())).isEqualTo(1);
    assertThat(store.configurations().listByNetwork(b.id(), PageRequest.first(10)).items())
        .containsExactly(second);

    store.configurations().upsert(
        ConfigurationRow.create(id(), org, cp.id(), "us", "{}", List.of(b.id())));
    assertThat(store.configurations().countByNetwork(a.id())).isZero();
    assertThat(store.networks().delete(org, a.id())).isTrue();
    assertThatThrownBy(() -> store.networks().delete(org, b.id()))
        .isInstanceOfSatisfying(
            ReferenceException.class,
            e -> assertThat(e.constraint()).contains("configuration_networks_network_fkey"));
  }

  @Test
  void configurationNamingAMissingNetworkIsAReferenceErrorAndWritesNothing() {
    ControlPlaneRow cp =
        store.controlPlanes().insert(
            ControlPlaneRow.create(id(), org, "cp", Optional.empty(), "x", "{}", true));

    assertThatThrownBy(() -> store.configurations().upsert(
            ConfigurationRow.create(id(), org, cp.id(), "us", "{}", List.of(id()))))
        .isInstanceOf(ReferenceException.class);
    assertThat(store.configurations().listByControlPlane(cp.id())).isEmpty();
  }

  // ---- transit gateways -------------------------------------------------------------------

  @Test
  void transitGatewaysAreListedCountedAndNamedByNetwork() {
    NetworkRow net = insertNetwork("prod");
    NetworkRow other = insertNetwork("other");
    TransitGatewayRow a = store.transitGateways().insert(transitGateway(net.id(), "tg-b"));
    clock.advance(Duration.ofMillis(1));
    store.transitGateways().insert(transitGateway(net.id(), "tg-a"));
    store.transitGateways().insert(transitGateway(other.id(), "tg-b"));

    assertThat(store.transitGateways().countByNetwork(net.id())).isEqualTo(2);
    assertThat(store.transitGateways().namesByNetwork(net.id(), 10))
        .containsExactly("tg-a", "tg-b");
    assertThat(store.transitGateways().namesByNetwork(net.id(), 1)).containsExactly("tg-a");
    assertThat(store.transitGateways().listByNetwork(net.id()))
        .extracting(TransitGatewayRow::name)
        .containsExactly("tg-b", "tg-a");
    assertThat(store.transitGateways().get(org, net.id(), a.id())).contains(a);
    assertThat(store.transitGateways().get(org, other.id(), a.id())).isEmpty();
    assertThat(store.transitGateways().list(org, net.id(), List.of(Filter.eq("name", "tg-a")),
            PageRequest.first(10)).items())
        .extracting(TransitGatewayRow::name)
        .containsExactly("tg-a");
    assertThatThrownBy(() -> store.transitGateways().insert(transitGateway(net.id(), "tg-a")))
        .isInstanceOfSatisfying(
            DuplicateKeyException.class,
            e -> assertThat(e.constraint()).contains("transit_gateways_network_name_key"));
  }

  @Test
  void aNetworkWithTransitGatewaysCannotBeDeleted() {
    NetworkRow net = insertNetwork("prod");
    TransitGatewayRow tg = store.transitGateways().insert(transitGateway(net.id(), "tg"));

    assertThatThrownBy(() -> store.networks().delete(org, net.id()))
        .isInstanceOfSatisfying(
            ReferenceException.class,
            e -> assertThat(e.constraint()).contains("transit_gateways_network_fkey"));
    assertThat(store.transitGateways().delete(org, net.id(), tg.id())).isTrue();
    assertThat(store.networks().delete(org, net.id())).isTrue();
  }

  @Test
  void transitGatewayUpdateIsOptimistic() {
    NetworkRow net = insertNetwork("prod");
    TransitGatewayRow tg = store.transitGateways().insert(transitGateway(net.id(), "tg"));

    TransitGatewayRow updated =
        store.transitGateways().update(tg.withDnsConfigJson("[{\"x\":1}]"), 1).orElseThrow();

    assertThat(updated.dnsConfigJson()).isEqualTo("[{\"x\":1}]");
    assertThat(updated.entityVersion()).isEqualTo(2);
    assertThat(store.transitGateways().update(tg.withName("other"), 1)).isEmpty();
  }

  // ---- transactions -----------------------------------------------------------------------

  @Test
  void transactionCommitsEverythingItDid() {
    NetworkRow net = insertNetwork("prod");

    long count =
        store.inTransaction(
            tx -> {
              tx.networks().getForUpdate(org, net.id()).orElseThrow();
              tx.transitGateways().insert(transitGateway(net.id(), "tg-1"));
              tx.transitGateways().insert(transitGateway(net.id(), "tg-2"));
              return tx.transitGateways().countByNetwork(net.id());
            });

    assertThat(count).isEqualTo(2);
    assertThat(store.transitGateways().countByNetwork(net.id())).isEqualTo(2);
  }

  @Test
  void transactionRollsBackWhenTheWorkThrows() {
    NetworkRow net = insertNetwork("prod");

    assertThatThrownBy(
            () ->
                store.inTransaction(
                    tx -> {
                      tx.transitGateways().insert(transitGateway(net.id(), "tg-1"));
                      tx.networks().update(net.withName("renamed"), 1).orElseThrow();
                      throw new IllegalStateException("domain already claimed");
                    }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("domain already claimed");
    assertThat(store.transitGateways().countByNetwork(net.id())).isZero();
    assertThat(store.networks().get(org, net.id()).orElseThrow().name()).isEqualTo("prod");
  }

  @Test
  void transactionRollsBackOnADuplicateAndReportsIt() {
    NetworkRow net = insertNetwork("prod");

    assertThatThrownBy(
            () ->
                store.inTransaction(
                    tx -> {
                      tx.transitGateways().insert(transitGateway(net.id(), "tg"));
                      return tx.transitGateways().insert(transitGateway(net.id(), "tg"));
                    }))
        .isInstanceOf(DuplicateKeyException.class);
    assertThat(store.transitGateways().countByNetwork(net.id())).isZero();
  }

  @Test
  void aTxCannotBeUsedAfterItsTransaction() {
    Tx leaked = store.inTransaction(tx -> tx);

    assertThatThrownBy(() -> leaked.organizations().count())
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  @Timeout(60)
  void getForUpdateSerialisesTransactionsOnOneNetwork() throws Exception {
    NetworkRow net = insertNetwork("prod");
    CountDownLatch locked = new CountDownLatch(1);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<Long> second =
          store.inTransaction(
              tx -> {
                tx.networks().getForUpdate(org, net.id()).orElseThrow();
                Future<Long> waiting =
                    pool.submit(
                        () ->
                            store.inTransaction(
                                tx2 -> {
                                  locked.countDown();
                                  tx2.networks().getForUpdate(org, net.id()).orElseThrow();
                                  return tx2.transitGateways().countByNetwork(net.id());
                                }));
                await(locked);
                tx.transitGateways().insert(transitGateway(net.id(), "first"));
                return waiting;
              });

      // The second transaction locked the network only after the first committed, so it
      // counts the first one's transit gateway.
      assertThat(second.get(30, TimeUnit.SECONDS)).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Test
  void timestampsDoNotDependOnTheJvmTimeZone() {
    TimeZone original = TimeZone.getDefault();
    NetworkRow stored;
    try {
      TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Kiritimati"));
      stored = store.networks().insert(network("east"));
      TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Pago_Pago"));
      assertThat(store.networks().findById(stored.id())).contains(stored);
    } finally {
      TimeZone.setDefault(original);
    }
    assertThat(stored.createdAt()).isEqualTo(START.truncatedTo(MILLIS));
  }

  // ---- restart ----------------------------------------------------------------------------

  @Test
  void dataSurvivesClosingAndReopening() {
    NetworkRow net = insertNetwork("prod");
    store.close();

    try (Store reopened = Store.open(settings(), clock)) {
      assertThat(reopened.networks().get(org, net.id())).contains(net);
    }
  }

  // ---- leases -----------------------------------------------------------------------------

  @Test
  void claimTakesDueRowsInTheGivenStatesOnly() {
    NetworkRow due = insertNetwork("due");
    NetworkRow ready = insertNetwork("ready");
    store.networks().update(ready.withState("ready", Optional.empty(), Optional.empty()), 1);
    NetworkRow later = insertNetwork("later");
    List<Lease<NetworkRow>> first = store.networks().claimDue("a", WORK, LEASE, 10);
    assertThat(first).extracting(l -> l.row().name()).contains("due", "later");
    store.networks().release(later.id(), "a", clock.instant().plus(Duration.ofHours(1)), 1);
    store.networks().release(due.id(), "a", clock.instant(), 0);

    List<Lease<NetworkRow>> claimed = store.networks().claimDue("b", WORK, LEASE, 10);

    assertThat(claimed).extracting(l -> l.row().id()).containsExactly(due.id());
    Lease<NetworkRow> lease = claimed.get(0);
    assertThat(lease.owner()).isEqualTo("b");
    assertThat(lease.until()).isEqualTo(clock.instant().plus(LEASE).truncatedTo(
        MILLIS));
    assertThat(lease.row().reconcile().leaseOwner()).contains("b");
    assertThat(lease.row().reconcile().leaseUntil()).contains(lease.until());
  }

  @Test
  void aLeasedRowIsNotClaimedAgainUntilItsLeaseExpires() {
    NetworkRow row = insertNetwork("prod");
    assertThat(store.networks().claimDue("a", WORK, LEASE, 10)).hasSize(1);

    assertThat(store.networks().claimDue("b", WORK, LEASE, 10)).isEmpty();
    assertThat(store.networks().claimDue("a", WORK, LEASE, 10)).isEmpty();
    clock.advance(LEASE);
    assertThat(store.networks().claimDue("b", WORK, LEASE, 10)).isEmpty();
    clock.advance(Duration.ofMillis(1));

    List<Lease<NetworkRow>> takenOver = store.networks().claimDue("b", WORK, LEASE, 10);
    assertThat(takenOver).extracting(l -> l.row().id()).containsExactly(row.id());
    assertThat(store.networks().updateState(row.id(), "a", "ready", Optional.empty(),
            Optional.empty(), clock.instant(), 0))
        .isFalse();
    assertThat(store.networks().release(row.id(), "a", clock.instant(), 0)).isFalse();
    assertThat(store.networks().renew(row.id(), "a", LEASE)).isFalse();
  }

  @Test
  void writesWithoutALiveLeaseFailAndChangeNothing() {
    NetworkRow row = insertNetwork("prod");

    assertThat(store.networks().updateState(row.id(), "a", "ready", Optional.empty(),
            Optional.empty(), clock.instant(), 0))
        .isFalse();
    assertThat(store.networks().recordProvider(row.id(), "a", Optional.of("op-1"),
            Optional.empty()))
        .isFalse();
    assertThat(store.networks().deleteLeased(row.id(), "a")).isFalse();
    store.networks().claimDue("a", WORK, LEASE, 10);
    clock.advance(LEASE.plusMillis(1));
    assertThat(store.networks().updateState(row.id(), "a", "ready", Optional.empty(),
            Optional.empty(), clock.instant(), 0))
        .isFalse();
    assertThat(store.networks().findById(row.id()).orElseThrow().state()).isEqualTo("created");
  }

  @Test
  void theHolderWritesStateBumpingTheVersionOnlyOnChange() {
    NetworkRow row = insertNetwork("prod");
    store.networks().claimDue("a", WORK, LEASE, 10);
    Instant next = clock.instant().plusSeconds(10);

    assertThat(store.networks().updateState(row.id(), "a", "initializing",
            Optional.of("provisioning"), Optional.empty(), next, 1))
        .isTrue();
    NetworkRow once = store.networks().findById(row.id()).orElseThrow();
    clock.advance(Duration.ofSeconds(1));
    assertThat(store.networks().updateState(row.id(), "a", "initializing",
            Optional.of("provisioning"), Optional.empty(), next, 2))
        .isTrue();
    NetworkRow twice = store.networks().findById(row.id()).orElseThrow();

    assertThat(once.state()).isEqualTo("initializing");
    assertThat(once.reportedStatus()).contains("provisioning");
    assertThat(once.entityVersion()).isEqualTo(2);
    assertThat(twice.entityVersion()).isEqualTo(2);
    assertThat(twice.updatedAt()).isEqualTo(once.updatedAt());
    assertThat(twice.reconcile().attempts()).isEqualTo(2);
    assertThat(twice.reconcile().nextAttemptAt()).isEqualTo(next.truncatedTo(
        MILLIS));
    assertThat(twice.reconcile().leaseOwner()).contains("a");
  }

  @Test
  void aUserWriteDuringTheStepWinsOverTheReconcilersVersionedWrite() {
    NetworkRow row = insertNetwork("prod");
    NetworkRow claimed = store.networks().claimDue("a", WORK, LEASE, 10).get(0).row();
    store.networks()
        .update(claimed.withState("terminating", Optional.empty(), Optional.empty()), 1)
        .orElseThrow();

    boolean written =
        store.networks().updateState(row.id(), "a", claimed.entityVersion(), "ready",
            Optional.empty(), Optional.empty(), clock.instant().plusSeconds(600), 0);

    assertThat(written).isFalse();
    assertThat(store.networks().findById(row.id()).orElseThrow().state())
        .isEqualTo("terminating");
    assertThat(store.networks().release(row.id(), "a", clock.instant().plusSeconds(600), 0))
        .isTrue();
    assertThat(store.networks().claimDue("b", WORK, LEASE, 10))
        .extracting(l -> l.row().state())
        .containsExactly("terminating");
  }

  @Test
  void theDnsEpochMovesWithEveryTransitGatewayChangeThatCanChangeAForwardingTable() {
    NetworkRow net = insertNetwork("dns");
    long start = store.transitGateways().dnsEpoch();
    TransitGatewayRow tg = store.transitGateways().insert(transitGateway(net.id(), "tg"));
    long inserted = store.transitGateways().dnsEpoch();
    TransitGatewayRow claimed =
        store.transitGateways().claimDue("a", WORK, LEASE, 10).get(0).row();

    store.transitGateways().updateState(tg.id(), "a", claimed.state(), Optional.empty(),
        Optional.empty(), clock.instant(), 0);
    long sameState = store.transitGateways().dnsEpoch();
    store.transitGateways().updateState(tg.id(), "a", "ready", Optional.empty(),
        Optional.empty(), clock.instant(), 0);
    long ready = store.transitGateways().dnsEpoch();
    TransitGatewayRow now = store.transitGateways().findById(tg.id()).orElseThrow();
    store.transitGateways().update(now.withDnsConfigJson("[]"), now.entityVersion())
        .orElseThrow();
    long patched = store.transitGateways().dnsEpoch();
    store.transitGateways().deleteLeased(tg.id(), "a");

    assertThat(inserted).isGreaterThan(start);
    assertThat(sameState).as("the reconciler rewriting the same state").isEqualTo(inserted);
    assertThat(ready).isGreaterThan(sameState);
    assertThat(patched).isGreaterThan(ready);
    assertThat(store.transitGateways().dnsEpoch()).isGreaterThan(patched);
  }

  @Test
  void theClusterCaIsStoredOnceAndWhoeverStoresSecondGetsTheFirst() {
    assertThat(store.clusterCa().find()).isEmpty();
    ClusterCaRow first = store.clusterCa().storeUnlessPresent("cert-a", "key-a");
    ClusterCaRow second = open().clusterCa().storeUnlessPresent("cert-b", "key-b");
    assertThat(first.certificatePem()).isEqualTo("cert-a");
    assertThat(second).isEqualTo(first);
    assertThat(store.clusterCa().find()).contains(first);
    assertThat(first.toString()).doesNotContain("key-a").contains("[redacted]");
  }

  @Test
  void aNetworkBoundJoinTokenBindsTheNodeThatRedeemsIt() {
    UUID cp = insertControlPlane("bound").id();
    UUID network = insertNetwork("edge").id();
    store.joinTokens().insert(JoinTokenRow.create(id(), cp, sha256Hex(21),
        START.plusSeconds(60), Optional.of(network)));
    store.joinTokens().insert(JoinTokenRow.create(id(), cp, sha256Hex(22), START.plusSeconds(60)));
    UUID node = id();

    JoinTokenRow bound = store.joinTokens().redeem(sha256Hex(21), node).orElseThrow();
    JoinTokenRow unbound = store.joinTokens().redeem(sha256Hex(22), id()).orElseThrow();
    store.nodes().insert(NodeRow.create(node, cp, "dp", "0.1.0", sha256Hex(23),
        bound.networkId()));

    assertThat(bound.networkId()).contains(network);
    assertThat(unbound.networkId()).isEmpty();
    assertThat(store.nodes().get(node).orElseThrow().networkId()).contains(network);
    assertThat(store.nodes().recordPing(node, "dp", "0.1.1", Optional.empty()).orElseThrow()
        .networkId()).contains(network);
  }

  @Test
  void aVersionedWriteSucceedsWhileTheRowIsUnchanged() {
    NetworkRow net = insertNetwork("prod");
    TransitGatewayRow tg = store.transitGateways().insert(transitGateway(net.id(), "tg"));
    TransitGatewayRow claimed =
        store.transitGateways().claimDue("a", WORK, LEASE, 10).get(0).row();

    assertThat(store.transitGateways().updateState(tg.id(), "a", claimed.entityVersion(),
            "pending-user-action", Optional.of("consent"), Optional.of("grant admin consent"),
            clock.instant(), 1))
        .isTrue();
    TransitGatewayRow now = store.transitGateways().findById(tg.id()).orElseThrow();
    assertThat(now.state()).isEqualTo("pending-user-action");
    assertThat(now.reason()).contains("grant admin consent");
    assertThat(now.entityVersion()).isEqualTo(2);
  }

  @Test
  void releaseSchedulesTheNextAttemptAndFreesTheRow() {
    NetworkRow row = insertNetwork("prod");
    store.networks().claimDue("a", WORK, LEASE, 10);
    assertThat(store.networks().recordProvider(row.id(), "a", Optional.of("op-42"),
            Optional.of("{\"state\":\"Updating\"}")))
        .isTrue();
    Instant next = clock.instant().plusSeconds(60);

    assertThat(store.networks().release(row.id(), "a", next, 3)).isTrue();

    ReconcileStatus status = store.networks().findById(row.id()).orElseThrow().reconcile();
    assertThat(status.leaseOwner()).isEmpty();
    assertThat(status.leaseUntil()).isEmpty();
    assertThat(status.attempts()).isEqualTo(3);
    assertThat(status.providerRef()).contains("op-42");
    assertThat(status.observedJson()).contains("{\"state\":\"Updating\"}");
    assertThat(store.networks().claimDue("b", WORK, LEASE, 10)).isEmpty();
    clock.advance(Duration.ofSeconds(60));
    assertThat(store.networks().claimDue("b", WORK, LEASE, 10)).hasSize(1);
  }

  @Test
  void aUserChangeDuringALeaseMakesTheRowDueAtRelease() {
    NetworkRow row = insertNetwork("prod");
    store.networks().claimDue("a", WORK, LEASE, 10);
    store.networks().update(row.withName("renamed"), 1).orElseThrow();

    store.networks().release(row.id(), "a", clock.instant().plusSeconds(3600), 1);

    List<Lease<NetworkRow>> again = store.networks().claimDue("b", WORK, LEASE, 10);
    assertThat(again).extracting(l -> l.row().name()).containsExactly("renamed");
  }

  @Test
  void aHolderWhoseLeaseExpiredReleasesTheRowDueAtOnce() {
    NetworkRow row = insertNetwork("prod");
    store.networks().claimDue("a", WORK, LEASE, 10);
    clock.advance(LEASE.plusMillis(1));
    // The slow holder's state write is refused; its release must not park the row on the
    // next time of an outcome that was never recorded.
    assertThat(store.networks().updateState(row.id(), "a", "ready", Optional.empty(),
            Optional.empty(), clock.instant().plus(Duration.ofDays(1)), 0))
        .isFalse();

    assertThat(store.networks().release(row.id(), "a", clock.instant().plus(Duration.ofDays(1)),
            0))
        .isTrue();

    assertThat(store.networks().claimDue("b", WORK, LEASE, 10))
        .extracting(l -> l.row().id()).containsExactly(row.id());
  }

  @Test
  void renewExtendsALiveLease() {
    NetworkRow row = insertNetwork("prod");
    store.networks().claimDue("a", WORK, LEASE, 10);
    clock.advance(LEASE.minusSeconds(1));

    assertThat(store.networks().renew(row.id(), "a", LEASE)).isTrue();
    clock.advance(Duration.ofSeconds(10));

    assertThat(store.networks().claimDue("b", WORK, LEASE, 10)).isEmpty();
    assertThat(store.networks().updateState(row.id(), "a", "ready", Optional.empty(),
            Optional.empty(), clock.instant(), 0))
        .isTrue();
  }

  @Test
  void theHolderMayDeleteATerminatedTransitGateway() {
    NetworkRow net = insertNetwork("prod");
    TransitGatewayRow tg = store.transitGateways().insert(transitGateway(net.id(), "tg"));
    List<Lease<TransitGatewayRow>> leases =
        store.transitGateways().claimDue("a", List.of("created"), LEASE, 10);
    assertThat(leases).extracting(l -> l.row().id()).containsExactly(tg.id());

    assertThat(store.transitGateways().deleteLeased(tg.id(), "b")).isFalse();
    assertThat(store.transitGateways().updateState(tg.id(), "a", "terminated", Optional.empty(),
            Optional.empty(), clock.instant(), 0))
        .isTrue();
    assertThat(store.transitGateways().deleteLeased(tg.id(), "a")).isTrue();
    assertThat(store.transitGateways().findById(tg.id())).isEmpty();
  }

  @Test
  void claimRespectsTheLimitOldestDueFirst() {
    NetworkRow first = insertNetwork("n1");
    NetworkRow second = insertNetwork("n2");
    insertNetwork("n3");

    assertThat(store.networks().claimDue("a", WORK, LEASE, 2))
        .extracting(l -> l.row().id())
        .containsExactly(first.id(), second.id());
    assertThat(store.networks().claimDue("b", WORK, LEASE, 2))
        .extracting(l -> l.row().name())
        .containsExactly("n3");
  }

  @Test
  @Timeout(120)
  void twoReplicasClaimingConcurrentlyNeverShareARow() throws Exception {
    int rows = 12;
    int rounds = 25;
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      ids.add(store.networks().insert(network("n" + i)).id());
    }
    Store replica = open();
    CyclicBarrier barrier = new CyclicBarrier(2);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<List<List<UUID>>> a = pool.submit(() -> race(store, "replica-a", rounds, barrier));
      Future<List<List<UUID>>> b = pool.submit(() -> race(replica, "replica-b", rounds, barrier));
      List<List<UUID>> byA = a.get();
      List<List<UUID>> byB = b.get();

      for (int round = 0; round < rounds; round++) {
        List<UUID> shared = new ArrayList<>(byA.get(round));
        shared.retainAll(byB.get(round));
        assertThat(shared).as("rows both replicas claimed in round %d", round).isEmpty();
        List<UUID> all = new ArrayList<>(byA.get(round));
        all.addAll(byB.get(round));
        assertThat(all).as("round %d", round).containsExactlyInAnyOrderElementsOf(ids);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Each round: both replicas claim every due row at the same moment, then each releases what
   * it got (due again at once) and they wait for each other before the next round.
   */
  private static List<List<UUID>> race(Store s, String owner, int rounds, CyclicBarrier barrier)
      throws Exception {
    List<List<UUID>> perRound = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      barrier.await(30, TimeUnit.SECONDS);
      List<UUID> mine = new ArrayList<>();
      for (Lease<NetworkRow> lease : s.networks().claimDue(owner, WORK, LEASE, 100)) {
        mine.add(lease.row().id());
      }
      perRound.add(mine);
      barrier.await(30, TimeUnit.SECONDS);
      for (UUID id : mine) {
        if (!s.networks().release(id, owner, START, 0)) {
          throw new AssertionError(owner + " lost its lease on " + id + " in round " + round);
        }
      }
      barrier.await(30, TimeUnit.SECONDS);
    }
    return perRound;
  }

  // ---- hybrid mode: core entities, config versions, join tokens, nodes ---------------------

  ControlPlaneRow insertControlPlane(String name) {
    return store.controlPlanes().insert(
        ControlPlaneRow.create(id(), org, name, Optional.empty(), "CLUSTER_TYPE_CONTROL_PLANE",
            "{}", true));
  }

  @Test
  void coreEntitiesAreStoredListedInOrderUpdatedAndDeleted() {
    UUID cp = insertControlPlane("default").id();
    CoreEntityRow service =
        store.coreEntities().insert(CoreEntityRow.create(id(), cp, CoreEntityKind.SERVICES,
            Optional.of("orders"), Optional.empty(), "{\"host\":\"a\"}"));
    clock.advance(Duration.ofMillis(5));
    CoreEntityRow route =
        store.coreEntities().insert(CoreEntityRow.create(id(), cp, CoreEntityKind.ROUTES,
            Optional.empty(), Optional.of(service.id()), "{\"paths\":[\"/\"]}"));
    clock.advance(Duration.ofMillis(5));
    CoreEntityRow other =
        store.coreEntities().insert(CoreEntityRow.create(id(), cp, CoreEntityKind.SERVICES,
            Optional.of("billing"), Optional.empty(), "{}"));

    assertThat(service.createdAt()).isEqualTo(START.truncatedTo(MILLIS));
    assertThat(store.coreEntities().list(cp, CoreEntityKind.SERVICES, Optional.empty()))
        .containsExactly(service, other);
    assertThat(store.coreEntities().list(cp, CoreEntityKind.ROUTES, Optional.of(service.id())))
        .containsExactly(route);
    assertThat(store.coreEntities().list(cp, CoreEntityKind.ROUTES, Optional.of(other.id())))
        .isEmpty();
    assertThat(store.coreEntities().findByKey(cp, CoreEntityKind.SERVICES, "billing"))
        .contains(other);
    assertThat(store.coreEntities().get(cp, CoreEntityKind.ROUTES, service.id())).isEmpty();

    clock.advance(Duration.ofSeconds(1));
    CoreEntityRow moved =
        store.coreEntities().update(CoreEntityRow.create(route.id(), cp, CoreEntityKind.ROUTES,
            Optional.of("r1"), Optional.of(other.id()), "{}")).orElseThrow();
    assertThat(moved.createdAt()).isEqualTo(route.createdAt());
    assertThat(moved.updatedAt()).isAfter(route.updatedAt());
    assertThat(moved.parentId()).contains(other.id());
    assertThat(store.coreEntities().delete(cp, CoreEntityKind.ROUTES, route.id())).isTrue();
    assertThat(store.coreEntities().delete(cp, CoreEntityKind.ROUTES, route.id())).isFalse();
  }

  @Test
  void coreEntityNamesAreUniquePerControlPlaneAndKindButNullNamesNeverCollide() {
    UUID cp = insertControlPlane("one").id();
    UUID cp2 = insertControlPlane("two").id();
    store.coreEntities().insert(CoreEntityRow.create(id(), cp, CoreEntityKind.SERVICES,
        Optional.of("orders"), Optional.empty(), "{}"));
    store.coreEntities().insert(CoreEntityRow.create(id(), cp2, CoreEntityKind.SERVICES,
        Optional.of("orders"), Optional.empty(), "{}"));
    store.coreEntities().insert(CoreEntityRow.create(id(), cp, CoreEntityKind.UPSTREAMS,
        Optional.of("orders"), Optional.empty(), "{}"));
    for (int i = 0; i < 2; i++) {
      store.coreEntities().insert(CoreEntityRow.create(id(), cp, CoreEntityKind.ROUTES,
          Optional.empty(), Optional.empty(), "{}"));
    }

    assertThatThrownBy(() -> store.coreEntities().insert(CoreEntityRow.create(id(), cp,
            CoreEntityKind.SERVICES, Optional.of("orders"), Optional.empty(), "{}")))
        .isInstanceOfSatisfying(DuplicateKeyException.class, e ->
            assertThat(e.constraint()).contains("core_entities_unique_key"));
  }

  @Test
  void aServiceWithRoutesCannotBeDeletedButItsControlPlaneTakesEverythingAlong() {
    UUID cp = insertControlPlane("default").id();
    CoreEntityRow service = store.coreEntities().insert(CoreEntityRow.create(id(), cp,
        CoreEntityKind.SERVICES, Optional.of("orders"), Optional.empty(), "{}"));
    store.coreEntities().insert(CoreEntityRow.create(id(), cp, CoreEntityKind.ROUTES,
        Optional.empty(), Optional.of(service.id()), "{}"));
    store.coreEntities().bumpConfigVersion(cp);
    store.joinTokens().insert(JoinTokenRow.create(id(), cp, sha256Hex(7), START.plusSeconds(60)));
    store.nodes().insert(NodeRow.create(id(), cp, "dp-1", "0.1.0", sha256Hex(8)));

    assertThatThrownBy(() -> store.coreEntities().delete(cp, CoreEntityKind.SERVICES,
            service.id()))
        .isInstanceOfSatisfying(ReferenceException.class, e ->
            assertThat(e.constraint()).contains("core_entities_parent_fkey"));
    assertThatThrownBy(() -> store.coreEntities().insert(CoreEntityRow.create(id(), cp,
            CoreEntityKind.ROUTES, Optional.empty(), Optional.of(id()), "{}")))
        .isInstanceOf(ReferenceException.class);

    assertThat(store.controlPlanes().delete(org, cp)).isTrue();
    assertThat(store.coreEntities().list(cp, CoreEntityKind.ROUTES, Optional.empty())).isEmpty();
    assertThat(store.coreEntities().configVersion(cp)).isZero();
    assertThat(store.nodes().count(cp)).isZero();
  }

  @Test
  void theConfigVersionCountsWritesAndRollsBackWithTheirTransaction() {
    UUID cp = insertControlPlane("default").id();
    assertThat(store.coreEntities().configVersion(cp)).isZero();
    assertThat(store.coreEntities().bumpConfigVersion(cp)).isEqualTo(1);
    assertThat(store.coreEntities().bumpConfigVersion(cp)).isEqualTo(2);

    assertThatThrownBy(() -> store.inTransaction(tx -> {
          tx.coreEntities().bumpConfigVersion(cp);
          tx.coreEntities().insert(CoreEntityRow.create(id(), cp, CoreEntityKind.SERVICES,
              Optional.of("s"), Optional.empty(), "{}"));
          throw new IllegalStateException("invalid configuration");
        }))
        .isInstanceOf(IllegalStateException.class);

    assertThat(store.coreEntities().configVersion(cp)).isEqualTo(2);
    assertThat(store.coreEntities().list(cp, CoreEntityKind.SERVICES, Optional.empty())).isEmpty();
    assertThatThrownBy(() -> store.coreEntities().bumpConfigVersion(id()))
        .isInstanceOf(ReferenceException.class);
  }

  @Test
  void aJoinTokenIsRedeemedOnceAndNeverAfterItExpires() {
    UUID cp = insertControlPlane("default").id();
    store.joinTokens().insert(JoinTokenRow.create(id(), cp, sha256Hex(1), START.plusSeconds(60)));
    store.joinTokens().insert(JoinTokenRow.create(id(), cp, sha256Hex(2), START.plusSeconds(60)));
    UUID node = id();

    JoinTokenRow used = store.joinTokens().redeem(sha256Hex(1), node).orElseThrow();

    assertThat(used.controlPlaneId()).isEqualTo(cp);
    assertThat(used.nodeId()).contains(node);
    assertThat(used.usedAt()).contains(START.truncatedTo(MILLIS));
    assertThat(store.joinTokens().redeem(sha256Hex(1), id())).isEmpty();
    assertThat(store.joinTokens().redeem(sha256Hex(3), id())).isEmpty();
    clock.advance(Duration.ofSeconds(60));
    assertThat(store.joinTokens().redeem(sha256Hex(2), id())).isEmpty();
    assertThatThrownBy(() -> store.joinTokens().insert(
            JoinTokenRow.create(id(), cp, sha256Hex(2), START.plusSeconds(600))))
        .isInstanceOfSatisfying(DuplicateKeyException.class, e ->
            assertThat(e.constraint()).contains("join_tokens_token_hash_key"));
  }

  @Test
  void nodesRecordPingsAndPageByIdCursor() {
    UUID cp = insertControlPlane("default").id();
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(store.nodes().insert(NodeRow.create(id(), cp, "dp-" + i, "0.1.0",
          sha256Hex(i))).id());
    }
    clock.advance(Duration.ofSeconds(2));

    NodeRow pinged =
        store.nodes().recordPing(ids.get(1), "host-b", "0.2.0", Optional.of(sha256Hex(9)))
            .orElseThrow();

    assertThat(pinged.hostname()).isEqualTo("host-b");
    assertThat(pinged.configHash()).contains(sha256Hex(9));
    assertThat(pinged.lastPing()).contains(START.plusSeconds(2).truncatedTo(MILLIS));
    assertThat(store.nodes().get(ids.get(0)).orElseThrow().lastPing()).isEmpty();
    assertThat(store.nodes().list(cp, Optional.empty(), 2)).extracting(NodeRow::id)
        .containsExactly(ids.get(0), ids.get(1));
    assertThat(store.nodes().list(cp, Optional.of(ids.get(1)), 2)).extracting(NodeRow::id)
        .containsExactly(ids.get(2));
    assertThat(store.nodes().count(cp)).isEqualTo(3);
    // The API asks for one row more than its largest page to learn whether a next page exists.
    assertThat(store.nodes().list(cp, Optional.empty(), PageRequest.MAX_SIZE + 1)).hasSize(3);
    assertThat(store.nodes().delete(cp, ids.get(2))).isTrue();
    assertThat(store.nodes().recordPing(ids.get(2), "h", "v", Optional.empty())).isEmpty();
  }

  @Test
  void manyCoreEntitiesAreInsertedInOneBatchParentsFirst() {
    UUID cp = insertControlPlane("default").id();
    UUID service = id();
    List<CoreEntityRow> rows = new ArrayList<>();
    rows.add(CoreEntityRow.create(service, cp, CoreEntityKind.SERVICES, Optional.of("s"),
        Optional.empty(), "{}"));
    for (int i = 0; i < 50; i++) {
      rows.add(CoreEntityRow.create(id(), cp, CoreEntityKind.ROUTES, Optional.of("r" + i),
          Optional.of(service), "{\"n\":" + i + "}"));
    }

    store.coreEntities().insertAll(rows);

    assertThat(store.coreEntities().list(cp, CoreEntityKind.ROUTES, Optional.of(service)))
        .hasSize(50)
        .allSatisfy(r -> assertThat(r.createdAt()).isEqualTo(START.truncatedTo(MILLIS)));
    assertThatThrownBy(() -> store.coreEntities().insertAll(List.of(CoreEntityRow.create(id(),
            cp, CoreEntityKind.ROUTES, Optional.of("r1"), Optional.of(service), "{}"))))
        .isInstanceOf(DuplicateKeyException.class);
  }

  // ---- Local VNET registry ------------------------------------------------------------------

  static final String SUBSCRIPTION = "b2c3d4e5-f6a7-8901-bcde-f12345678901";

  @Test
  void localVnetsReadBackInCreationOrderAndAreFoundWhateverTheLetterCase() {
    LocalVnetRow api = store.localVnets().insert(LocalVnetRow.create(
        id(), SUBSCRIPTION, "RG-Local", "Api", "10.1.0.0/16", "cw-v-0001"));
    LocalVnetRow far = store.localVnets().insert(LocalVnetRow.create(
        id(), SUBSCRIPTION, "rg-local", "far", "10.2.0.0/16", "cw-v-0002"));

    assertThat(api.createdAt()).isEqualTo(START.truncatedTo(MILLIS));
    assertThat(api.name()).isEqualTo("Api");
    assertThat(store.localVnets().list()).containsExactly(api, far);
    assertThat(store.localVnets().find("B2C3D4E5-F6A7-8901-BCDE-F12345678901", "rg-local", "API"))
        .contains(api);
    assertThat(store.localVnets().find(SUBSCRIPTION, "rg-local", "missing")).isEmpty();
  }

  @Test
  void aSecondLocalVnetWithTheSameKeyInAnotherCaseIsADuplicate() {
    store.localVnets().insert(LocalVnetRow.create(
        id(), SUBSCRIPTION, "rg", "api", "10.1.0.0/16", "cw-v-0001"));

    assertThatThrownBy(() -> store.localVnets().insert(LocalVnetRow.create(
            id(), SUBSCRIPTION, "RG", "API", "10.9.0.0/16", "cw-v-0009")))
        .isInstanceOf(DuplicateKeyException.class);
    assertThat(store.localVnets().list()).hasSize(1);
  }

  @Test
  void localVnetsAreDeletedByKeyOnceAndAllAtOnce() {
    for (String name : List.of("a", "b", "c")) {
      store.localVnets().insert(LocalVnetRow.create(
          id(), SUBSCRIPTION, "rg", name, "10.1.0.0/16", "cw-v-" + name));
    }

    assertThat(store.localVnets().delete(SUBSCRIPTION, "RG", "B")).isTrue();
    assertThat(store.localVnets().delete(SUBSCRIPTION, "rg", "b")).isFalse();
    assertThat(store.localVnets().list()).extracting(LocalVnetRow::name).containsExactly("a", "c");
    int deleted = store.inTransaction(tx -> tx.localVnets().deleteAll());
    assertThat(deleted).isEqualTo(2);
    assertThat(store.localVnets().list()).isEmpty();
  }
}
