package io.causeway.provider.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.causeway.model.AzureVnetPeering;
import io.causeway.testkit.ArmInterceptor;
import io.causeway.testkit.FakeArm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL at seeded points of network and peering reconciliation against the Azure fake. The
 * control plane runs as a child JVM ({@link AzureCrashChild}: real Azure provider, PostgreSQL
 * store) talking HTTPS to a {@link FakeArm} in this JVM, so the cloud's state survives the kill.
 * For each fault point ({@link ArmCrashPoint}: the first or second PUT / GET / DELETE of a provider
 * VNET, GET of the customer's VNET, PUT / GET / DELETE of a peering on the provider and on the
 * customer side, poll of an operation in either subscription; just before ARM sees it or just after
 * ARM applied it: 24 points) a fresh process starts, this test writes through the API (networks
 * created, peered, unpeered, deleted, as a pipeline) until the fake holds the armed request, and
 * then kills the process with SIGKILL. A last process without faults must then bring everything to
 * its final state: every acknowledged create ready (peerings Connected on both sides), every
 * acknowledged delete gone on both sides, ARM holding exactly what the API lists, no resource
 * created twice (one 201 per ARM path); after deleting everything, nothing of Causeway's is left
 * in ARM.
 *
 * <p>The order and occurrence of the points follow a seed ({@code -Dcauseway.crash.seed=N} to
 * replay one; it is printed).
 */
@Timeout(300)
class AzureCrashConvergenceIT {
  private static final String NETWORKS = "/v2/cloud-gateways/networks";
  private static final int LIVE_NETWORKS = 3;
  private static final Duration REACH = Duration.ofSeconds(45);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Row leases of the child: a restarted child waits this long for its predecessor's rows. */
  private static final Duration LEASE =
      Duration.ofMillis(Long.getLong("causeway.crash.lease-millis", 2000L));

  @TempDir Path dir;

  private final List<String> log = Collections.synchronizedList(new ArrayList<>());

  /** What the test knows of one network and its (at most one) peering. */
  static final class Net {
    final String id;
    final String name;
    boolean ready;
    boolean deleteAcked;
    boolean gone;
    Optional<String> peering = Optional.empty();
    boolean peeringAttempted;
    boolean peeringReady;
    boolean peeringDeleteAcked;
    boolean peeringGone;
    String lastAnswer = "";

    Net(String id, String name) {
      this.id = id;
      this.name = name;
    }
  }

  @Test
  void everyResourceConvergesInArmAfterSigkillAtEachFaultPoint() throws Exception {
    long seed = Long.getLong("causeway.crash.seed", 20261126L);
    List<ArmCrashPoint> points = ArmCrashPoint.points(seed);
    System.out.println("AzureCrashConvergenceIT: seed " + seed + ", " + points.size()
        + " points: " + points);
    assertThat(points).hasSize(24);
    // Two independent worlds (fake ARM, database, process) take half the points each, so that
    // one's process starts and lease waits overlap the other's.
    List<Lane> lanes = List.of(new Lane("a", dir.resolve("a")), new Lane("b", dir.resolve("b")));
    List<ArmCrashPoint> unreached = Collections.synchronizedList(new ArrayList<>());
    try (ExecutorService pool = Executors.newFixedThreadPool(lanes.size())) {
      List<Future<List<ArmCrashPoint>>> results = new ArrayList<>();
      for (int i = 0; i < lanes.size(); i++) {
        List<ArmCrashPoint> share = new ArrayList<>();
        for (int j = i; j < points.size(); j += lanes.size()) {
          share.add(points.get(j));
        }
        Lane lane = lanes.get(i);
        results.add(pool.submit(() -> lane.run(share)));
      }
      for (Future<List<ArmCrashPoint>> result : results) {
        try {
          unreached.addAll(result.get());
        } catch (ExecutionException e) {
          throw e.getCause() instanceof Exception ex ? ex : new IllegalStateException(e);
        }
      }
    } finally {
      System.out.println(String.join("\n", log));
    }
    assertThat(unreached).as("fault points the workload never reached").isEmpty();
    for (Lane lane : lanes) {
      assertThat(lane.nets).as("networks created through the crashes").hasSizeGreaterThan(3);
    }
  }

  /** One world: a fake ARM, a database, and the processes that drive them in turn. */
  final class Lane {
    private final String tag;
    private final Path root;
    final List<Net> nets = new ArrayList<>();
    private int created;
    private FakeAzure azure;
    private AzureVnetPeering remote;
    private String accountId;

