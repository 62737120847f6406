package io.causeway.testkit;

import static io.causeway.testkit.ArmWorld.lower;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;

/**
 * A stateful fake of Azure Resource Manager (Microsoft.Network VNETs and peerings, long-running
 * operations) and of the Entra ID token endpoint, served over HTTPS on {@code 127.0.0.1} (port 0)
 * with a certificate generated at start. It reproduces the recorded peering session of {@code
 * reference/azure-arm/}: status codes (201 create, 200 update, 202 delete, 204 absent), headers
 * ({@code Azure-AsyncOperation}, {@code Location}, {@code Retry-After}, {@code x-ms-request-id}),
 * bodies and states ({@code Initiated} → {@code Connected}, {@code Disconnected} after the other
 * side is deleted, {@code Updating} → {@code Succeeded}), and checks what Azure checks: bearer
 * token for ARM's audience from the subscription's tenant, the caller's role, {@code peer/action}
 * on the remote VNET with an auxiliary token of the remote tenant, api-version, body shape,
 * address-space overlap.
 *
 * <p>The token endpoint is at {@code {authorityHost}/{tenant}/oauth2/v2.0/token}; tokens are
 * opaque and known only to this fake. One multi-tenant app is registered with {@link
 * #registerApp}; its service principal exists in its home tenant and in every tenant that {@link
 * #grantConsent granted consent}.
 *
 * <p>Scenario switches: consent missing (AADSTS700016 until {@link #grantConsent}), service
 * principal deleted (AADSTS7000229), role missing ({@code AuthorizationFailed} / {@code
 * LinkedAuthorizationFailed} until {@link #assignRole}), VNET not found, overlap, throttling
 * ({@link #throttle}), server errors ({@link #serverErrors}), failing operations ({@link
 * #failOperations}), slow or held operations ({@link #operationsTakePolls}, {@link
 * #holdOperations}), an outage of 429s, 500s and time-outs for a while ({@link #outage}).
 * Every ARM call is counted per method and path ({@link #calls}); a test can stop any request
 * just before or just after ARM handles it ({@link #intercept}). Thread-safe.
 *
 * <p>Not modelled: role checks on operation-status URLs (Azure lets a VNET-scoped role poll
 * them), {@code VnetAddressSpaceOverlapsWithAlreadyPeeredVnet}, subnet-level peering, token
 * expiry, more than one app.
 */
public final class FakeArm implements AutoCloseable {
  /** The api-version the fake writes into the operation URLs it hands out. */
  public static final String API_VERSION = "2024-07-01";

  /** The role actions of Azure's built-in Network Contributor, for the provider's own tenant. */
  public static final Set<String> ALL_ACTIONS = Set.of("*");

  /** What the fake does to an ARM request during an {@link #outage outage}. */
  public enum Fault {
    /** 429 {@code TooManyRequests} with {@code Retry-After}. */
    THROTTLE,
    /** 500 {@code InternalServerError}. */
    SERVER_ERROR,
    /** No answer at all until the hang time has passed (the client times out). */
    TIMEOUT
  }

  /**
   * One answered ARM request: status 0 with error code {@code Timeout} when an outage left it
   * unanswered; {@code at} is when it arrived, on the fake's clock.
   */
  public record Request(String method, String path, int status, Optional<String> errorCode,
      Instant at) {}

  private final ArmWorld world = new ArmWorld();
  private final HttpsServer server;
  private final ExecutorService executor;
  private final SelfSignedCertificate certificate;
  private final String base;
  private final FakeEntra entra;
  private final ArmAccess access;
  private final ArmResources resources;
  private final Clock clock;
  private volatile ArmInterceptor interceptor = ArmInterceptor.NONE;

