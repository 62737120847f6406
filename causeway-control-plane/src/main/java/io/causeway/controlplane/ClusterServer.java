package io.causeway.controlplane;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.causeway.model.InvalidParameter;
import io.causeway.model.InvalidParameter.Rule;
import io.causeway.store.NodeRow;
import io.causeway.store.Store;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.websocket.WsContext;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.security.auth.x500.X500Principal;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster listener (default port 8005): TLS only, with certificates of the control plane's
 * {@link ClusterCa}. Two endpoints:
 *
 * <ul>
 *   <li>{@code POST /v1/join} — a data plane presents a join token and its public key once and
 *       receives its client certificate (no client certificate needed for this call);
 *   <li>{@code GET /v1/outlet} (WebSocket) — only with a client certificate of a node that still
 *       exists; the control plane pushes {@code reconfigure} (whole snapshot) and {@code delta}
 *       messages, the node sends {@code ping} messages with its config hash and gets {@code
 *       pong}s, and {@code resync} when a delta does not fit its copy (see docs/hybrid.md).
 * </ul>
 */
final class ClusterServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterServer.class);
  static final String JOIN = "/v1/join";
  static final String OUTLET = "/v1/outlet";
  private static final String NODE = "causeway.cluster.node";
  private static final String PLANE = "causeway.cluster.control-plane";
  private static final String NETWORK = "causeway.cluster.network";
  /** Snapshots of 10,000 routes are a few MiB. */
  private static final long MAX_MESSAGE = 256L * 1024 * 1024;

  private final Javalin app;
  private final ClusterHub hub;

  private ClusterServer(Javalin app, ClusterHub hub) {
    this.app = app;
    this.hub = hub;
  }

  static ClusterServer start(String host, int port, Store store, ClusterCa ca, ClusterHub hub,
      Duration idleTimeout) {
    Handlers handlers = new Handlers(store, ca, hub);
    Javalin app = Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.startup.showOldJavalinVersionWarning = false;
      config.concurrency.useVirtualThreads = true;
      config.http.maxRequestSize = 64_000;
      config.jetty.addConnector((server, http) -> {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(ca.serverKeyStore(List.of(host)));
        ssl.setKeyStorePassword("");
        ssl.setTrustStore(ca.trustStore());
        ssl.setTrustStorePassword("");
        // Wanted, not needed: the join call comes before the node has a certificate; the
        // outlet refuses connections without one.
        ssl.setWantClientAuth(true);
        http.addCustomizer(new SecureRequestCustomizer(false));
        ServerConnector connector = new ServerConnector(server,
            new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        return connector;
      });
      config.jetty.modifyWebSocketServletFactory(f -> {
        f.setMaxTextMessageSize(MAX_MESSAGE);
        f.setIdleTimeout(idleTimeout);
      });
      config.routes.exception(Exception.class, Problems::handle);
      handlers.add(config.routes);
    });
    app.start(host, port);
    return new ClusterServer(app, hub);
  }

  private static Optional<UUID> uuid(String text) {
    try {
      return Optional.of(UUID.fromString(text));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  int port() {
    return app.port();
  }

  @Override
  public void close() {
    app.stop();
  }

  /** The request handlers, apart from the listener's set-up. */
  private static final class Handlers {
    private final Store store;
    private final ClusterCa ca;
    private final ClusterHub hub;
    private final Map<String, ClusterConnection> bySession = new ConcurrentHashMap<>();

    Handlers(Store store, ClusterCa ca, ClusterHub hub) {
      this.store = store;
      this.ca = ca;
      this.hub = hub;
    }

    void add(RoutesConfig routes) {
      routes.post(JOIN, this::join);
      routes.wsBeforeUpgrade(OUTLET, this::authorize);
      routes.ws(OUTLET, ws -> {
        ws.onConnect(this::connected);
        ws.onMessage(ctx -> message(ctx, ctx.message()));
        ws.onClose(this::closed);
        ws.onError(this::closed);
      });
    }

    private void join(Context ctx) {
      BodyFields body = new BodyFields(Bodies.json(ctx),
          java.util.Set.of("join_token", "public_key", "hostname", "version"));
      String token = body.string("join_token", true, 1, 512).orElse("");
      String key = body.string("public_key", true, 1, 4096).orElse("");
      String hostname = body.string("hostname", true, 1, 255).orElse("");
      String version = body.string("version", true, 1, 64).orElse("");
      body.check();
      PublicKey publicKey = publicKey(key);
      String hash = JoinTokens.hashOf(token).orElseThrow(ApiException::unauthorized);
      UUID nodeId = UUID.randomUUID();
      X509Certificate cert = ca.issueClient(nodeId.toString(), publicKey);
      NodeRow node = store.inTransaction(tx -> {
        var redeemed = tx.joinTokens().redeem(hash, nodeId)
            .orElseThrow(ApiException::unauthorized);
        // The token's network binds the node for good: the row is pinned to the certificate
        // issued here, and the node never names a network itself.
        return tx.nodes().insert(NodeRow.create(nodeId, redeemed.controlPlaneId(), hostname,
            version, ClusterCa.fingerprint(cert), redeemed.networkId()));
      });
      LOG.info("cluster: node {} ({}) joined control plane {}{}", nodeId, hostname,
          node.controlPlaneId(), node.networkId().map(n -> " in network " + n).orElse(""));
      ObjectNode answer = Json.object();
      answer.put("node_id", nodeId.toString());
      answer.put("control_plane_id", node.controlPlaneId().toString());
      node.networkId().ifPresentOrElse(
          n -> answer.put("cloud_gateway_network_id", n.toString()),
          () -> answer.putNull("cloud_gateway_network_id"));
      try {
        answer.put("certificate", ClusterCa.pem("CERTIFICATE", cert.getEncoded()));
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
      answer.put("ca_certificate", ca.certificatePem());
      Responses.json(ctx, 201, answer);
    }

    private static PublicKey publicKey(String base64) {
      try {
        X509EncodedKeySpec spec = new X509EncodedKeySpec(Base64.getDecoder().decode(base64));
        for (String algorithm : List.of("EC", "RSA")) {
          try {
            return KeyFactory.getInstance(algorithm).generatePublic(spec);
          } catch (GeneralSecurityException e) {
            // not this algorithm
          }
        }
      } catch (IllegalArgumentException e) {
        // answered below
      }
      throw ApiException.badRequest(InvalidParameter.of("public_key", Rule.INVALID,
          "public_key: not a base64 DER SubjectPublicKeyInfo (expected: an EC or RSA key)"));
    }

    /** Only a node that still exists, presenting the certificate it was issued, may connect. */
    private void authorize(Context ctx) {
      Object attribute = ctx.req().getAttribute("jakarta.servlet.request.X509Certificate");
      if (!(attribute instanceof X509Certificate[] chain) || chain.length == 0) {
        throw ApiException.unauthorized();
      }
      UUID nodeId = commonName(chain[0].getSubjectX500Principal())
          .flatMap(ClusterServer::uuid).orElseThrow(ApiException::unauthorized);
      NodeRow node = store.nodes().get(nodeId)
          .filter(n -> n.certFingerprint().equals(ClusterCa.fingerprint(chain[0])))
          .orElseThrow(ApiException::unauthorized);
      ctx.attribute(NODE, nodeId);
      ctx.attribute(PLANE, node.controlPlaneId());
      ctx.attribute(NETWORK, node.networkId());
    }

    private static Optional<String> commonName(X500Principal principal) {
      for (String part : principal.getName(X500Principal.RFC2253).split(",")) {
        if (part.startsWith("CN=")) {
          return Optional.of(part.substring(3));
        }
      }
      return Optional.empty();
    }

    private void connected(WsContext ctx) {
      UUID nodeId = ctx.attribute(NODE);
      UUID plane = ctx.attribute(PLANE);
      Optional<UUID> network = ctx.attribute(NETWORK);
      ClusterConnection connection = new ClusterConnection(nodeId, plane,
          network == null ? Optional.empty() : network, ctx.session);
      bySession.put(ctx.sessionId(), connection);
      recordPing(ctx, nodeId, Optional.ofNullable(ctx.queryParam("config_hash")));
      LOG.info("cluster: node {} connected", nodeId);
      hub.connected(connection);
    }

    private void message(WsContext ctx, String text) {
      ClusterConnection connection = bySession.get(ctx.sessionId());
      if (connection == null) {
        return;
      }
      JsonNode message;
      try {
        message = Json.read(text);
      } catch (RuntimeException e) {
        LOG.info("cluster: node {} sent malformed JSON, ignored", connection.nodeId());
        return;
      }
      if ("ping".equals(message.path("type").asText())) {
        Optional<String> hash = Optional.of(message.path("config_hash").asText(""))
            .filter(h -> h.matches("[0-9a-f]{64}"));
        recordPing(ctx, connection.nodeId(), hash);
        connection.send("{\"type\":\"pong\"}");
      } else if ("resync".equals(message.path("type").asText())) {
        LOG.info("cluster: node {} asked for a whole snapshot", connection.nodeId());
        hub.resync(connection);
      }
    }

    private void recordPing(WsContext ctx, UUID nodeId, Optional<String> hash) {
      String hostname = clip(ctx.queryParam("node_hostname"), 255).orElse("unknown");
      String version = clip(ctx.queryParam("node_version"), 64).orElse("unknown");
      if (store.nodes().recordPing(nodeId, hostname, version, hash).isEmpty()) {
        ctx.closeSession(4001, "node deleted: join again");
      }
    }

    private static Optional<String> clip(String value, int max) {
      return Optional.ofNullable(value).filter(v -> !v.isBlank())
          .map(v -> v.length() > max ? v.substring(0, max) : v);
    }

    private void closed(WsContext ctx) {
      ClusterConnection connection = bySession.remove(ctx.sessionId());
      if (connection != null) {
        hub.disconnected(connection);
        LOG.info("cluster: node {} disconnected", connection.nodeId());
      }
    }
  }
}