    Lane(String tag, Path root) {
      this.tag = tag;
      this.root = root;
    }

    /** Runs every point of {@code share}, then the last process; returns the points missed. */
    List<ArmCrashPoint> run(List<ArmCrashPoint> share) throws Exception {
      Files.createDirectories(root);
      Path data = root.resolve("data");
      List<ArmCrashPoint> unreached = new ArrayList<>();
      try (FakeAzure world = new FakeAzure(); Database db = Database.fresh()) {
        azure = world;
        remote = azure.customerVnet("10.200.0.0/16");
        accountId = azure.provider().account().id().toString();
        for (ArmCrashPoint point : share) {
          long started = System.nanoTime();
          ArmCrashPoint.Trap trap = new ArmCrashPoint.Trap(point);
          azure.arm.intercept(trap);
          try (Child child = Child.start(azure, data, db.url(), root)) {
            ApiClient api = child.api(data);
            boolean reached = drive(api, trap);
            if (!reached) {
              unreached.add(point);
            }
            child.kill();
            log.add(tag + ": point " + point + (reached ? " reached; SIGKILL after " : " NOT"
                + " reached in ") + Duration.ofNanos(System.nanoTime() - started).toMillis()
                + " ms");
          } finally {
            trap.release();
            azure.arm.intercept(ArmInterceptor.NONE);
          }
        }
        try (Child last = Child.start(azure, data, db.url(), root)) {
          ApiClient api = last.api(data);
          try {
            assertConverged(api);
            deleteEverything(api);
          } catch (AssertionError | RuntimeException e) {
            log.add(tag + ": last control plane's warnings:\n" + last.warnings());
            log.add(tag + ": ARM:\n" + armState());
            throw e;
          }
        }
      }
      return unreached;
    }

    /** Writes through the API, one step per poll, until the fake holds the armed request. */
    private boolean drive(ApiClient api, ArmCrashPoint.Trap trap) {
      try {
        await().atMost(REACH).pollInterval(Duration.ofMillis(50)).until(() -> {
          if (trap.reached()) {
            return true;
          }
          step(api);
          return trap.reached();
        });
        return true;
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        return false;
      }
    }

    /**
     * One write of the pipeline: keep {@value #LIVE_NETWORKS} networks alive, peer each once it
     * is ready, unpeer ready peerings, delete networks whose peering is gone. A write that got no
     * answer (the child died meanwhile) is not acknowledged and not recorded.
     */
    private void step(ApiClient api) {
      try {
        refresh(api);
        if (nets.stream().filter(n -> !n.deleteAcked).count() < LIVE_NETWORKS) {
          createNetwork(api);
          return;
        }
        for (Net n : nets) {
          if (n.ready && !n.deleteAcked && !n.peeringAttempted) {
            n.peeringAttempted = true;
            var answer = api.send("POST", NETWORKS + "/" + n.id + "/transit-gateways",
                peeringBody("p-" + n.name));
            if (answer.status() == 201) {
              n.peering = Optional.of(answer.json().get("id").asText());
              log.add(tag + ": ack create peering " + n.peering.get() + " on " + n.name);
            }
            return;
          }
        }
        for (Net n : nets) {
          if (n.peering.isPresent() && n.peeringReady && !n.peeringDeleteAcked) {
            if (api.send("DELETE", peeringPath(n), null).status() == 204) {
              n.peeringDeleteAcked = true;
              log.add(tag + ": ack delete peering " + n.peering.get());
            }
            return;
          }
        }
        for (Net n : nets) {
          boolean unpeered = n.peering.isEmpty() ? n.peeringAttempted : n.peeringGone;
          if (n.ready && !n.deleteAcked && unpeered) {
            if (api.send("DELETE", NETWORKS + "/" + n.id, null).status() == 204) {
              n.deleteAcked = true;
              log.add(tag + ": ack delete network " + n.name);
            }
            return;
          }
        }
      } catch (UncheckedIOException e) {
        // The child stopped answering (it is being killed): nothing was acknowledged.
      }
    }