  private FakeArm(Clock clock) throws IOException {
    this.clock = clock;
    certificate = sharedCertificate();
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(certificate.serverContext()));
    executor = Executors.newVirtualThreadPerTaskExecutor();
    server.setExecutor(executor);
    base = "https://127.0.0.1:" + server.getAddress().getPort();
    entra = new FakeEntra(world, clock);
    access = new ArmAccess(world, base);
    resources = new ArmResources(world, base);
    server.createContext("/", this::handle);
    server.start();
  }

  private static SelfSignedCertificate shared;

  /**
   * One certificate per JVM: generating one runs keytool, which costs a second or more on a busy
   * machine. It lives in its own temporary directory, removed when the JVM exits.
   */
  private static synchronized SelfSignedCertificate sharedCertificate() throws IOException {
    if (shared == null) {
      Path dir = java.nio.file.Files.createTempDirectory("causeway-fake-arm");
      dir.toFile().deleteOnExit();
      shared = SelfSignedCertificate.generate(dir, "fake-arm", "EC");
      shared.keyStore().toFile().deleteOnExit();
    }
    return shared;
  }

  /** Starts a fake on a free loopback port (the TLS certificate is shared in this JVM). */
  public static FakeArm start() {
    return start(Clock.systemUTC());
  }

  /** Starts a fake whose clock decides when client assertions have expired. */
  public static FakeArm start(Clock clock) {
    try {
      return new FakeArm(clock);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The ARM endpoint, e.g. {@code https://127.0.0.1:40123} (no trailing slash). */
  public String armEndpoint() {
    return base;
  }

  /** The Entra authority host; the same server. */
  public String authorityHost() {
    return base;
  }

  /**
   * The certificate this fake presents (a PKCS12 file), for a client in another process: it
   * builds its trust from {@link SelfSignedCertificate#clientContext()}.
   */
  public SelfSignedCertificate certificate() {
    return certificate;
  }

  /** A client TLS context that trusts this fake's certificate and nothing else. */
  public SSLContext clientSslContext() {
    return certificate.clientContext();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  // ---- directory and resources ----

  /** Registers the multi-tenant app with a client secret; its home tenant is created. */
  public FakeArm registerApp(String clientId, String homeTenant, String secret) {
    return register(clientId, homeTenant, Optional.of(secret), Optional.empty());
  }

  /** Registers the multi-tenant app with a certificate credential (client assertions). */
  public FakeArm registerApp(String clientId, String homeTenant, X509Certificate credential) {
    return register(clientId, homeTenant, Optional.empty(), Optional.of(credential));
  }

  private FakeArm register(String clientId, String homeTenant, Optional<String> secret,
      Optional<X509Certificate> credential) {
    synchronized (world) {
      world.app = Optional.of(new ArmWorld.App(clientId, lower(homeTenant), secret, credential));
      world.tenants.add(lower(homeTenant));
    }
    return this;
  }

  public FakeArm tenant(String tenantId) {
    synchronized (world) {
      world.tenants.add(lower(tenantId));
    }
    return this;
  }

  /** Creates a subscription owned by {@code tenantId} (the tenant is created too). */
  public FakeArm subscription(String subscriptionId, String tenantId) {
    synchronized (world) {
      world.tenants.add(lower(tenantId));
      world.subscriptionTenants.put(lower(subscriptionId), lower(tenantId));
    }
    return this;
  }

  public FakeArm resourceGroup(String subscriptionId, String name) {
    synchronized (world) {
      world.resourceGroups.add(lower(ArmWorld.resourceGroupId(subscriptionId, name)));
    }
    return this;
  }

  /** Creates a VNET (and its resource group) directly, as a customer would have. */
  public FakeArm vnet(String subscriptionId, String resourceGroup, String name, String location,
      List<String> addressPrefixes) {
    synchronized (world) {
      resourceGroup(subscriptionId, resourceGroup);
      ArmWorld.Vnet vnet = new ArmWorld.Vnet(subscriptionId, resourceGroup, name, location,
          addressPrefixes, world.newEtag(), world.newId());
      world.vnets.put(lower(vnet.id()), vnet);
    }
    return this;
  }

  /** Admin consent in {@code tenantId}: the app's service principal now exists there. */
  public FakeArm grantConsent(String tenantId) {
    synchronized (world) {
      world.consented.add(lower(tenantId));
      world.servicePrincipalMissing.remove(lower(tenantId));
    }
    return this;
  }

  public FakeArm revokeConsent(String tenantId) {
    synchronized (world) {
      world.consented.remove(lower(tenantId));
    }
    return this;
  }

  /** The service principal was deleted after consent: tokens fail with AADSTS7000229. */
  public FakeArm deleteServicePrincipal(String tenantId) {
    synchronized (world) {
      world.consented.remove(lower(tenantId));
      world.servicePrincipalMissing.add(lower(tenantId));
    }
    return this;
  }

  /** Assigns the app's service principal in {@code tenantId} a role over {@code scope}. */
  public FakeArm assignRole(String tenantId, String scope, Collection<String> actions) {
    synchronized (world) {
      world.assignments.computeIfAbsent(lower(tenantId), t -> new java.util.ArrayList<>())
          .add(new ArmWorld.Assignment(scope, Set.copyOf(actions)));
    }
    return this;
  }

  public FakeArm removeRoleAssignments(String tenantId) {
    synchronized (world) {
      world.assignments.remove(lower(tenantId));
    }
    return this;
  }

  /** The customer changes their VNET's address space; peerings to it fall out of sync. */
  public FakeArm changeAddressSpace(String vnetId, List<String> addressPrefixes) {
    synchronized (world) {
      world.vnet(vnetId).orElseThrow().prefixes = List.copyOf(addressPrefixes);
    }
    return this;
  }

  /** Deletes a peering at once, as a customer in the portal would; true if it existed. */
  public boolean deletePeeringNow(String peeringId) {
    synchronized (world) {
      int cut = lower(peeringId).lastIndexOf("/virtualnetworkpeerings/");
      Optional<ArmWorld.Vnet> vnet = cut < 0 ? Optional.empty()
          : world.vnet(peeringId.substring(0, cut));
      Optional<ArmWorld.Peering> peering = vnet.map(v -> v.peerings.get(
          lower(peeringId.substring(cut + "/virtualNetworkPeerings/".length()))));
      peering.ifPresent(p -> world.removePeering(vnet.get(), p));
      return peering.isPresent();
    }
  }

  /** Deletes a VNET at once with its peerings, as a customer would; true if it existed. */
  public boolean deleteVnetNow(String vnetId) {
    synchronized (world) {
      Optional<ArmWorld.Vnet> vnet = world.vnet(vnetId);
      vnet.ifPresent(v -> {
        List.copyOf(v.peerings.values()).forEach(p -> world.removePeering(v, p));
        world.removeVnet(v);
      });
      return vnet.isPresent();
    }
  }

  // ---- scenario switches ----

  /** Every ARM request from now on passes {@code hook} ({@link ArmInterceptor#NONE} to stop). */
  public FakeArm intercept(ArmInterceptor hook) {
    interceptor = requireNonNull(hook, "hook");
    return this;
  }

  /** An operation reports {@code InProgress} until looked at {@code polls} times (default 1). */
  public FakeArm operationsTakePolls(int polls) {
    synchronized (world) {
      world.lroPolls = polls;
    }
    return this;
  }

  /** Operations stay {@code InProgress} until {@link #releaseOperations()}. */
  public FakeArm holdOperations() {
    synchronized (world) {
      world.holdOperations = true;
    }
    return this;
  }

  /** Completes every pending operation and stops holding new ones. */
  public FakeArm releaseOperations() {
    synchronized (world) {
      world.holdOperations = false;
      world.completeAll();
    }
    return this;
  }

  /** The {@code Retry-After} sent with operation headers and {@code InProgress} answers. */
  public FakeArm pollRetryAfter(Duration retryAfter) {
    synchronized (world) {
      world.pollRetryAfter = retryAfter;
    }
    return this;
  }

  /** The next {@code calls} ARM requests get 429 with {@code Retry-After}. */
  public FakeArm throttle(int calls, Duration retryAfter) {
    synchronized (world) {
      world.throttleRemaining = calls;
      world.throttleRetryAfter = retryAfter;
    }
    return this;
  }

  /** The next {@code calls} ARM requests get {@code status} (500, 502, 503...). */
  public FakeArm serverErrors(int calls, int status) {
    synchronized (world) {
      world.serverErrorsRemaining = calls;
      world.serverErrorStatus = status;
    }
    return this;
  }

  /**
   * The next {@code count} long-running operations end {@code Failed} with this error (as Azure
   * reports some failures only through the operation status); the resource they were writing is
   * left {@code Failed}, a resource being deleted stays.
   */
  public FakeArm failOperations(int count, String code, String message) {
    synchronized (world) {
      world.failingOperations = count;
      world.operationError = new ArmWorld.OperationError(code, message);
    }
    return this;
  }

  /**
   * For {@code length} on this fake's clock from now, every ARM request (not the token endpoint)
   * fails with the next of {@code faults} in turn: 429 with {@code Retry-After: retryAfter}, 500,
   * or a time-out (the fake holds the request for {@code hang} of real time and then drops it).
   * Requests are counted in {@link #calls} and {@link #outageHits} like any other. Afterwards ARM
   * answers normally again; the resources are as they were.
   */
  public FakeArm outage(Duration length, Duration retryAfter, Duration hang, List<Fault> faults) {
    if (faults.isEmpty()) {
      throw new IllegalArgumentException("faults: empty (expected: at least one fault)");
    }
    synchronized (world) {
      world.outageUntil = clock.instant().plus(length);
      world.outageFaults = List.copyOf(faults);
      world.outageRetryAfter = retryAfter;
      world.outageHang = hang;
      world.outageIndex = 0;
    }
    return this;
  }

  /** Ends an outage at once. */
  public FakeArm endOutage() {
    synchronized (world) {
      world.outageUntil = Instant.MIN;
    }
    return this;
  }

  /** How many ARM requests an outage answered with {@code fault}. */
  public int outageHits(Fault fault) {
    synchronized (world) {
      return world.outageHits.getOrDefault(fault, 0);
    }
  }

  // ---- observations ----

  /** How many ARM requests had this method and path (case-insensitive, query ignored). */
  public int calls(String method, String path) {
    synchronized (world) {
      return world.calls.getOrDefault(method + " " + lower(path), 0);
    }
  }

  /** How many ARM requests had this method and a path containing {@code fragment}. */
  public int callsContaining(String method, String fragment) {
    synchronized (world) {
      return world.calls.entrySet().stream()
          .filter(e -> e.getKey().startsWith(method + " ") && e.getKey().contains(lower(fragment)))
          .mapToInt(Map.Entry::getValue)
          .sum();
    }
  }

  public int tokenRequests(String tenantId) {
    synchronized (world) {
      return world.tokenRequests.getOrDefault(lower(tenantId), 0);
    }
  }

  public List<Request> requests() {
    synchronized (world) {
      return List.copyOf(world.requests);
    }
  }

  /** The VNET as ARM would render it now (without counting as a call). */
  public Optional<JsonNode> vnet(String vnetId) {
    synchronized (world) {
      return world.vnet(vnetId).map(resources::render);
    }
  }

  /** The ids of every VNET that exists now (any subscription), as ARM spells them. */
  public List<String> vnetIds() {
    synchronized (world) {
      return world.vnets.values().stream().map(ArmWorld.Vnet::id).toList();
    }
  }

  /** The peerings of a VNET as ARM would render them now. */
  public List<JsonNode> peerings(String vnetId) {
    synchronized (world) {
      return world.vnet(vnetId)
          .map(v -> v.peerings.values().stream()
              .<JsonNode>map(p -> resources.render(v, p))
              .toList())
          .orElse(List.of());
    }
  }

  // ---- HTTP ----

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      List<String> segments = ArmRequest.of("", exchange.getRequestURI().getPath(), Map.of())
          .segments();
      if (segments.size() == 4 && segments.get(1).equals("oauth2")
          && exchange.getRequestMethod().equals("POST")) {
        entra.token(exchange, segments.get(0), base);
      } else if (segments.size() == 4 && segments.get(2).equals(".well-known")) {
        entra.metadata(exchange, base, segments.get(0));
      } else {
        arm(exchange);
      }
    }
  }

  private void arm(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getPath();
    ArmRequest request = ArmRequest.of(method, path, Exchanges.query(exchange));
    String body = Exchanges.body(exchange);
    ArmInterceptor hook = interceptor;
    ArmInterceptor.Call call = new ArmInterceptor.Call(method, path, target(request),
        request.subscription().orElse(""));
    if (!hook.before(call)) {
      return;
    }
    Map<String, String> headers = new LinkedHashMap<>();
    ArmAnswer answer;
    Optional<Duration> hang = Optional.empty();
    ArmFailure failed = null;
    Instant at = clock.instant();
    synchronized (world) {
      world.calls.merge(method + " " + lower(path), 1, Integer::sum);
      String requestId = world.newId();
      headers.put("x-ms-request-id", requestId);
      headers.put("x-ms-correlation-request-id",
          Exchanges.header(exchange, "x-ms-correlation-request-id").orElse(requestId));
      try {
        if (outageFault().filter(Fault.TIMEOUT::equals).isPresent()) {
          world.requests.add(new Request(method, path, 0, Optional.of("Timeout"), at));
          hang = Optional.of(world.outageHang);
          answer = null;
        } else {
          answer = answer(exchange, request, body);
        }
      } catch (ArmFailure failure) {
        headers.putAll(failure.headers);
        world.requests.add(new Request(method, path, failure.status, Optional.of(failure.code),
            at));
        failed = failure;
        answer = null;
      }
      if (answer != null) {
        world.requests.add(new Request(method, path, answer.status(), Optional.empty(), at));
      }
    }
    if (hang.isPresent()) {
      // Outside the lock: other requests go on meanwhile. The client gives up first; the
      // connection is then closed without an answer.
      try {
        Thread.sleep(hang.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return;
    }
    // Outside the lock, like before(): the hook may hold this answer back for a long time.
    if (!hook.after(call, failed != null ? failed.status : answer.status())) {
      return;
    }
    if (failed != null) {
      Exchanges.json(exchange, failed.status, failed.body(), headers);
      return;
    }
    headers.putAll(answer.headers());
    if (answer.body().isPresent()) {
      Exchanges.json(exchange, answer.status(), answer.body().get(), headers);
    } else {
      Exchanges.empty(exchange, answer.status(), headers);
    }
  }

  private static ArmInterceptor.Target target(ArmRequest request) {
    return switch (request.kind()) {
      case VNET -> ArmInterceptor.Target.VNET;
      case PEERING -> ArmInterceptor.Target.PEERING;
      case PEERINGS -> ArmInterceptor.Target.PEERING_LIST;
      case OPERATION -> ArmInterceptor.Target.OPERATION;
      case OPERATION_RESULT -> ArmInterceptor.Target.OPERATION_RESULT;
      case UNKNOWN -> ArmInterceptor.Target.OTHER;
    };
  }

  private ArmAnswer answer(HttpExchange exchange, ArmRequest request, String body) {
    if (!request.query().containsKey("api-version")) {
      throw new ArmFailure(400, "MissingApiVersionParameter",
          "The api-version query parameter (?api-version=) is required for all requests.");
    }
    String subscription = request.subscription().orElseThrow(() -> new ArmFailure(404,
        "NotFound", "No HTTP resource was found that matches the request URI."));
    ArmWorld.Token token = access.primary(exchange, subscription);
    injectFailures();
    return switch (request.kind()) {
      case OPERATION -> operation(request, false);
      case OPERATION_RESULT -> operation(request, true);
      case VNET -> vnet(exchange, request, token, body);
      case PEERINGS -> {
        onlyMethod(request, "GET");
        access.require(token, "Microsoft.Network/virtualNetworks/virtualNetworkPeerings/read",
            request.vnetId() + "/virtualNetworkPeerings");
        yield resources.listPeerings(request);
      }
      case PEERING -> peering(exchange, request, token, body);
      case UNKNOWN -> throw new ArmFailure(404, "NotFound",
          "No HTTP resource was found that matches the request URI.");
    };
  }

  private void injectFailures() {
    if (world.throttleRemaining > 0) {
      world.throttleRemaining--;
      long seconds = world.throttleRetryAfter.toSeconds();
      throw new ArmFailure(429, "TooManyRequests",
          "The request is being throttled. Retry after " + seconds + " seconds.",
          Map.of("Retry-After", Long.toString(seconds)));
    }
    if (world.serverErrorsRemaining > 0) {
      world.serverErrorsRemaining--;
      throw new ArmFailure(world.serverErrorStatus,
          world.serverErrorStatus == 503 ? "ServiceUnavailable" : "InternalServerError",
          "The server encountered an internal error. Please retry the request.");
    }
  }

  /** The fault for this request while an outage lasts; 429 and 500 are thrown as answers. */
  private Optional<Fault> outageFault() {
    if (!clock.instant().isBefore(world.outageUntil)) {
      return Optional.empty();
    }
    Fault fault = world.outageFaults.get(world.outageIndex++ % world.outageFaults.size());
    world.outageHits.merge(fault, 1, Integer::sum);
    switch (fault) {
      case THROTTLE -> {
        long seconds = world.outageRetryAfter.toSeconds();
        throw new ArmFailure(429, "TooManyRequests",
            "The request is being throttled. Retry after " + seconds + " seconds.",
            Map.of("Retry-After", Long.toString(seconds)));
      }
      case SERVER_ERROR -> throw new ArmFailure(500, "InternalServerError",
          "The server encountered an internal error. Please retry the request.");
      case TIMEOUT -> {
        return Optional.of(fault);
      }
      default -> throw new IllegalStateException("fault: " + fault);
    }
  }

  private ArmAnswer vnet(HttpExchange exchange, ArmRequest request, ArmWorld.Token token,
      String body) {
    String action = switch (request.method()) {
      case "GET" -> "read";
      case "PUT" -> "write";
      case "DELETE" -> "delete";
      default -> throw methodNotAllowed(request);
    };
    access.require(token, "Microsoft.Network/virtualNetworks/" + action, request.vnetId());
    return switch (request.method()) {
      case "GET" -> resources.getVnet(request);
      case "PUT" -> resources.putVnet(request, json(body));
      default -> resources.deleteVnet(request);
    };
  }

  private ArmAnswer peering(HttpExchange exchange, ArmRequest request, ArmWorld.Token token,
      String body) {
    String action = switch (request.method()) {
      case "GET" -> "read";
      case "PUT" -> "write";
      case "DELETE" -> "delete";
      default -> throw methodNotAllowed(request);
    };
    access.require(token,
        "Microsoft.Network/virtualNetworks/virtualNetworkPeerings/" + action,
        request.peeringId());
    return switch (request.method()) {
      case "GET" -> resources.getPeering(request);
      case "PUT" -> {
        JsonNode parsed = json(body);
        JsonNode remote = parsed.path("properties").path("remoteVirtualNetwork").path("id");
        if (remote.isTextual()) {
          access.requireLinked(exchange, token, request.peeringId(), remote.asText());
        }
        yield resources.putPeering(request, parsed);
      }
      default -> resources.deletePeering(request);
    };
  }

  private ArmAnswer operation(ArmRequest request, boolean result) {
    onlyMethod(request, "GET");
    ArmWorld.Operation op = world.operations.get(request.operationId());
    if (op == null || !op.subscription.equalsIgnoreCase(request.subscription().orElseThrow())) {
      throw new ArmFailure(404, "OperationNotFound",
          "Operation " + request.operationId() + " was not found.");
    }
    world.tick(op);
    Map<String, String> headers = new LinkedHashMap<>();
    boolean running = op.status.equals("InProgress");
    if (running) {
      headers.put("Retry-After", Long.toString(world.pollRetryAfter.toSeconds()));
    }
    if (result) {
      if (running) {
        headers.putAll(resources.asyncHeaders(op, true));
        return ArmAnswer.empty(202, headers);
      }
      if (op.failure.isPresent()) {
        throw new ArmFailure(400, op.failure.get().code(), op.failure.get().message());
      }
      return ArmAnswer.empty(204, headers);
    }
    ObjectNode status = ArmWorld.JSON.createObjectNode();
    status.put("status", op.status);
    if (op.status.equals("Failed")) {
      ObjectNode error = status.putObject("error");
      error.put("code", op.failure.orElseThrow().code());
      error.put("message", op.failure.orElseThrow().message());
    }
    return ArmAnswer.json(200, status, headers);
  }

  private static void onlyMethod(ArmRequest request, String method) {
    if (!request.method().equals(method)) {
      throw methodNotAllowed(request);
    }
  }

  private static ArmFailure methodNotAllowed(ArmRequest request) {
    return new ArmFailure(405, "MethodNotAllowed",
        "The requested resource does not support http method '" + request.method() + "'.");
  }

  private static JsonNode json(String body) {
    try {
      JsonNode node = ArmWorld.JSON.readTree(body.isEmpty() ? "null" : body);
      return requireNonNull(node, "body");
    } catch (JsonProcessingException e) {
      throw new ArmFailure(400, "InvalidRequestContent",
          "The request content was invalid and could not be deserialized: "
              + e.getOriginalMessage());
    }
  }
}
