package io.causeway.controlplane;

import io.causeway.model.TransitGatewayState;
import io.causeway.store.ConfigurationRow;
import io.causeway.store.NetworkRow;
import io.causeway.store.Store;
import io.causeway.store.StoreSettings;
import io.causeway.store.TransitGatewayRow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A control plane API with hybrid mode, assembled from the same parts the real one uses: the
 * H2 file store, bootstrap, authentication, the cluster listener and its API routes.
 */
final class HybridControlPlane implements AutoCloseable {
  private final Store store;
  private final Cluster cluster;
  private final ApiServer api;
  private final UUID controlPlaneId;
  private final UUID organizationId;
  private final String adminToken;

  private HybridControlPlane(Store store, Cluster cluster, ApiServer api, UUID cp, UUID org,
      String token) {
    this.organizationId = org;
    this.store = store;
    this.cluster = cluster;
    this.api = api;
    this.controlPlaneId = cp;
    this.adminToken = token;
  }

  static HybridControlPlane start(Path dataDir, int clusterPort) {
    Clock clock = Clock.systemUTC();
    Store store = Store.open(StoreSettings.h2File(dataDir), clock);
    try {
      Path tokenFile = dataDir.resolve(ControlPlane.ADMIN_TOKEN_FILE);
      Bootstrap.Result boot = Bootstrap.run(store, new Tokens(new SecureRandom()), tokenFile);
      String token = boot.newAdminToken().orElseGet(() -> read(tokenFile));
      Cluster cluster = Cluster.start(dataDir, "127.0.0.1", clusterPort, store, clock);
      Hooks hooks = Hooks.defaults();
      Authenticator authenticator = new Authenticator(store,
          new FailedAuthLimiter(clock, hooks.authFailures(), hooks.authRefill()), clock,
          boot.organizationId());
      ApiServer api = ApiServer.start("127.0.0.1", 0, Optional.empty(), routes -> {
        routes.before("/v2/*", authenticator::authenticate);
        cluster.routes(routes);
      });
      return new HybridControlPlane(store, cluster, api, boot.controlPlaneId(),
          boot.organizationId(), token);
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  ApiClient client() {
    return new ApiClient(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(),
        api.uri(), Optional.of(adminToken));
  }

  /** The API's base URI and the admin token, for requests ApiClient cannot make (long ones). */
  URI apiUri() {
    return api.uri();
  }

  String adminToken() {
    return adminToken;
  }

  URI clusterUri() {
    return URI.create("https://127.0.0.1:" + clusterPort());
  }

  int clusterPort() {
    return cluster.port().orElseThrow();
  }

  UUID controlPlaneId() {
    return controlPlaneId;
  }

  Store store() {
    return store;
  }

  /**
   * A ready network of the simulated provider with a data-plane group of this control plane in
   * it (rows written directly: this assembly has no networks or configurations API).
   */
  UUID placeInNetwork(String name) {
    UUID id = store.networks().insert(NetworkRow.create(UUID.randomUUID(), organizationId, name,
        "simulated", "local", "[\"z1\"]", "10.0.0.0/16", false, "ready")).id();
    store.configurations().upsert(ConfigurationRow.create(UUID.randomUUID(), organizationId,
        controlPlaneId, "geo-" + name, "{\"dataplane_groups\":[{\"id\":\"" + UUID.randomUUID()
            + "\",\"cloud_gateway_network_id\":\"" + id + "\"}]}", List.of(id)));
    return id;
  }

  /** A transit gateway of {@code network} forwarding {@code domain} to {@code server}. */
  TransitGatewayRow gateway(UUID network, String name, String server, String domain,
      TransitGatewayState state) {
    return store.transitGateways().insert(TransitGatewayRow.create(UUID.randomUUID(), network,
        organizationId, name, "{}", "[{\"remote_dns_server_ip_addresses\":[\"" + server
            + "\"],\"domain_proxy_list\":[\"" + domain + "\"]}]", state.wire()));
  }

  String base() {
    return "/v2/control-planes/" + controlPlaneId;
  }

  @Override
  public void close() {
    api.close();
    cluster.close();
    store.close();
  }
}