    private void createNetwork(ApiClient api) {
      int k = created++;
      String name = "crash-" + k;
      var answer = api.send("POST", NETWORKS, """
          {"name": "%s", "cloud_gateway_provider_account_id": "%s", "region": "%s",
           "availability_zones": ["%s-az1"], "cidr_block": "10.%d.0.0/16"}
          """.formatted(name, accountId, FakeAzure.REGION, FakeAzure.REGION, 1 + k % 190));
      if (answer.status() == 201) {
        nets.add(new Net(answer.json().get("id").asText(), name));
        log.add(tag + ": ack create network " + name);
      }
    }

    private String peeringBody(String name) {
      return """
          {"name": "%s", "transit_gateway_attachment_config": {
             "kind": "azure-vnet-peering-attachment", "tenant_id": "%s",
             "subscription_id": "%s", "resource_group_name": "%s", "vnet_name": "%s"}}
          """.formatted(name, remote.tenantId(), remote.subscriptionId(),
          remote.resourceGroupName(), remote.vnetName());
    }

    private void refresh(ApiClient api) {
      for (Net n : nets) {
        if (n.gone) {
          continue;
        }
        var net = api.send("GET", NETWORKS + "/" + n.id, null);
        n.lastAnswer = net.status() + " " + net.body();
        n.gone = net.status() == 404;
        n.ready = net.status() == 200 && net.json().get("state").asText().equals("ready");
        if (n.peering.isPresent() && !n.peeringGone) {
          var p = api.send("GET", peeringPath(n), null);
          n.peeringGone = p.status() == 404;
          n.peeringReady = p.status() == 200 && p.json().get("state").asText().equals("ready");
        }
      }
    }

    private static String peeringPath(Net n) {
      return NETWORKS + "/" + n.id + "/transit-gateways/" + n.peering.orElseThrow();
    }

    /**
     * Every acknowledged write holds and reached its final state through the API, and ARM holds
     * exactly the VNETs and peerings (both sides, Connected) that the API lists, each created
     * once.
     */
    private void assertConverged(ApiClient api) {
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(
          () -> {
            refresh(api);
            for (Net n : nets) {
              if (n.deleteAcked) {
                assertThat(n.gone).as("network %s was deleted (acknowledged): %s", n.name,
                    n.lastAnswer).isTrue();
              } else {
                assertThat(n.ready).as("network %s is ready: %s", n.name, n.lastAnswer).isTrue();
              }
              if (n.peering.isPresent()) {
                if (n.peeringDeleteAcked) {
                  assertThat(n.peeringGone).as("peering of %s was deleted", n.name).isTrue();
                } else {
                  assertThat(n.peeringReady).as("peering of %s is ready", n.name).isTrue();
                }
              }
            }
            assertArmHoldsWhatTheApiLists(api);
          });
      assertCreatedOnce();
    }

    /**
     * The API's view (including any write whose answer a kill swallowed) against ARM's: the same
     * VNETs, each with exactly its listed peerings, and the customer's side of each of them.
     */
    private void assertArmHoldsWhatTheApiLists(ApiClient api) {
      Map<String, Set<String>> listed = listed(api);
      for (Net n : nets) {
        assertThat(listed.containsKey(n.id)).as("network %s listed", n.name)
            .isEqualTo(!n.deleteAcked);
      }
      Set<String> vnets = causewayVnets();
      assertThat(vnets).as("provider VNETs in ARM").isEqualTo(listed.keySet().stream()
          .map(id -> lower(vnetId(id))).collect(Collectors.toSet()));
      Set<String> customerSides = new HashSet<>();
      for (Map.Entry<String, Set<String>> network : listed.entrySet()) {
        String vnetId = vnetId(network.getKey());
        assertThat(azure.arm.vnet(vnetId).orElseThrow().at("/properties/provisioningState")
            .asText()).as(vnetId).isEqualTo("Succeeded");
        List<JsonNode> mine = azure.arm.peerings(vnetId);
        assertThat(mine.stream().map(p -> p.get("name").asText()).collect(Collectors.toSet()))
            .as("provider-side peerings of %s", vnetId)
            .isEqualTo(network.getValue().stream().map(g -> "causeway-" + g)
                .collect(Collectors.toSet()));
        mine.forEach(AzureCrashConvergenceIT::assertPeered);
        network.getValue().forEach(g -> customerSides.add("causeway-" + g));
      }
      List<JsonNode> theirs = azure.arm.peerings(remote.vnetResourceId());
      assertThat(theirs.stream().map(p -> p.get("name").asText()).collect(Collectors.toSet()))
          .as("customer-side peerings").isEqualTo(customerSides);
      theirs.forEach(AzureCrashConvergenceIT::assertPeered);
    }

