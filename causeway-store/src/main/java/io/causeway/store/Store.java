package io.causeway.store;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Clock;
import java.util.function.Function;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control plane's database: a connection pool, the schema (migrated by Flyway on {@link
 * #open}), and the repositories over it. Thread-safe; one instance per process and database.
 * Several processes (control plane replicas) may share one PostgreSQL database: the row leases
 * of {@link NetworkRepository#claimDue} keep their reconcilers apart. An H2 file belongs to one
 * process.
 *
 * <p>Every repository call runs in its own transaction unless made through the {@link Tx} of
 * {@link #inTransaction}. Failures are {@link StoreException}s: {@link DuplicateKeyException},
 * {@link ReferenceException}, {@link StoreUnavailableException}.
 */
public final class Store implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Store.class);

  private final HikariDataSource dataSource;
  private final Jdbi jdbi;
  private final Db db;
  private final OrganizationRepository organizations;
  private final TokenRepository tokens;
  private final ControlPlaneRepository controlPlanes;
  private final NetworkRepository networks;
  private final TransitGatewayRepository transitGateways;
  private final CoreEntityRepository coreEntities;
  private final JoinTokenRepository joinTokens;
  private final NodeRepository nodes;
  private final ConfigurationRepository configurations;
  private final AuditLogRepository auditLog;
  private final LocalVnetRepository localVnets;
  private final ClusterCaRepository clusterCa;

  private Store(HikariDataSource dataSource, Clock clock, boolean postgres) {
    this.dataSource = dataSource;
    this.jdbi = Jdbi.create(dataSource);
    jdbi.registerArgument(new Sql.InstantArgumentFactory());
    this.db = Db.pooled(jdbi, clock, postgres);
    this.organizations = new OrganizationRepository(db);
    this.tokens = new TokenRepository(db);
    this.controlPlanes = new ControlPlaneRepository(db);
    this.networks = new NetworkRepository(db);
    this.transitGateways = new TransitGatewayRepository(db);
    this.coreEntities = new CoreEntityRepository(db);
    this.joinTokens = new JoinTokenRepository(db);
    this.nodes = new NodeRepository(db);
    this.configurations = new ConfigurationRepository(db);
    this.auditLog = new AuditLogRepository(db);
    this.localVnets = new LocalVnetRepository(db);
    this.clusterCa = new ClusterCaRepository(db);
  }

  /** Opens the store on the system UTC clock. */
  public static Store open(StoreSettings settings) {
    return open(settings, Clock.systemUTC());
  }

  /**
   * Connects, migrates the schema to the latest version, and returns the open store. The clock
   * stamps {@code created_at}/{@code updated_at} and judges leases.
   *
   * @throws StoreUnavailableException the database cannot be reached
   * @throws StoreException the schema cannot be migrated
   */
  public static Store open(StoreSettings settings, Clock clock) {
    requireNonNull(settings, "settings");
    requireNonNull(clock, "clock");
    HikariDataSource dataSource = dataSource(settings);
    try {
      var result =
          Flyway.configure()
              .dataSource(dataSource)
              .locations("classpath:db/migration")
              .load()
              .migrate();
      log.info(
          "store open: {} (schema version {}, {} migration(s) applied)",
          settings.redactedUrl(),
          result.targetSchemaVersion,
          result.migrationsExecuted);
      return new Store(dataSource, clock, settings.isPostgres());
    } catch (FlywayException e) {
      dataSource.close();
      throw new StoreException("schema migration failed on " + settings.redactedUrl(), e);
    } catch (RuntimeException e) {
      dataSource.close();
      throw e;
    }
  }

  private static HikariDataSource dataSource(StoreSettings settings) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(settings.jdbcUrl());
    settings.user().ifPresent(config::setUsername);
    settings.password().ifPresent(config::setPassword);
    config.setMaximumPoolSize(settings.maxPoolSize());
    config.setMinimumIdle(Math.min(2, settings.maxPoolSize()));
    // A request waiting this long for a connection gets a 503 rather than hanging.
    config.setConnectionTimeout(5_000);
    config.setPoolName("causeway-store");
    config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
    try {
      return new HikariDataSource(config);
    } catch (RuntimeException e) {
      // HikariCP fails fast when the first connection cannot be made.
      throw new StoreUnavailableException(
          "cannot connect to " + settings.redactedUrl() + ": " + rootMessage(e), e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage();
  }

  public OrganizationRepository organizations() {
    return organizations;
  }

  public TokenRepository tokens() {
    return tokens;
  }

  public ControlPlaneRepository controlPlanes() {
    return controlPlanes;
  }

  public NetworkRepository networks() {
    return networks;
  }

  public TransitGatewayRepository transitGateways() {
    return transitGateways;
  }

  public CoreEntityRepository coreEntities() {
    return coreEntities;
  }

  public JoinTokenRepository joinTokens() {
    return joinTokens;
  }

  public NodeRepository nodes() {
    return nodes;
  }

  public ConfigurationRepository configurations() {
    return configurations;
  }

  public AuditLogRepository auditLog() {
    return auditLog;
  }

  /** The local provider's customer VNET registry. */
  public LocalVnetRepository localVnets() {
    return localVnets;
  }

  /** The cluster CA of hybrid mode, shared by every replica of this store. */
  public ClusterCaRepository clusterCa() {
    return clusterCa;
  }

  /**
   * Runs {@code work} in one READ COMMITTED transaction: it commits if {@code work} returns and
   * rolls back if it throws (the exception propagates). Use row locks ({@link
   * NetworkRepository#getForUpdate}) to make read-check-write decisions atomic.
   */
  public <T> T inTransaction(Function<Tx, T> work) {
    requireNonNull(work, "work");
    try {
      return jdbi.inTransaction(
          TransactionIsolationLevel.READ_COMMITTED,
          handle -> {
            Db bound = db.boundTo(handle);
            try {
              return work.apply(new Tx(bound));
            } finally {
              bound.retire();
            }
          });
    } catch (RuntimeException e) {
      throw Db.translate(e);
    }
  }

  /** True if a connection can be had and answers a trivial query now (for readiness). */
  public boolean isAvailable() {
    try {
      return db.read(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one() == 1);
    } catch (StoreException e) {
      return false;
    }
  }

  /** True when the database is PostgreSQL, false for H2. */
  public boolean isPostgres() {
    return db.isPostgres();
  }

  /** Closes the pool; idempotent. An H2 database closes with its last connection. */
  @Override
  public void close() {
    dataSource.close();
  }
}
