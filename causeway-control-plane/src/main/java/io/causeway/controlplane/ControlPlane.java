package io.causeway.controlplane;

import io.causeway.model.DataPlaneLaunch;
import io.causeway.model.NetworkProvider;
import io.causeway.model.ProviderException;
import io.causeway.model.ProviderSettings;
import io.causeway.store.Store;
import io.causeway.store.StoreSettings;
import io.causeway.ui.WebUi;
import io.causeway.ui.WebUiOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running control plane: the store, the provider, the reconciler and the HTTP API, wired by
 * hand. {@link #start} blocks until the API listens; {@link #close} stops the API, then the
 * reconciler (finishing its current step, so leases are released), then the store.
 *
 * <p>The first start on an empty store creates the default organisation, its admin token
 * (written to {@code DATA_DIR/admin-token}, mode 0600, and returned once by {@link
 * #newAdminToken()}) and the control plane named {@code default}; later starts reuse them.
 */
public final class ControlPlane implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ControlPlane.class);
  static final String ADMIN_TOKEN_FILE = "admin-token";

  private final Store store;
  private final Optional<Reconciler> reconciler;
  private final ApiServer server;
  private final Cluster cluster;
  private final String providerName;
  private final Bootstrap.Result bootstrap;
  private final Path adminTokenFile;

  private ControlPlane(
      Store store,
      Optional<Reconciler> reconciler,
      ApiServer server,
      Cluster cluster,
      String providerName,
      Bootstrap.Result bootstrap,
      Path adminTokenFile) {
    this.store = store;
    this.reconciler = reconciler;
    this.server = server;
    this.cluster = cluster;
    this.providerName = providerName;
    this.bootstrap = bootstrap;
    this.adminTokenFile = adminTokenFile;
  }

  /** Starts a control plane as configured; fails fast with a precise message. */
  public static ControlPlane start(ControlPlaneOptions options) {
    return start(options, Hooks.defaults());
  }

  static ControlPlane start(ControlPlaneOptions options, Hooks hooks) {
    Path dataDir = options.dataDir().toAbsolutePath();
    createDataDir(dataDir);
    Optional<KeyStore> tls =
        options.tlsCert().map(cert -> PemKeyStore.load(cert, options.tlsKey().orElseThrow()));
    Store store =
        Store.open(options.databaseUrl().map(StoreSettings::of)
            .orElseGet(() -> StoreSettings.h2File(dataDir)), hooks.clock());
    List<AutoCloseable> opened = new ArrayList<>(List.of(store));
    try {
      // The local provider's VNET registry lives in the store (DESIGN §9).
      Providers.Chosen chosen = StoreVnetRegistry.wire(provider(options, hooks, dataDir), store);
      LOG.info("Provider: {} ({})", chosen.name(), chosen.why());
      AccountProviders providers = AccountProviders.of(List.of(chosen.provider()));
      Path tokenFile = dataDir.resolve(ADMIN_TOKEN_FILE);
      Tokens tokens = new Tokens(new SecureRandom());
      Bootstrap.Result boot = Bootstrap.run(store, tokens, tokenFile);
      Optional<Reconciler> reconciler = Optional.empty();
      // The reconciler starts before the cluster listener; it launches nodes only once it exists.
      AtomicReference<Cluster> clusterRef = new AtomicReference<>();
      if (options.runReconciler()) {
        Timings timings =
            hooks.timings().orElseGet(
                () -> Timings.forProvider(chosen.name(), options.simulatedDelay()));
        Backoff backoff = new Backoff(timings.backoffBase(), timings.backoffMax(),
            new SplittableRandom(hooks.jitterSeed()));
        GroupSteps groups = new GroupSteps(store, providers, hooks.clock(), timings, backoff,
            launches(clusterRef, options.resolvedNodeCommand()));
        Reconciler r = new Reconciler(store, providers, hooks.clock(), timings, backoff,
            "replica-" + UUID.randomUUID(), Optional.of(groups));
        opened.add(0, r);
        r.start();
        reconciler = Optional.of(r);
      }
      Runnable wake = reconciler.<Runnable>map(r -> r::wake).orElse(() -> {});
      Cluster cluster = Cluster.start(dataDir, options.clusterHost(), options.clusterPort(),
          store, hooks.clock());
      opened.add(0, cluster);
      clusterRef.set(cluster);
      Routes routes = new Routes(store, providers, tokens, hooks, chosen.name(),
          options.environment(), boot, wake);
      // The web UI calls the API over loopback; its URI is known once the server listens.
      AtomicReference<URI> apiUri = new AtomicReference<>();
      WebUiOptions ui = WebUiOptions.of(apiUri::get);
      WebUiOptions webUi = tls.map(ui::withApiTrust).orElse(ui);
      ApiServer server = ApiServer.start(options.apiHost(), options.apiPort(), tls, r -> {
        routes.add(r);
        LocalVnetsApi.of(chosen.provider()).routes(r);
        cluster.routes(r);
        WebUi.register(r, webUi);
      });
      apiUri.set(server.uri());
      routes.listening(server);
      LOG.info("Control plane API listening on {}", server.uri());
      cluster.port().ifPresent(p -> LOG.info("Cluster listener (data planes) on {}:{}",
          options.clusterHost(), p));
      String clusterHost = options.clusterHost();
      if (chosen.name().equals("local") && cluster.port().isPresent()
          && (clusterHost.startsWith("127.") || clusterHost.equals("::1")
              || clusterHost.equals("localhost"))) {
        LOG.warn("The cluster listener binds {} only: data planes the local provider launches in"
            + " network namespaces dial the host end of their uplink (169.254.x.y) and cannot"
            + " join; bind 0.0.0.0", clusterHost);
      }
      return new ControlPlane(store, reconciler, server, cluster, chosen.name(), boot,
          tokenFile);
    } catch (RuntimeException e) {
      closeAll(opened, e);
      throw e;
    }
  }

  /**
   * How provider-launched nodes join: at the cluster listener's port with a fresh single-use token
   * per launch, bound to the group's network (so the node gets that network's DNS forwarding
   * table); nothing is launched while this control plane runs no listener.
   */
  private static GroupSteps.Launches launches(
      AtomicReference<Cluster> cluster, List<String> nodeCommand) {
    return (controlPlaneId, networkId) -> Optional.ofNullable(cluster.get())
        .filter(c -> c.port().isPresent())
        .map(c -> new DataPlaneLaunch(c.port().getAsInt(), nodeCommand,
            () -> boundToken(c, controlPlaneId, networkId)));
  }

  private static String boundToken(Cluster cluster, UUID controlPlaneId, UUID networkId) {
    try {
      return cluster.joinTokenMinter().mint(controlPlaneId, Optional.of(networkId),
          JoinTokensApi.DEFAULT_TTL);
    } catch (ApiException e) {
      // The configuration changed since the scan read it; the next scan sees the new one.
      throw new ProviderException("no join token for control plane " + controlPlaneId
          + " in network " + networkId + ": " + String.join("; ",
              e.invalid().stream().map(io.causeway.model.InvalidParameter::reason).toList()));
    }
  }

  private static Providers.Chosen provider(ControlPlaneOptions options, Hooks hooks, Path dir) {
    if (hooks.provider().isPresent()) {
      NetworkProvider p = hooks.provider().get();
      return new Providers.Chosen(
          p.account().providerAccountId(), p, "given by the embedding program");
    }
    ProviderSettings settings =
        new ProviderSettings(dir, options.environment(), options.simulatedDelay());
    return Providers.choose(
        options.provider(), Providers.discover(ControlPlane.class.getClassLoader()), settings);
  }

  /** A new data directory is owner-only: it holds the store and the admin token. */
  private static void createDataDir(Path dataDir) {
    try {
      if (!Files.isDirectory(dataDir)
          && FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
        Files.createDirectories(dataDir.getParent());
        Files.createDirectory(dataDir,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        return;
      }
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the data directory " + dataDir, e);
    }
  }

  private static void closeAll(List<AutoCloseable> resources, RuntimeException failure) {
    for (AutoCloseable resource : resources) {
      try {
        resource.close();
      } catch (Exception e) {
        failure.addSuppressed(e);
      }
    }
  }

  /** The port the API listens on (the real one when started with port 0). */
  public int apiPort() {
    return server.port();
  }

  /** {@code http://127.0.0.1:8001} or {@code https://...} with TLS. */
  public URI apiUri() {
    return server.uri();
  }

  /** Where the admin token was written on first start. */
  public Path adminTokenFile() {
    return adminTokenFile;
  }

  /** The admin token, only on the start that created it; never logged. */
  public Optional<String> newAdminToken() {
    return bootstrap.newAdminToken();
  }

  /** {@code simulated}, {@code local} or {@code azure}. */
  public String providerName() {
    return providerName;
  }

  /** The control plane named {@code default}, made on first start. */
  public UUID defaultControlPlaneId() {
    return bootstrap.controlPlaneId();
  }

  /** The bound cluster listener port (the real one when started with 0); empty without one. */
  public OptionalInt clusterPort() {
    return cluster.port();
  }

  /** {@code https://127.0.0.1:PORT} of the cluster listener, for a data plane on this host. */
  public Optional<URI> clusterUri() {
    OptionalInt port = cluster.port();
    return port.isPresent()
        ? Optional.of(URI.create("https://127.0.0.1:" + port.getAsInt()))
        : Optional.empty();
  }

  /**
   * Mints a single-use join token for a data plane of {@code controlPlaneId} (what {@code POST
   * /v2/control-planes/{id}/join-tokens} answers), valid for an hour; never logged.
   */
  public String mintJoinToken(UUID controlPlaneId) {
    return cluster.mintJoinToken(controlPlaneId);
  }

  /**
   * Mints a single-use join token that binds the node redeeming it to {@code networkId} (one of
   * the networks the control plane's data-plane groups run in), valid for an hour; never logged.
   *
   * @throws IllegalArgumentException the control plane has no data-plane group in that network
   */
  public String mintJoinToken(UUID controlPlaneId, UUID networkId) {
    try {
      return cluster.joinTokenMinter().mint(controlPlaneId, Optional.of(networkId),
          JoinTokensApi.DEFAULT_TTL);
    } catch (ApiException e) {
      throw new IllegalArgumentException(String.join("; ",
          e.invalid().stream().map(io.causeway.model.InvalidParameter::reason).toList()), e);
    }
  }

  /** Every HTTP route of the API as {@code METHOD /path/{param}} (for the role matrix test). */
  java.util.List<String> apiRoutes() {
    return server.routes();
  }

  /** The default organisation. */
  public UUID defaultOrganizationId() {
    return bootstrap.organizationId();
  }

  @Override
  public void close() {
    RuntimeException failure = new IllegalStateException("closing the control plane failed");
    List<AutoCloseable> order = new ArrayList<>();
    order.add(server);
    order.add(cluster);
    reconciler.ifPresent(order::add);
    order.add(store);
    closeAll(order, failure);
    if (failure.getSuppressed().length > 0) {
      throw failure;
    }
  }
}