    /** Every ARM resource was created (PUT answered 201) at most once over all the processes. */
    private void assertCreatedOnce() {
      Map<String, Long> creates = azure.arm.requests().stream()
          .filter(r -> r.method().equals("PUT") && r.status() == 201)
          .collect(Collectors.groupingBy(r -> lower(r.path()), Collectors.counting()));
      assertThat(creates).as("ARM creates per resource").isNotEmpty()
          .allSatisfy((path, count) -> assertThat(count).as(path).isEqualTo(1L));
      log.add(tag + ": " + creates.size() + " ARM resources created, each once");
    }

    /** Network id to the ids of its transit gateways, as the API lists them. */
    private Map<String, Set<String>> listed(ApiClient api) {
      Map<String, Set<String>> listed = new java.util.LinkedHashMap<>();
      for (JsonNode network : api.send("GET", NETWORKS + "?page%5Bsize%5D=100", null).json()
          .get("data")) {
        String id = network.get("id").asText();
        Set<String> gateways = new HashSet<>();
        for (JsonNode g : api.send("GET", NETWORKS + "/" + id + "/transit-gateways", null)
            .json().path("data")) {
          assertThat(g.get("state").asText()).as("peering %s", g).isEqualTo("ready");
          gateways.add(g.get("id").asText());
        }
        listed.put(id, gateways);
      }
      return listed;
    }

    private Set<String> causewayVnets() {
      String prefix = lower("/subscriptions/" + FakeAzure.PROVIDER_SUBSCRIPTION + "/");
      return azure.arm.vnetIds().stream().map(AzureCrashConvergenceIT::lower)
          .filter(id -> id.startsWith(prefix)).collect(Collectors.toSet());
    }

