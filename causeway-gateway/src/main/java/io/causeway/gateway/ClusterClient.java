package io.causeway.gateway;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A data plane's link to its control plane (hybrid mode): serves the cached snapshot at once if
 * there is one, joins with the join token when the node has no certificate yet, then holds a
 * WebSocket over mutual TLS to the cluster listener. The first message of a connection is a whole
 * snapshot ({@code reconfigure}); later ones may be {@code delta}s, patched onto the document served
 * and verified against the announced hash ({@link SnapshotPatch}), or else a {@code resync} asks
 * for a whole one. Each snapshot, whole or patched, is validated
 * with the same rules as a declarative file and applied atomically ({@link DataPlane#apply});
 * an invalid one is refused and the current configuration keeps serving. The node pings with its
 * config hash (the SHA-256 of the snapshot document as the control plane sent it, which the
 * control plane computes without parsing the document again; a snapshot with the hash served,
 * e.g. after a reconnect, is acknowledged without being parsed); a lost connection is retried
 * with jittered exponential backoff, while the data plane keeps serving its last good snapshot.
 *
 * <p>Threading: one scheduler thread drives connecting, pings and reconnects; messages are handled
 * on the HTTP client's threads. {@link #close} stops everything and leaves the data plane serving.
 */
public final class ClusterClient implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterClient.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final DataPlane dataPlane;
  private final ClusterClientOptions options;
  private final SnapshotCache cache;
  private final ScheduledExecutorService scheduler;
  private final SplittableRandom jitter;
  private final Object lock = new Object();
  private Optional<ClusterIdentity> identity;
  private HttpClient http;
  private WebSocket socket;
  private int failures;
  private long lastPongNanos;
  private volatile long appliedVersion = -1;
  /** The control plane's hash of the snapshot served; empty before the first one. */
  private volatile String servedHash = "";
  /**
   * The document of {@link #servedHash} as received in this process (what deltas patch); null
   * until a whole snapshot arrives (the first message of every connection is one).
   */
  private volatile String servedDocument;
  /** A resync was asked for: deltas are ignored until the whole snapshot it brings. */
  private volatile boolean resyncAsked;
  private final AtomicLong deltasApplied = new AtomicLong();
  private final AtomicLong resyncs = new AtomicLong();
  /** The routes of the last snapshot read, to skip re-checking the unchanged ones. */
  private volatile DeclarativeConfigMemo memo = DeclarativeConfigMemo.EMPTY;
  private volatile boolean connected;
  private volatile boolean closed;

  private ClusterClient(DataPlane dataPlane, ClusterClientOptions options) {
    this.dataPlane = dataPlane;
    this.options = options;
    this.cache = new SnapshotCache(options.dataDir());
    this.scheduler = Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().name("causeway-cluster").daemon().factory());
    this.jitter = new SplittableRandom(options.jitterSeed());
    this.identity = ClusterIdentity.load(options.dataDir().resolve("cluster"));
  }

  /**
   * Applies the cached snapshot, if any, and starts connecting in the background.
   *
   * @throws IllegalArgumentException the node has no certificate and no join token was given
   */
  public static ClusterClient start(DataPlane dataPlane, ClusterClientOptions options) {
    requireNonNull(dataPlane, "dataPlane");
    requireNonNull(options, "options");
    ClusterClient client = new ClusterClient(dataPlane, options);
    if (client.identity.isEmpty() && options.joinToken().isEmpty()) {
      client.scheduler.shutdownNow();
      throw new IllegalArgumentException("data plane " + options.dataDir()
          + " has not joined a control plane yet (expected: --join-token)");
    }
    client.cache.load().ifPresent(cached -> {
      dataPlane.apply(cached.config());
      client.appliedVersion = cached.version();
      client.servedHash = cached.configHash();
      client.memo = cached.memo();
      LOG.info("serving cached configuration version {} ({}) until the control plane answers",
          cached.version(), cached.configHash());
    });
    client.scheduler.execute(client::connect);
    long ping = options.pingInterval().toMillis();
    client.scheduler.scheduleAtFixedRate(client::ping, ping, ping, TimeUnit.MILLISECONDS);
    return client;
  }

  /** True while the WebSocket to the control plane is open. */
  public boolean isConnected() {
    return connected;
  }

  /** The version of the snapshot being served; -1 before the first one. */
  public long appliedVersion() {
    return appliedVersion;
  }

  /**
   * The hash of the snapshot being served, as the control plane computes it (SHA-256 of the
   * snapshot document); empty before the first snapshot. This is what pings report.
   */
  public String configHash() {
    return servedHash;
  }

  /** How many {@code delta} messages were applied (patched, verified) by this client. */
  public long deltasApplied() {
    return deltasApplied.get();
  }

  /** How many times this client asked for a whole snapshot because a delta did not fit. */
  public long resyncs() {
    return resyncs.get();
  }

  /** This node's id as the control plane knows it, once joined. */
  public Optional<String> nodeId() {
    synchronized (lock) {
      return identity.map(ClusterIdentity::nodeId);
    }
  }

  private void connect() {
    if (closed) {
      return;
    }
    try {
      ClusterIdentity id = identity();
      HttpClient client = HttpClient.newBuilder().sslContext(id.sslContext())
          .connectTimeout(Duration.ofSeconds(10)).build();
      URI outlet = outletUri();
      client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
          .buildAsync(outlet, new Listener())
          .whenComplete((ws, failure) -> {
            if (failure != null) {
              client.close();
              retry("connect to " + outlet + " failed: " + rootMessage(failure));
              return;
            }
            synchronized (lock) {
              if (closed) {
                ws.abort();
                client.close();
                return;
              }
              http = client;
              socket = ws;
              failures = 0;
              resyncAsked = false;
              lastPongNanos = System.nanoTime();
            }
            connected = true;
            LOG.info("connected to control plane {} as node {}", options.controlPlane(),
                id.nodeId());
          });
    } catch (IllegalArgumentException e) {
      // A refused join token will not get better by retrying; say so once and stop.
      LOG.error("cannot join control plane {}: {}", options.controlPlane(), e.getMessage());
    } catch (RuntimeException e) {
      retry(e.getMessage());
    }
  }

  private ClusterIdentity identity() {
    synchronized (lock) {
      if (identity.isEmpty()) {
        identity = Optional.of(ClusterIdentity.join(options.controlPlane(),
            options.joinToken().orElseThrow(), options.hostname(), options.version(),
            options.dataDir().resolve("cluster")));
      }
      return identity.get();
    }
  }

  private URI outletUri() {
    URI base = options.controlPlane();
    String query = "node_hostname=" + encode(options.hostname())
        + "&node_version=" + encode(options.version())
        + "&config_hash=" + encode(servedHash);
    return URI.create("wss://" + base.getRawAuthority() + "/v1/outlet?" + query);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private void retry(String why) {
    connected = false;
    if (closed) {
      return;
    }
    long delay;
    synchronized (lock) {
      socket = null;
      if (http != null) {
        http.close();
        http = null;
      }
      int attempt = Math.min(failures++, 20);
      long max = options.backoffMax().toMillis();
      long base = Math.min(max, options.backoffBase().toMillis() << Math.min(attempt, 30));
      delay = base / 2 + (long) (jitter.nextDouble() * (base / 2.0));
    }
    LOG.info("control plane {} unreachable ({}); retrying in {} ms, still serving version {}",
        options.controlPlane(), why, delay, appliedVersion);
    scheduler.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
  }

  private void ping() {
    WebSocket ws;
    synchronized (lock) {
      ws = socket;
      if (ws != null && System.nanoTime() - lastPongNanos
          > options.pingInterval().toNanos() * 3 / 2 + options.pingInterval().toNanos()) {
        socket = null;
        ws.abort();
        scheduler.execute(() -> retry("no pong in time"));
        return;
      }
    }
    if (ws != null) {
      sendPing(ws);
    }
  }

  private void sendPing(WebSocket ws) {
    String ping = "{\"type\":\"ping\",\"config_hash\":\"" + servedHash + "\"}";
    synchronized (ws) {
      ws.sendText(ping, true).exceptionally(e -> null);
    }
  }

  private void handle(WebSocket ws, String text) {
    if (text.startsWith(DELTA)) {
      delta(ws, text);
      return;
    }
    Optional<String> config = configOf(text);
    if (config.isPresent()) {
      resyncAsked = false;
    }
    handle(ws, text, config, config.map(ClusterClient::sha256));
  }

  /**
   * A {@code delta}: patches the document served into the next one and handles it as the whole
   * snapshot it stands for; on a mismatch (see {@link SnapshotPatch}) asks for a whole one.
   */
  private void delta(WebSocket ws, String text) {
    JsonNode delta;
    try {
      delta = JSON.readTree(text);
    } catch (Exception e) {
      LOG.warn("control plane sent malformed JSON, ignored: {}", e.getMessage());
      return;
    }
    if (resyncAsked) {
      // Made from what the control plane sent before, which this node did not take: the whole
      // snapshot asked for is on its way.
      return;
    }
    long version = delta.path("version").asLong(-1);
    Optional<SnapshotPatch.Patched> patched = SnapshotPatch.apply(servedDocument, servedHash,
        delta, why -> LOG.info("delta to version {} does not fit ({}); asking for a whole "
            + "snapshot", version, why));
    if (patched.isEmpty()) {
      resyncAsked = true;
      resyncs.incrementAndGet();
      synchronized (ws) {
        ws.sendText("{\"type\":\"resync\"}", true).exceptionally(e -> null);
      }
      return;
    }
    deltasApplied.incrementAndGet();
    String document = patched.get().document();
    // The whole message this delta stands for: parsed, applied and cached like one.
    String whole = "{\"type\":\"reconfigure\",\"version\":" + version + ",\"config_hash\":\""
        + patched.get().hash() + "\",\"config\":" + document + "}";
    handle(ws, whole, Optional.of(document), Optional.of(patched.get().hash()));
  }

  private void handle(WebSocket ws, String text, Optional<String> config,
      Optional<String> hash) {
    if (hash.isPresent() && hash.get().equals(servedHash)) {
      // The snapshot served already (a reconnect): acknowledge without parsing it again.
      Matcher version = VERSION.matcher(text);
      if (version.lookingAt()) {
        appliedVersion = Long.parseLong(version.group(1));
      }
      servedDocument = config.get();
      sendPing(ws);
      return;
    }
    JsonNode message;
    try {
      message = JSON.readTree(text);
    } catch (Exception e) {
      LOG.warn("control plane sent malformed JSON, ignored: {}", e.getMessage());
      return;
    }
    switch (message.path("type").asText()) {
      case "pong" -> {
        synchronized (lock) {
          lastPongNanos = System.nanoTime();
        }
      }
      case "reconfigure" -> reconfigure(ws, text, config.orElse(null), hash.orElse(""),
          message);
      default -> LOG.debug("control plane message of type {} ignored", message.path("type"));
    }
  }

  /** How the control plane starts a snapshot message (ClusterConnection.reconfigure). */
  private static final String RECONFIGURE = "{\"type\":\"reconfigure\",";
  /** How the control plane starts a delta message (SnapshotDelta, docs/hybrid.md). */
  private static final String DELTA = "{\"type\":\"delta\",";
  private static final Pattern VERSION =
      Pattern.compile("\\{\"type\":\"reconfigure\",\"version\":(\\d{1,18}),");

  /**
   * The snapshot document inside a {@code reconfigure} message, as sent: the control plane
   * writes {@code config} last, after fields that hold no objects, so it runs from the first
   * {@code ,"config":} to the message's closing brace.
   */
  static Optional<String> configOf(String message) {
    int at = message.indexOf(",\"config\":");
    if (!message.startsWith(RECONFIGURE) || at < 0 || !message.endsWith("}")) {
      return Optional.empty();
    }
    return Optional.of(message.substring(at + ",\"config\":".length(), message.length() - 1));
  }

  static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is a required JDK algorithm", e);
    }
  }

  private void reconfigure(WebSocket ws, String text, String document, String hash,
      JsonNode message) {
    long version = message.path("version").asLong(-1);
    JsonNode config = message.path("config");
    GatewayConfig parsed;
    DeclarativeConfigReader reader = new DeclarativeConfigReader(memo);
    try {
      parsed = reader.read(config);
    } catch (ConfigException e) {
      LOG.error("snapshot version {} refused, still serving version {}: {}", version,
          appliedVersion, e.getMessage());
      return;
    } catch (Exception e) {
      LOG.error("snapshot version {} unreadable: {}", version, e.toString());
      return;
    }
    // What was received is what is reported: the hash of the document as it arrived.
    String claimed = message.path("config_hash").asText();
    if (!hash.equals(claimed)) {
      LOG.warn("snapshot version {}: hash {} differs from the control plane's {}", version,
          hash, claimed);
    }
    // Only the DNS forwarding of another network, or nothing, changed: applying the same
    // configuration again would only reset health state.
    if (!parsed.sameContent(dataPlane.config())) {
      dataPlane.apply(parsed);
    }
    memo = reader.memo();
    appliedVersion = version;
    servedHash = hash;
    servedDocument = document;
    // After the swap: the disk copy is for the next start, not on the way to serving.
    try {
      cache.store(text);
    } catch (UncheckedIOException e) {
      LOG.warn("snapshot version {} applied but not cached: {}", version, e.getMessage());
    }
    sendPing(ws);
  }

  private static String rootMessage(Throwable t) {
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.toString();
  }

  @Override
  public void close() {
    closed = true;
    connected = false;
    scheduler.shutdownNow();
    synchronized (lock) {
      if (socket != null) {
        socket.abort();
        socket = null;
      }
      if (http != null) {
        http.close();
        http = null;
      }
    }
  }

  /** Collects text frames into messages; a closed or failed socket means reconnecting. */
  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        handle(ws, text);
      }
      ws.request(1);
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
      lost(ws, "closed by the control plane (" + status + " " + reason + ")");
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      lost(ws, rootMessage(error));
    }

    private void lost(WebSocket ws, String why) {
      synchronized (lock) {
        if (socket != ws && socket != null) {
          return;
        }
      }
      scheduler.execute(() -> retry(why));
    }
  }
}
