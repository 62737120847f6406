package io.causeway.gateway;

import static java.util.Objects.requireNonNull;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running data plane: the proxy listeners (HTTP/1.1 and h2c on the proxy port, HTTPS with ALPN
 * h2/http1.1 on the TLS port), the status listener, and the configuration it serves.
 *
 * <p>Threading: {@link #reload()} and {@link #apply} may be called from any thread; the new
 * configuration is swapped in atomically and requests already routed finish with the old one.
 * {@link #close()} stops accepting, lets in-flight requests finish for a bounded time, then closes
 * every connection.
 */
public final class DataPlane implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DataPlane.class);

  private final DataPlaneOptions options;
  private final ProxyRuntime rt;
  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final HostResolver resolver;
  private final AccessLog accessLog;
  private final ActiveHealthChecks healthChecks;
  private final ClientGuards guards;
  private final List<Channel> listeners = new ArrayList<>();
  private final Object configLock = new Object();
  private int proxyPort;
  private int proxyTlsPort = -1;
  private int statusPort;
  private boolean closed;
  private volatile Optional<ClusterClient> cluster = Optional.empty();

  private DataPlane(
      DataPlaneOptions options, ProxyLimits limits, int threads, Function<Transport, HostResolver> resolvers) {
    this.options = options;
    Transport transport = Transport.best();
    this.boss = transport.newGroup(1, new DefaultThreadFactory("causeway-accept", true));
    this.workers = transport.newGroup(threads, new DefaultThreadFactory("causeway-loop", true));
    this.resolver = resolvers.apply(transport);
    GatewayMetrics metrics = new GatewayMetrics();
    this.accessLog = new AccessLog(metrics);
    UpstreamPool pool = new UpstreamPool(transport, limits.maxIdleUpstreamPerAddress(), limits.upstreamIdleTimeout());
    this.rt = new ProxyRuntime(pool, resolver, RequestIds.random(), metrics, accessLog, limits, options.nodeName());
    this.healthChecks = new ActiveHealthChecks(workers.next());
    metrics.gauge("causeway_connections_active", "open downstream connections", rt.connections::get);
    metrics.gauge("causeway_requests_in_flight", "requests being proxied", rt.inFlight::get);
    this.guards = new ClientGuards(limits.client());
    guards.export(metrics);
    LOG.info("data plane {} using {} transport with {} event loops", options.nodeName(), transport.name(), threads);
  }

  /**
   * Binds the listeners and loads the declarative file, if any.
   *
   * @throws IllegalArgumentException when the declarative file is invalid (the message lists why)
   * @throws UncheckedIOException when a port cannot be bound or files cannot be written
   */
  public static DataPlane start(DataPlaneOptions options) {
    nettyDefaults();
    return start(options, ProxyLimits.defaults().withClient(options.clientLimits()), Integer.getInteger("causeway.eventLoops", Runtime.getRuntime().availableProcessors()));
  }

  /**
   * Netty settings for a process that runs a data plane, unless the JVM was started with them.
   * Leak detection records a stack trace for one buffer in 128, about 0.7 % of the proxy path's
   * CPU: a debugging aid, off unless {@code -Dio.netty.leakDetection.level=...} asks (the tests
   * run it paranoid). Netty's object recycler hands each outbound write's entry back through a
   * lock-free queue with ordered stores, about 1 % of the CPU; a plain allocation is cheaper
   * with today's collectors, so it is off unless {@code io.netty.recycler.maxCapacityPerThread}
   * is set (it takes effect when Netty's recycler is first loaded, so only for a process that
   * starts here).
   */
  static void nettyDefaults() {
    if (System.getProperty("io.netty.recycler.maxCapacityPerThread") == null) {
      System.setProperty("io.netty.recycler.maxCapacityPerThread", "0");
    }
    if (System.getProperty("io.netty.leakDetection.level") == null
        && System.getProperty("io.netty.leakDetectionLevel") == null) {
      ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
    }
  }

  static DataPlane start(DataPlaneOptions options, ProxyLimits limits, int threads) {
    // The forwarding table starts empty (everything goes to the system resolver) and follows
    // each configuration's _causeway.dns_forwarding.
    return start(options, limits, threads, transport -> ForwardingResolver.create(List.of(), transport));
  }

  /** With another resolver, e.g. one forwarding private domains to their own DNS servers. */
  static DataPlane start(
      DataPlaneOptions options, ProxyLimits limits, int threads, Function<Transport, HostResolver> resolvers) {
    requireNonNull(options, "options");
    DataPlane dp = new DataPlane(options, limits, threads, resolvers);
    try {
      dp.loadInitialConfig();
      dp.joinControlPlane();
      dp.bindAll();
      dp.writeEndpoints();
      return dp;
    } catch (RuntimeException e) {
      dp.close();
      throw e;
    }
  }

  /** Hybrid mode: serve the cached snapshot at once and follow the control plane from now on. */
  private void joinControlPlane() {
    if (options.controlPlane().isEmpty()) {
      return;
    }
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      host = options.nodeName();
    }
    cluster = Optional.of(ClusterClient.start(this, ClusterClientOptions.of(
        options.controlPlane().get(), options.joinToken(), options.dataDir(), host)));
  }

  /** The link to the control plane, in hybrid mode. */
  public Optional<ClusterClient> cluster() {
    return cluster;
  }

  private void loadInitialConfig() {
    if (options.declarativeConfig().isEmpty()) {
      return;
    }
    ReloadResult result = reload();
    if (result instanceof ReloadResult.Rejected rejected) {
      throw new IllegalArgumentException(
          "declarative config " + options.declarativeConfig().get() + ": " + String.join("; ", rejected.problems()));
    }
  }

  private void bindAll() {
    proxyPort = bind(options.proxyHost(), options.proxyPort(), Http1Pipeline.cleartext(rt, guards), true);
    if (options.hasTls()) {
      proxyTlsPort = bind(options.proxyHost(), options.proxyTlsPort(), Http1Pipeline.tls(rt, sslContext(), guards), false);
    }
    statusPort = bind(options.statusHost(), options.statusPort(), StatusServer.initializer(rt, options.nodeName()), false);
    LOG.info("proxy listening on {}:{}{}, status on {}:{}", options.proxyHost(), proxyPort,
        proxyTlsPort >= 0 ? " (tls " + proxyTlsPort + ")" : "", options.statusHost(), statusPort);
  }

  private int bind(String host, int port, ChannelInitializer<Channel> init, boolean manualRead) {
    Transport transport = Transport.best();
    ServerBootstrap b =
        new ServerBootstrap()
            .group(boss, workers)
            .channel(transport.serverChannel())
            .option(ChannelOption.SO_BACKLOG, 16384)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.AUTO_READ, !manualRead)
            .childHandler(init);
    var f = b.bind(new InetSocketAddress(host, port)).awaitUninterruptibly();
    if (!f.isSuccess()) {
      throw new UncheckedIOException(
          new IOException("cannot bind " + host + ":" + port + ": " + f.cause().getMessage(), f.cause()));
    }
    listeners.add(f.channel());
    return ((InetSocketAddress) f.channel().localAddress()).getPort();
  }

  private SslContext sslContext() {
    try {
      return SslContextBuilder.forServer(options.tlsCert().get().toFile(), options.tlsKey().get().toFile())
          .sslProvider(SslProvider.JDK)
          .applicationProtocolConfig(
              new ApplicationProtocolConfig(
                  ApplicationProtocolConfig.Protocol.ALPN,
                  ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                  ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                  ApplicationProtocolNames.HTTP_2,
                  ApplicationProtocolNames.HTTP_1_1))
          .build();
    } catch (SSLException | IllegalArgumentException e) {
      throw new IllegalArgumentException("tls: cannot load certificate/key: " + e.getMessage(), e);
    }
  }

  private void writeEndpoints() {
    try {
      Files.createDirectories(options.dataDir());
      Path tmp = options.dataDir().resolve("endpoints.json.tmp");
      String json = "{\"proxy_port\":" + proxyPort + ",\"proxy_tls_port\":" + proxyTlsPort
          + ",\"status_port\":" + statusPort + ",\"proxy_host\":\"" + Problems.escape(options.proxyHost())
          + "\",\"status_host\":\"" + Problems.escape(options.statusHost()) + "\"}\n";
      Files.writeString(tmp, json, StandardCharsets.UTF_8);
      Files.move(tmp, options.dataDir().resolve("endpoints.json"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + options.dataDir().resolve("endpoints.json"), e);
    }
  }

  /** The bound proxy port (the actual one when 0 was asked for). */
  public int proxyPort() {
    return proxyPort;
  }

  /** The bound TLS proxy port, or -1 when TLS is off. */
  public int proxyTlsPort() {
    return proxyTlsPort;
  }

  /** The bound status port. */
  public int statusPort() {
    return statusPort;
  }

  /** The hash of the configuration being served. */
  public String configHash() {
    return rt.state.get().config().hash();
  }

  /** The configuration being served. */
  GatewayConfig config() {
    return rt.state.get().config();
  }

  /**
   * Re-reads the declarative file. A file that cannot be read or is invalid leaves the current
   * configuration serving; the result says why. Safe to call from a signal handler thread.
   */
  public ReloadResult reload() {
    if (options.declarativeConfig().isEmpty()) {
      return new ReloadResult.NoDeclarativeConfig();
    }
    Path file = options.declarativeConfig().get();
    GatewayConfig config;
    try {
      config = DeclarativeConfig.load(file);
    } catch (ConfigException e) {
      List<String> problems = e.problems().stream().map(ConfigProblem::toString).toList();
      LOG.warn("declarative config {} rejected, keeping the current one: {}", file, problems);
      return new ReloadResult.Rejected(problems.isEmpty() ? List.of(String.valueOf(e.getMessage())) : problems);
    } catch (RuntimeException e) {
      LOG.warn("declarative config {} unreadable, keeping the current one: {}", file, e.toString());
      return new ReloadResult.Rejected(List.of(file + ": " + e.getMessage()));
    }
    apply(config);
    return new ReloadResult.Applied(config.hash());
  }

  /**
   * Serves {@code config} from now on (an atomic swap). Requests already routed finish with the
   * configuration they started with; health state starts afresh for the new upstreams.
   */
  public void apply(GatewayConfig config) {
    requireNonNull(config, "config");
    synchronized (configLock) {
      if (resolver instanceof ForwardingResolver forwarding) {
        // Before the swap, so requests routed by the new configuration resolve with its table.
        forwarding.updateTable(config.dnsForwarding());
      }
      ProxyState next = ProxyState.of(config, true);
      // Before the swap, so the first request on the new snapshot finds its counters indexed.
      rt.metrics.index(config);
      rt.state.set(next);
      healthChecks.restart(next.upstreams().values());
    }
    LOG.info("configuration {} applied", config);
  }

  @Override
  public void close() {
    synchronized (configLock) {
      if (closed) {
        return;
      }
      closed = true;
    }
    cluster.ifPresent(ClusterClient::close);
    rt.draining = true;
    for (Channel l : listeners) {
      l.close().awaitUninterruptibly();
    }
    long deadline = System.nanoTime() + rt.limits.drainTimeout().toNanos();
    while (rt.inFlight.get() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    healthChecks.close();
    workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    resolver.close();
    accessLog.close();
    LOG.info("data plane {} stopped", options.nodeName());
  }
}