    /** Deletes every peering and network left; then ARM holds nothing of Causeway's. */
    private void deleteEverything(ApiClient api) {
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
        JsonNode networks = api.send("GET", NETWORKS + "?page%5Bsize%5D=100", null).json()
            .get("data");
        for (JsonNode network : networks) {
          String id = network.get("id").asText();
          JsonNode gateways = api.send("GET", NETWORKS + "/" + id + "/transit-gateways", null)
              .json();
          if (gateways.path("data").isEmpty()) {
            api.send("DELETE", NETWORKS + "/" + id, null);
          }
          for (JsonNode g : gateways.path("data")) {
            api.send("DELETE", NETWORKS + "/" + id + "/transit-gateways/"
                + g.get("id").asText(), null);
          }
        }
        return networks.isEmpty();
      });
      assertThat(causewayVnets()).as("provider VNETs left in ARM").isEmpty();
      assertThat(azure.arm.peerings(remote.vnetResourceId())).as("customer-side peerings left")
          .isEmpty();
    }

    private String armState() {
      StringBuilder out = new StringBuilder();
      for (String id : azure.arm.vnetIds()) {
        out.append(id).append(' ').append(azure.arm.vnet(id).map(v -> v.at(
            "/properties/provisioningState").asText()).orElse("?")).append('\n');
        for (JsonNode p : azure.arm.peerings(id)) {
          out.append("  ").append(p.get("name").asText()).append(' ')
              .append(p.at("/properties/provisioningState").asText()).append(' ')
              .append(p.at("/properties/peeringState").asText()).append(' ')
              .append(p.at("/properties/peeringSyncLevel").asText()).append('\n');
        }
      }
      return out.toString();
    }
  }

  private static void assertPeered(JsonNode peering) {
    assertThat(peering.at("/properties/provisioningState").asText()).as("%s", peering)
        .isEqualTo("Succeeded");
    assertThat(peering.at("/properties/peeringState").asText()).as("%s", peering)
        .isEqualTo("Connected");
    assertThat(peering.at("/properties/peeringSyncLevel").asText()).as("%s", peering)
        .isEqualTo("FullyInSync");
  }

  private static String vnetId(String network) {
    return "/subscriptions/" + FakeAzure.PROVIDER_SUBSCRIPTION + "/resourceGroups/"
        + FakeAzure.PROVIDER_GROUP + "/providers/Microsoft.Network/virtualNetworks/causeway-"
        + network;
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  /** The API as curl would use it; an unanswered request is an {@link UncheckedIOException}. */
  record ApiClient(HttpClient http, URI base, String token) {
    record Answer(int status, String body) {
      JsonNode json() {
        try {
          return JSON.readTree(body);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }

    Answer send(String method, String path, String body) {
      HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
          .timeout(Duration.ofSeconds(10))
          .header("Authorization", "Bearer " + token)
          .header("Content-Type", "application/json")
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(body));
      try {
        HttpResponse<String> response = http.send(request.build(),
            HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /**
   * A fresh PostgreSQL database at {@code CAUSEWAY_TEST_DATABASE_URL} (default the local server);
   * without a server the test is skipped loudly unless {@code CAUSEWAY_REQUIRE_POSTGRES=1}.
   */
  record Database(String adminUrl, String name) implements AutoCloseable {
    static Database fresh() {
      String adminUrl = System.getenv().getOrDefault("CAUSEWAY_TEST_DATABASE_URL",
          "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");
      String name = "cw_azcrash_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
      try (Connection c = DriverManager.getConnection(adminUrl);
          Statement s = c.createStatement()) {
        s.execute("CREATE DATABASE " + name);
      } catch (SQLException e) {
        String message = "PostgreSQL is not reachable at " + adminUrl.replaceAll("\\?.*", "")
            + " (" + e.getMessage() + ")";
        if ("1".equals(System.getenv("CAUSEWAY_REQUIRE_POSTGRES"))) {
          throw new AssertionError(message + " and CAUSEWAY_REQUIRE_POSTGRES=1", e);
        }
        System.err.println("SKIPPED LOUDLY: " + message
            + "; set CAUSEWAY_REQUIRE_POSTGRES=1 to make this a failure");
        Assumptions.abort(message);
      }
      return new Database(adminUrl, name);
    }

    String url() {
      int slash = adminUrl.indexOf('/', "jdbc:postgresql://".length());
      int query = adminUrl.indexOf('?');
      return adminUrl.substring(0, slash + 1) + name
          + (query < 0 ? "" : adminUrl.substring(query));
    }

    @Override
    public void close() throws SQLException {
      try (Connection c = DriverManager.getConnection(adminUrl);
          Statement s = c.createStatement()) {
        s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      }
    }
  }

  /** One control plane process; {@link #close} kills it if the test has not. */
  static final class Child implements AutoCloseable {
    private final Process process;
    private final Path run;

    private Child(Process process, Path run) {
      this.process = process;
      this.run = run;
    }

    static Child start(FakeAzure azure, Path data, String url, Path dir) throws IOException {
      Path run = Files.createTempDirectory(dir, "run-");
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      // Failsafe's java.class.path may be a manifest-only jar; this property is the real one.
      String classPath =
          System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
      ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1",
          "-cp", classPath, AzureCrashChild.class.getName(), data.toString(), url,
          run.toString(), String.valueOf(LEASE.toMillis()),
          azure.arm.certificate().keyStore().toString(), azure.arm.certificate().password())
          .redirectErrorStream(true)
          .redirectOutput(run.resolve("output.log").toFile());
      // Configured like a production control plane: CAUSEWAY_AZURE_* in its environment.
      builder.environment().putAll(azure.environment());
      Child child = new Child(builder.start(), run);
      try {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
            .until(() -> Files.exists(run.resolve("port")) || !child.process.isAlive());
        if (!Files.exists(run.resolve("port"))) {
          throw new AssertionError("the control plane process did not start:\n"
              + Files.readString(run.resolve("output.log")));
        }
      } catch (RuntimeException | AssertionError e) {
        child.close();
        throw e;
      }
      return child;
    }

    ApiClient api(Path data) throws IOException {
      int port = Integer.parseInt(Files.readString(run.resolve("port")).trim());
      String token = Files.readString(data.resolve("admin-token")).trim();
      return new ApiClient(
          HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build(),
          URI.create("http://127.0.0.1:" + port), token);
    }

    String warnings() {
      try {
        return Files.readAllLines(run.resolve("output.log")).stream()
            .filter(l -> l.contains("WARN") || l.contains("ERROR") || l.contains("Exception"))
            .limit(40).collect(Collectors.joining("\n"));
      } catch (IOException e) {
        return e.toString();
      }
    }

    /** SIGKILL: {@code destroyForcibly} on Linux; nothing in the process runs afterwards. */
    void kill() {
      process.destroyForcibly();
      try {
        process.waitFor(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public void close() {
      if (process.isAlive()) {
        kill();
      }
    }
  }
}
