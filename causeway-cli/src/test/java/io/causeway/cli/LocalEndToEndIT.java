package io.causeway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.causeway.controlplane.ControlPlane;
import io.causeway.controlplane.ControlPlaneOptions;
import io.causeway.model.NetworkProviderFactory.Availability;
import io.causeway.model.ProviderSettings;
import io.causeway.provider.local.LocalProvider;
import io.causeway.provider.local.LocalProviderFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole local story with real packets: a real control plane with the local provider launches a
 * data-plane node inside a network namespace; a customer VNET runs a private HTTP API and dnsmasq
 * for its private zone; the proxy reaches the API by its private name only while the VNET is
 * peered, never transitively, across a control plane crash; and {@code local reset} leaves nothing
 * of this run behind. Also {@code demo} then {@code demo --down}.
 *
 * <p>Needs root (network namespaces) and dnsmasq; skips loudly otherwise, unless {@code
 * CAUSEWAY_REQUIRE_NETNS=1} (or {@code CAUSEWAY_REQUIRE_DNSMASQ=1}) turns the skip into a failure.
 */
@Timeout(300)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalEndToEndIT {
  private static final Path DNSMASQ = Path.of("/usr/sbin/dnsmasq");
  private static final List<String> IP = List.of("/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip");
  private static final String TENANT = "e2e0e2e0-e2e0-4e2e-8e2e-000000000001";
  private static final String GROUP = "e2e-rg";
  private static final String CUSTOMER = "e2e-customer";
  private static final String ZONE = "e2e.internal";
  private static final String API_HOST = "api." + ZONE;
  private static final String MESSAGE = "served inside " + CUSTOMER;
  private static final Duration READY = Duration.ofSeconds(90);

  private Path dataDir;
  private Path home;
  /** Per run, so the VNET's namespace differs from that of a concurrent run on this host. */
  private String subscription;
  private int apiPort;
  private int clusterPort;
  private ControlPlane controlPlane;
  private Cli cli;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final List<Process> testProcesses = new ArrayList<>();

  @BeforeAll
  void start(@TempDir Path dir, @TempDir Path home) {
    require(dir);
    this.dataDir = dir;
    this.home = home;
    subscription =
        UUID.nameUUIDFromBytes(dir.toString().getBytes(StandardCharsets.UTF_8)).toString();
    apiPort = freePort();
    clusterPort = freePort();
    startControlPlane();
  }

  @AfterAll
  void stop() {
    testProcesses.forEach(Process::destroyForcibly);
    http.close();
    try {
      if (controlPlane != null) {
        controlPlane.close();
      }
    } finally {
      if (dataDir != null) {
        List<String> leftover = LocalProvider.create(dataDir).reset();
        if (!leftover.isEmpty()) {
          System.err.println("*** LocalEndToEndIT cleaned up leftovers: " + leftover);
        }
      }
    }
  }

  @Test
  @Order(1)
  void demoComesUpAnswersThroughTheProxyAgainWhenRerunAndGoesDownCompletely() throws Exception {
    Cli.Result up = ok("demo", "-o", "json", "--timeout", "3m");
    JsonNode result = Api.JSON.readTree(up.out());
    String url = result.path("url").asText();
    assertThat(url).startsWith("http://169.254.").endsWith(":8000/demo");
    assertThat(result.path("curl").asText()).isEqualTo("curl " + url);
    HttpResponse<String> answer = get(url);
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(Api.JSON.readTree(answer.body()).path("message").asText())
        .isEqualTo(DemoCommandApi.DEFAULT_MESSAGE);

    List<Long> pids = new ArrayList<>();
    json(ok("local", "vnet", "processes", DemoCommand.VNET, "-o", "json"))
        .forEach(p -> pids.add(p.path("pid").asLong()));
    assertThat(pids).hasSize(2);

    Cli.Result again = ok("demo");
    assertThat(again.err()).contains("Network " + DemoCommand.NETWORK + " exists");
    assertThat(again.out()).contains("curl " + url);

    ok("demo", "--down");
    assertThat(ok("local", "vnet", "list", "-o", "json").out())
        .doesNotContain(DemoCommand.VNET);
    assertThat(ok("networks", "list", "-o", "json").out()).doesNotContain(DemoCommand.NETWORK);
    assertThat(ok("services", "list", "-o", "json").out()).doesNotContain(DemoCommand.SERVICE);
    // The node is gone with its uplink; whatever answers now (nothing, or the host's default
    // route) is not the demo.
    assertThat(get(url).statusCode()).isNotEqualTo(200);
    assertThat(ok("demo", "--down").err()).doesNotContain("Deleted");
    assertThat(pids).noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive)
        .orElse(false));
  }

  @Test
  @Order(2)
  void privateApiIsReachableByItsPrivateNameOnlyWhilePeeredAndSurvivesAControlPlaneCrash()
      throws Exception {
    JsonNode vnet =
        json(ok("local", "vnet", "create", "--subscription", subscription, "--resource-group",
            GROUP, "--name", CUSTOMER, "--cidr", "10.61.0.0/16", "-o", "json"));
    String vnetAddress = vnet.path("address").asText();
    String mark = loopbackAlias(vnet.path("namespace").asText());
    startInVnet("api", apiCommand(MESSAGE));
    List<String> start = new ArrayList<>(List.of("local", "vnet", "start", CUSTOMER,
        "--process", "dns", "--"));
    start.addAll(DemoCommandSteps.dnsmasqCommand(DNSMASQ.toString(), ZONE, API_HOST,
        vnetAddress));
    ok(start.toArray(String[]::new));
    List<Long> pids = new ArrayList<>();
    json(ok("local", "vnet", "processes", CUSTOMER, "-o", "json"))
        .forEach(p -> pids.add(p.path("pid").asLong()));
    assertThat(pids).hasSize(2).allMatch(pid -> ProcessHandle.of(pid).isPresent());
    await("the private API, from inside its VNET")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(300))
        .until(() -> cli.run("local", "vnet", "exec", CUSTOMER, "--", "curl", "-s",
            "--max-time", "2", "http://" + vnetAddress + ":8080/").out().contains(MESSAGE));

    String network = createReadyNetwork("e2e-net", "10.62.0.0/21");
    ok("configurations", "put", "--control-plane", "default", "--network", "e2e-net");
    String node = awaitGroupAddress(network);
    ok("services", "create", "--set", "name=e2e-api", "--set",
        "url=http://" + API_HOST + ":8080/", "--set", "connect_timeout=2000");
    ok("routes", "create", "--service", "e2e-api", "--set", "name=e2e", "--set",
        "paths=[\"/e2e\"]");
    String url = "http://" + node + ":8000/e2e";

    // Configured, but not peered: the name does not resolve and the address is not routed.
    assertThat(awaitStatus(url, s -> s != 404 && s != -1)).isIn(502, 503);

    ok("transit-gateways", "create", "--network", "e2e-net", "--name", "e2e-peering",
        "--tenant-id", TENANT, "--subscription-id", subscription, "--resource-group", GROUP,
        "--vnet-name", CUSTOMER, "--dns", ZONE + "=" + vnetAddress);
    ok("wait", "transit-gateway", "e2e-peering", "--network", "e2e-net", "--for", "ready",
        "--timeout", "90s");
    assertThat(awaitStatus(url, s -> s == 200)).isEqualTo(200);
    JsonNode served = Api.JSON.readTree(get(url).body());
    assertThat(served.path("message").asText()).isEqualTo(MESSAGE);

    notTransitive(network, node);
    survivesAControlPlaneCrash(url);

    ok("transit-gateways", "delete", "--network", "e2e-net", "e2e-peering");
    assertThat(awaitStatus(url, s -> s != 200)).isIn(502, 503, 504);

    Set<String> ours = new HashSet<>(namespacesMarked(mark));
    ours.addAll(hostLinksMarked(mark));
    assertThat(ours).hasSizeGreaterThanOrEqualTo(5);
    // What the control plane still wants it would re-create (it is level-triggered): take the
    // group out and delete the networks first; reset then removes the VNET and anything left.
    ok("configurations", "put", "--control-plane", "default");
    ok("transit-gateways", "delete", "--network", "e2e-far", "e2e-far-peering");
    ok("wait", "transit-gateway", "e2e-far-peering", "--network", "e2e-far", "--for",
        "deleted", "--timeout", "60s");
    for (String name : List.of("e2e-net", "e2e-far")) {
      ok("networks", "delete", name);
      ok("wait", "network", name, "--for", "deleted", "--timeout", "60s");
    }
    ok("local", "reset");
    assertThat(namespacesMarked(mark)).isEmpty();
    assertThat(hostLinksMarked(mark)).isEmpty();
    assertThat(Set.copyOf(lines(ip("netns", "list")))).noneMatch(
        line -> ours.stream().anyMatch(line::startsWith));
    assertThat(get(url).statusCode()).isNotEqualTo(200);
    assertThat(pids).noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive)
        .orElse(false));
  }

  /**
   * A second network peered with the customer VNET runs a server the VNET reaches; the first
   * network's node must not reach it through the VNET.
   */
  private void notTransitive(String network, String node) throws Exception {
    String far = createReadyNetwork("e2e-far", "10.63.0.0/21");
    ok("transit-gateways", "create", "--network", "e2e-far", "--name", "e2e-far-peering",
        "--tenant-id", TENANT, "--subscription-id", subscription, "--resource-group", GROUP,
        "--vnet-name", CUSTOMER);
    ok("wait", "transit-gateway", "e2e-far-peering", "--network", "e2e-far", "--for", "ready",
        "--timeout", "90s");
    List<String> server = new ArrayList<>(List.of(ipBinary(), "netns", "exec",
        LocalProvider.networkNamespace(UUID.fromString(far))));
    server.addAll(apiCommand("far"));
    server.set(server.indexOf("0.0.0.0"), "10.63.0.1");
    testProcesses.add(new ProcessBuilder(server).redirectErrorStream(true)
        .redirectOutput(dataDir.resolve("far.log").toFile()).start());
    await("the far server, seen from the customer VNET")
        .atMost(READY)
        .pollInterval(Duration.ofMillis(300))
        .until(() -> cli.run("local", "vnet", "exec", CUSTOMER, "--", "curl", "-s",
            "--max-time", "2", "http://10.63.0.1:8080/").out().contains("\"far\""));

    ok("services", "create", "--set", "name=e2e-far", "--set", "url=http://10.63.0.1:8080/",
        "--set", "connect_timeout=2000");
    ok("routes", "create", "--service", "e2e-far", "--set", "name=e2e-far", "--set",
        "paths=[\"/far\"]");
    String farUrl = "http://" + node + ":8000/far";
    assertThat(awaitStatus(farUrl, s -> s != 404 && s != -1)).isIn(502, 503, 504);
    assertThat(network).isNotEqualTo(far);
  }

  /** SIGKILL-like: the control plane stops without stopping its nodes; traffic carries on. */
  private void survivesAControlPlaneCrash(String url) throws Exception {
    List<Integer> statuses = new CopyOnWriteArrayList<>();
    ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor();
    poller.scheduleWithFixedDelay(
        () -> statuses.add(get(url).statusCode()), 0, 50, TimeUnit.MILLISECONDS);
    await().atMost(Duration.ofSeconds(10)).until(() -> statuses.size() >= 5);
    controlPlane.close();
    controlPlane = null;
    int whileDown = statuses.size();
    await().atMost(Duration.ofSeconds(10)).until(() -> statuses.size() >= whileDown + 20);
    startControlPlane();
    ok("networks", "list");
    int afterRestart = statuses.size();
    await().atMost(Duration.ofSeconds(30)).until(() -> statuses.size() >= afterRestart + 60);
    poller.shutdown();
    assertThat(poller.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    assertThat(statuses).as("every status while the control plane was down and restarted")
        .isNotEmpty().containsOnly(200);
    assertThat(awaitGroupAddress(Resolver.network(apiClient(), "e2e-net")))
        .isEqualTo(URI.create(url).getHost());
  }

  private void startControlPlane() {
    controlPlane =
        ControlPlane.start(
            new ControlPlaneOptions(
                    dataDir, "127.0.0.1", apiPort, Optional.empty(), Optional.empty(),
                    Optional.empty(), "local", Duration.ofMillis(200), true, Map.of())
                .withCluster("0.0.0.0", clusterPort)
                .withNodeCommand(nodeCommand()));
    String token =
        controlPlane.newAdminToken().orElseGet(() -> read(controlPlane.adminTokenFile()).strip());
    cli =
        new Cli(
            Environment.of(
                Map.of(
                    "CAUSEWAY_SERVER", controlPlane.apiUri().toString(),
                    "CAUSEWAY_TOKEN", token,
                    "CAUSEWAY_CONFIG", home.resolve("unused-config.json").toString()),
                home));
  }

  /** Failsafe's java.class.path may be a manifest-only jar; the real class path is this one. */
  private static List<String> nodeCommand() {
    String java = ProcessHandle.current().info().command().orElse("java");
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    return List.of(java, "-Xmx256m", "-cp", classPath, Main.class.getName());
  }

  private Api apiClient() {
    String token = read(controlPlane.adminTokenFile()).strip();
    return new Api(controlPlane.apiUri(), token, Duration.ofSeconds(30));
  }

  private void startInVnet(String name, List<String> command) {
    ObjectNode body = Api.JSON.createObjectNode().put("name", name);
    command.forEach(body.putArray("command")::add);
    try (Api api = apiClient()) {
      JsonNode started = api.post(LocalCommand.VNETS + "/" + CUSTOMER + "/processes", body);
      assertThat(started.path("running").asBoolean()).as(started.toString()).isTrue();
      JsonNode again = api.post(LocalCommand.VNETS + "/" + CUSTOMER + "/processes", body);
      assertThat(again.path("pid")).isEqualTo(started.path("pid"));
    }
  }

  private static List<String> apiCommand(String message) {
    List<String> command = new ArrayList<>(DemoCommand.apiCommand());
    command.addAll(List.of("--message", message));
    return command;
  }

  private String createReadyNetwork(String name, String cidr) {
    JsonNode created =
        json(ok("networks", "create", "--name", name, "--region", "local",
            "--availability-zones", "local-1", "--cidr-block", cidr, "-o", "json"));
    ok("wait", "network", name, "--for", "ready", "--timeout", "90s");
    return created.path("id").asText();
  }

  private String awaitGroupAddress(String network) {
    String[] address = new String[1];
    await("the data-plane group in " + network + " ready")
        .atMost(READY)
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              for (JsonNode c : json(ok("configurations", "list", "-o", "json"))) {
                for (JsonNode g : c.path("dataplane_groups")) {
                  if (g.path("cloud_gateway_network_id").asText().equals(network)
                      && g.path("state").asText().equals("ready")
                      && !g.path("private_ip_addresses").isEmpty()) {
                    address[0] = g.path("private_ip_addresses").get(0).asText();
                    return true;
                  }
                }
              }
              return false;
            });
    return address[0];
  }

  private int awaitStatus(String url, java.util.function.IntPredicate done) {
    int[] last = {-1};
    await("GET " + url)
        .atMost(READY)
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              last[0] = get(url).statusCode();
              return done.test(last[0]);
            });
    return last[0];
  }

  /** The answer, or status -1 when nothing answered. */
  private HttpResponse<String> get(String url) {
    try {
      return http.send(
          HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      return new NoAnswer(url);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new NoAnswer(url);
    }
  }

  private Cli.Result ok(String... args) {
    Cli.Result result = cli.run(args);
    assertThat(result.exitCode()).as(String.join(" ", args) + "\n" + result).isZero();
    return result;
  }

  private static JsonNode json(Cli.Result result) {
    try {
      return Api.JSON.readTree(result.out());
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + result, e);
    }
  }

  private static String loopbackAlias(String namespace) throws IOException {
    JsonNode links = Api.JSON.readTree(ip("-n", namespace, "-j", "-d", "link", "show", "lo"));
    return links.get(0).path("ifalias").asText();
  }

  private static List<String> namespacesMarked(String mark) throws IOException {
    List<String> marked = new ArrayList<>();
    for (String line : lines(ip("netns", "list"))) {
      String namespace = line.split(" ")[0];
      if (namespace.startsWith("cw-")) {
        try {
          if (loopbackAlias(namespace).equals(mark)) {
            marked.add(namespace);
          }
        } catch (IOException | RuntimeException e) {
          // vanished meanwhile (another test's cleanup)
        }
      }
    }
    return marked;
  }

  private static List<String> hostLinksMarked(String mark) throws IOException {
    List<String> marked = new ArrayList<>();
    for (JsonNode link : Api.JSON.readTree(ip("-j", "-d", "link", "show"))) {
      if (link.path("ifname").asText().startsWith("cw-")
          && link.path("ifalias").asText().equals(mark)) {
        marked.add(link.path("ifname").asText());
      }
    }
    return marked;
  }

  private static List<String> lines(String text) {
    return text.lines().filter(l -> !l.isBlank()).toList();
  }

  private static String ipBinary() {
    return IP.stream().filter(p -> Files.isExecutable(Path.of(p))).findFirst().orElseThrow();
  }

  private static String ip(String... args) {
    List<String> command = new ArrayList<>(List.of(ipBinary()));
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException(command + " failed: " + out);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void require(Path dir) {
    Availability availability =
        new LocalProviderFactory()
            .create(new ProviderSettings(dir, Map.of(), Duration.ofMillis(200)));
    String missing = null;
    if (availability instanceof Availability.Unavailable(String reason)) {
      missing = "network namespaces: " + reason;
    } else if (!Files.isExecutable(DNSMASQ)) {
      missing = DNSMASQ + " (install Debian's dnsmasq-base)";
    }
    if (missing == null) {
      return;
    }
    String message =
        "the local end-to-end tests need "
            + missing
            + " (CAUSEWAY_REQUIRE_NETNS=1 turns this skip into a failure)";
    if ("1".equals(System.getenv("CAUSEWAY_REQUIRE_NETNS"))
        || "1".equals(System.getenv("CAUSEWAY_REQUIRE_DNSMASQ"))) {
      fail(message);
    }
    System.err.println("*** SKIPPED *** " + message);
    Assumptions.abort(message);
  }

  /** Status -1: the connection failed or timed out. */
  private record NoAnswer(String url) implements HttpResponse<String> {
    @Override
    public int statusCode() {
      return -1;
    }

    @Override
    public HttpRequest request() {
      return HttpRequest.newBuilder(URI.create(url)).build();
    }

    @Override
    public Optional<HttpResponse<String>> previousResponse() {
      return Optional.empty();
    }

    @Override
    public java.net.http.HttpHeaders headers() {
      return java.net.http.HttpHeaders.of(Map.of(), (a, b) -> true);
    }

    @Override
    public String body() {
      return "";
    }

    @Override
    public Optional<javax.net.ssl.SSLSession> sslSession() {
      return Optional.empty();
    }

    @Override
    public URI uri() {
      return URI.create(url);
    }

    @Override
    public HttpClient.Version version() {
      return HttpClient.Version.HTTP_1_1;
    }
  }
}
