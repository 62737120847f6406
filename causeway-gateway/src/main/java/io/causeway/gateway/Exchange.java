package io.causeway.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One request relayed to an upstream and its response relayed back: a state machine confined to
 * the downstream channel's event loop (the upstream connection runs on the same loop).
 *
 * <p>Back-pressure: the downstream is read only when every request chunk written upstream has
 * been flushed, and the upstream only when every response chunk written downstream has been, so
 * memory stays bounded by one read per side whatever the body size. A request is retried on
 * another connection (and target) when the connection could not be made, or when it failed before
 * any response byte and no body byte was sent and the method is idempotent.
 */
final class Exchange extends TimeoutSweeper.Swept implements UpstreamListener, UpstreamPool.Lessee {

  private static final Set<HttpMethod> IDEMPOTENT =
      Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.OPTIONS, HttpMethod.TRACE);

  private final ProxyHandler owner;
  private final ChannelHandlerContext down;
  private final ProxyRuntime rt;
  private final HttpRequest request;
  private final ConnectionFacts conn;
  private final boolean downstreamKeepAlive;
  private final AsciiString requestId;
  // Clock reads cost a vDSO call each (2 % of the proxy's CPU at ten per request): an exchange
  // reads the clock at its start, when the request is all sent, at the response head and at its
  // end, and otherwise only while a body is still moving.
  private final long startNanos = System.nanoTime();
  private final String method;
  private final String rawPath;
  // Both stay null for most requests (a body that arrives before the upstream connection, a retry).
  private Set<TargetHealth> tried;
  private ArrayDeque<HttpContent> pending;

  private ProxyState state;
  private RouteMatch match;
  private ServiceDef service;
  private Optional<UpstreamRuntime> upstream = Optional.empty();
  private TargetHealth target;
  private InetSocketAddress targetAddress;
  private HttpRequest upstreamRequest;
  private boolean websocket;
  private boolean bodiless;
  private boolean switched;

  private Channel up;
  private UpstreamHandler upHandler;
  private int attempts;
  private boolean headWritten;
  private boolean requestComplete;
  private boolean requestSent;
  private boolean bodyBytesSent;
  private int requestWrites;
  private boolean downBatchOpen;
  private boolean upBatchOpen;

  private boolean responseStarted;
  private boolean responseComplete;
  private boolean skipInformationalEnd;
  private boolean upstreamKeepAlive;
  private boolean closeAfter;
  /** Whether the downstream connection closes after the response's last write. */
  private boolean closeDown;
  private int responseWrites;
  private int status;
  private long upstreamHeadNanos = -1;
  private long lastUpstreamActivity;
  private long lastDownstreamActivity = startNanos;
  private long writeStarted;
  private ChannelFuture lastDownWrite;
  private boolean done;
  private boolean recorded;

  private final ChannelFutureListener requestWritten = this::requestWritten;
  private final ChannelFutureListener responseWritten = this::responseWritten;

  /** What the downstream connection tells every exchange on it. */
  record ConnectionFacts(
      boolean http2, boolean tls, InetSocketAddress client, String clientIp, int localPort, Optional<String> sni) {}

  Exchange(ProxyHandler owner, ChannelHandlerContext down, ProxyRuntime rt, HttpRequest request, ConnectionFacts conn) {
    this.owner = owner;
    this.down = down;
    this.rt = rt;
    this.request = request;
    this.conn = conn;
    this.downstreamKeepAlive = conn.http2() || HttpUtil.isKeepAlive(request);
    this.requestId = rt.ids.nextAscii();
    this.method = request.method().name();
    Rewrites.toOriginForm(request);
    String uri = request.uri();
    int q = uri.indexOf('?');
    this.rawPath = q >= 0 ? uri.substring(0, q) : uri;
  }

  // ---- request side ------------------------------------------------------------------------

  void start() {
    rt.inFlight.incrementAndGet();
    rt.requests.increment();
    if (request instanceof FullHttpRequest full) {
      // Aggregated by the h2c upgrade handler, an HTTP/2 HEADERS frame that ended the stream, or
      // a request the decoder knows has no body. A bodiless one goes upstream as one message.
      bodiless = Rewrites.isBodiless(request);
      if (bodiless) {
        full.content().release();
      } else {
        pending().add(new DefaultLastHttpContent(full.content(), full.trailingHeaders()));
      }
      requestComplete = true;
    }
    if (!rawPath.startsWith("/")) {
      local(HttpResponseStatus.BAD_REQUEST, "request target must be in origin form");
      return;
    }
    state = rt.state.get();
    String clientHost = clientHost();
    RequestFacts facts =
        new RequestFacts(
            method,
            clientHost,
            conn.tls() ? ServiceDef.Protocol.HTTPS : ServiceDef.Protocol.HTTP,
            rawPath,
            name -> request.headers().getAll(name),
            conn.localPort(),
            conn.sni());
    Optional<RouteMatch> found;
    try {
      found = state.router().match(facts);
    } catch (IllegalArgumentException e) {
      local(HttpResponseStatus.BAD_REQUEST, "bad request path");
      return;
    }
    if (found.isEmpty()) {
      local(HttpResponseStatus.NOT_FOUND, "no Route matched with those values");
      return;
    }
    match = found.get();
    Optional<Integer> redirect = match.httpsRedirectStatus(facts);
    if (redirect.isPresent()) {
      local(HttpResponseStatus.valueOf(redirect.get()), "Please use HTTPS protocol");
      return;
    }
    if (match.service().isEmpty()) {
      local(HttpResponseStatus.SERVICE_UNAVAILABLE, "no Service found with those values");
      return;
    }
    service = match.service().get();
    upstream = state.upstream(service.host());
    Rewrites.Upstream prepared =
        Rewrites.upstreamRequest(request, conn, match, clientHost, requestId, rt.via, requestComplete, bodiless);
    upstreamRequest = prepared.request();
    websocket = prepared.websocket();
    attempt();
  }

  private String clientHost() {
    String host = request.headers().get(HttpHeaderNames.HOST);
    return host == null ? "" : host;
  }

  void onRequestContent(HttpContent content) {
    downBatchOpen = true;
    if (content instanceof LastHttpContent) {
      // The client-side gap timeout ends with the request; no need to note when.
      requestComplete = true;
    } else {
      lastDownstreamActivity = System.nanoTime();
    }
    if (done || switched) {
      content.release();
      return;
    }
    if (up == null || !headWritten) {
      pending().add(content);
      return;
    }
    writeUp(content);
  }

  /** After a protocol switch: raw bytes from the client. */
  void onRawFromDownstream(ByteBuf buf) {
    if (!switched || up == null) {
      buf.release();
      return;
    }
    up.writeAndFlush(buf)
        .addListener(
            f -> {
              if (f.isSuccess()) {
                down.read();
              } else {
                closeBoth();
              }
            });
  }

  void onDownstreamReadComplete() {
    downBatchOpen = false;
    if (up != null && headWritten && !switched) {
      up.flush();
    }
    maybeReadDownstream();
  }

  private void maybeReadDownstream() {
    if (!done && !requestComplete && up != null && headWritten && requestWrites == 0 && !downBatchOpen) {
      down.read();
    }
  }

  private void writeUp(HttpContent content) {
    if (content.content().isReadable()) {
      bodyBytesSent = true;
    }
    if (content instanceof LastHttpContent) {
      requestSent = true;
    }
    if (requestWrites++ == 0) {
      // Precise, as in leased: a lagging stamp would fire the write timeout early.
      writeStarted = System.nanoTime();
    }
    up.write(content).addListener(requestWritten);
  }

  private void requestWritten(ChannelFuture f) {
    if (done || f.channel() != up) {
      return;
    }
    requestWrites--;
    if (!f.isSuccess()) {
      onUpstreamFailure(f.cause());
      return;
    }
    if (requestWrites == 0 && requestSent) {
      lastUpstreamActivity = System.nanoTime();
    }
    maybeReadDownstream();
  }

  // ---- choosing and reaching the upstream -------------------------------------------------

  private void attempt() {
    attempts++;
    String host;
    int port;
    if (upstream.isPresent()) {
      Optional<TargetHealth> picked =
          upstream.get().pick(request.headers(), conn.client(), tried == null ? Set.of() : tried);
      if (picked.isEmpty()) {
        fail(HttpResponseStatus.SERVICE_UNAVAILABLE, "failure to get a peer from the ring-balancer");
        return;
      }
      target = picked.get();
      if (tried == null) {
        tried = new HashSet<>();
      }
      tried.add(target);
      host = target.def().host();
      port = target.def().port();
    } else {
      host = service.host();
      port = service.port();
    }
    EventLoop loop = down.channel().eventLoop();
    // SRV-shaped hosts under a forwarded domain may bring their own port.
    Future<InetSocketAddress> resolved = rt.resolver.resolveEndpoint(host, port, loop);
    if (resolved.isDone()) {
      onResolved(resolved);
    } else {
      resolved.addListener(f -> onResolved(resolved));
    }
  }

  private void onResolved(Future<InetSocketAddress> resolved) {
    if (done) {
      return;
    }
    if (!resolved.isSuccess()) {
      fail(HttpResponseStatus.SERVICE_UNAVAILABLE, "name resolution failed");
      return;
    }
    targetAddress = resolved.getNow();
    Optional<UpstreamPool.Tls> tls =
        service.protocol() == ServiceDef.Protocol.HTTPS
            ? Optional.of(new UpstreamPool.Tls(tlsServerName(), service.tlsVerify().orElse(false)))
            : Optional.empty();
    rt.pool.acquire(
        down.channel().eventLoop(),
        new UpstreamPool.Key(targetAddress, tls),
        service.connectTimeoutMs(),
        this);
  }

  /** SNI: the Host sent upstream without its port (Kong sends the upstream host name). */
  private String tlsServerName() {
    String host = ForwardedHeaders.hostWithoutPort(upstreamRequest.headers().get(HttpHeaderNames.HOST));
    return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
  }

  @Override
  public void leaseFailed(Throwable cause) {
    if (done) {
      return;
    }
    boolean timedOut = cause instanceof ConnectTimeoutException;
    passive(timedOut ? TargetHealth.Outcome.TIMEOUT : TargetHealth.Outcome.TCP_FAILURE);
    if (attempts <= service.retries()) {
      attempt();
      return;
    }
    if (timedOut) {
      fail(HttpResponseStatus.GATEWAY_TIMEOUT, "The upstream server is timing out");
    } else {
      fail(HttpResponseStatus.BAD_GATEWAY, "An invalid response was received from the upstream server");
    }
  }

  @Override
  public void leased(UpstreamHandler handler, boolean reused) {
    if (done) {
      rt.pool.release(handler);
      return;
    }
    Channel ch = handler.channel();
    up = ch;
    upHandler = handler;
    if (target != null) {
      target.connectionStarted();
    }
    handler.attach(this);
    headWritten = true;
    requestWrites++;
    // The write timeout counts from here, on the precise clock: the loop's coarse clock lags by up
    // to a tick, and a stamp that lags makes the timeout fire before its configured time.
    long now = System.nanoTime();
    writeStarted = now;
    // Before the writes: a write completing inside the flush below stamps the precise time.
    lastUpstreamActivity = now;
    if (upstreamRequest instanceof LastHttpContent) {
      requestSent = true;
      if ((pending == null || pending.isEmpty()) && handler.key().tls().isEmpty()) {
        writeWholeRequest(ch);
        if (done || up != ch) {
          return;
        }
        startTimer();
        ch.read();
        return;
      }
    }
    ch.write(upstreamRequest).addListener(requestWritten);
    HttpContent c;
    while (pending != null && (c = pending.poll()) != null) {
      writeUp(c);
    }
    ch.flush();
    startTimer();
    ch.read();
    maybeReadDownstream();
  }

  /**
   * A whole request on a plain connection, the common case, written without a promise of its own
   * (one allocation and one listener call less per request): once the flush returns, an empty
   * outbound buffer means the kernel took every byte. Only when it did not (a full socket buffer)
   * does an empty buffer written behind the request carry the completion the write timeout
   * waits for. A failure reaches {@link UpstreamHandler#exceptionCaught} either way. Not for TLS,
   * whose handler may hold the request until its handshake ends.
   */
  private void writeWholeRequest(Channel ch) {
    ch.write(upstreamRequest, ch.voidPromise());
    ch.flush();
    if (done || up != ch) {
      return;
    }
    ChannelOutboundBuffer out = ch.unsafe().outboundBuffer();
    if (out != null && out.totalPendingWriteBytes() > 0) {
      ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(requestWritten);
    } else {
      requestWrites--;
    }
  }

  // ---- response side -----------------------------------------------------------------------

  @Override
  public void onUpstreamMessage(Object msg) {
    upBatchOpen = true;
    if (switched) {
      if (msg instanceof ByteBuf buf && buf.isReadable()) {
        down.writeAndFlush(buf).addListener(f -> {
          if (f.isSuccess() && up != null) {
            up.read();
          } else if (!f.isSuccess()) {
            closeBoth();
          }
        });
      } else {
        ReferenceCountUtil.release(msg);
      }
      return;
    }
    if (done) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (msg instanceof HttpResponse response) {
      onResponseHead(response);
    } else if (msg instanceof HttpContent content) {
      onResponseContent(content);
    } else {
      ReferenceCountUtil.release(msg);
    }
  }

  private void onResponseHead(HttpResponse response) {
    if (response.decoderResult().isFailure()) {
      ReferenceCountUtil.release(response);
      onUpstreamFailure(response.decoderResult().cause());
      return;
    }
    int code = response.status().code();
    if (code == 101 && websocket) {
      switchProtocols(response);
      return;
    }
    if (code >= 100 && code < 200) {
      // 100 Continue and friends: relay and drop the empty end the decoder adds after them.
      ForwardedHeaders.stripHopByHop(response.headers());
      skipInformationalEnd = true;
      if (code != 101) {
        FullHttpResponse info =
            new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, response.status(), down.alloc().buffer(0));
        info.headers().set(response.headers());
        writeDown(info);
      }
      return;
    }
    status = code;
    responseStarted = true;
    long now = System.nanoTime();
    lastUpstreamActivity = now;
    upstreamHeadNanos = now - startNanos;
    upstreamKeepAlive = response instanceof RawResponse raw ? raw.isKeepAlive() : HttpUtil.isKeepAlive(response);
    boolean mayKeepAlive = downstreamKeepAlive && !(rt.draining && !conn.http2());
    closeAfter = Rewrites.downstreamResponse(response, request, conn.http2(), mayKeepAlive, requestId, rt.via);
    if (response instanceof LastHttpContent) {
      writeDownLast(response);
    } else {
      writeDown(response);
    }
    if (target != null) {
      upstream.ifPresent(u -> u.passiveStatus(target, code));
    }
    if (response instanceof LastHttpContent) {
      // A small response the upstream codec delivered whole: head and body in one write.
      responseComplete = true;
      onResponseComplete();
    }
  }

  private void onResponseContent(HttpContent content) {
    if (content.decoderResult().isFailure()) {
      content.release();
      onUpstreamFailure(content.decoderResult().cause());
      return;
    }
    if (skipInformationalEnd) {
      skipInformationalEnd = false;
      content.release();
      return;
    }
    if (!responseStarted) {
      content.release();
      return;
    }
    if (content instanceof LastHttpContent) {
      writeDownLast(content);
      responseComplete = true;
      onResponseComplete();
    } else {
      writeDown(content);
    }
  }

  private void writeDown(Object msg) {
    responseWrites++;
    lastDownWrite = down.write(msg);
    lastDownWrite.addListener(responseWritten);
  }

  /**
   * The response's last write. On a connection that stays open nothing waits for it (the exchange
   * ends once it is queued; a failure reaches ProxyHandler's exceptionCaught), so it goes without
   * a promise of its own; one that closes needs the future to close after.
   */
  private void writeDownLast(Object msg) {
    // Decided once: draining may begin between this write and the end of the exchange.
    closeDown = closeAfter || !requestComplete || (!conn.http2() && rt.draining);
    if (closeDown) {
      writeDown(msg);
    } else {
      down.write(msg, down.voidPromise());
    }
  }

  private void responseWritten(ChannelFuture f) {
    responseWrites--;
    if (!f.isSuccess()) {
      abort();
      return;
    }
    if (!responseComplete) {
      // The read timeout counts from the last progress of a response still coming.
      lastUpstreamActivity = System.nanoTime();
      maybeReadUpstream();
    }
  }

  @Override
  public void onUpstreamReadComplete() {
    upBatchOpen = false;
    if (!switched) {
      if (!responseComplete && !done) {
        // Once per read batch rather than per message: the batch is the upstream's progress.
        lastUpstreamActivity = System.nanoTime();
      }
      down.flush();
      maybeReadUpstream();
    }
  }

  private void maybeReadUpstream() {
    if (!done && !responseComplete && up != null && !upBatchOpen && responseWrites == 0) {
      up.read();
    }
  }

  private void onResponseComplete() {
    cancelTimer();
    Channel u = up;
    UpstreamHandler h = upHandler;
    up = null;
    detach(u);
    if (requestSent && requestWrites == 0 && upstreamKeepAlive && u.isActive()) {
      rt.pool.release(h);
    } else {
      u.close();
    }
    finish();
    if (closeDown) {
      down.flush();
      lastDownWrite.addListener(ChannelFutureListener.CLOSE);
    } else {
      down.flush();
      owner.exchangeDone(this);
    }
  }

  private void switchProtocols(HttpResponse response) {
    switched = true;
    responseStarted = true;
    status = 101;
    upstreamHeadNanos = System.nanoTime() - startNanos;
    cancelTimer();
    HttpHeaders h = response.headers();
    ForwardedHeaders.stripHopByHop(h);
    ForwardedHeaders.markWebsocketUpgrade(h);
    ForwardedHeaders.appendVia(h, rt.via);
    h.set(ForwardedHeaders.REQUEST_ID, requestId);
    down.writeAndFlush(response);
    owner.switchToRaw(down);
    // What follows the 101 is opaque; bytes the codec already holds are handed on as raw.
    if (up.pipeline().get("codec") != null) {
      up.pipeline().remove("codec");
    }
    up.read();
    finish();
  }

  // ---- failures, timeouts, endings ---------------------------------------------------------

  @Override
  public void onUpstreamClosed() {
    if (switched) {
      closeBoth();
      return;
    }
    if (!done && up != null) {
      onUpstreamFailure(new ClosedChannelException());
    }
  }

  @Override
  public void onUpstreamFailure(Throwable cause) {
    if (switched) {
      closeBoth();
      return;
    }
    if (done) {
      return;
    }
    cancelTimer();
    Channel u = up;
    up = null;
    if (u != null) {
      detach(u);
      u.close();
    }
    passive(TargetHealth.Outcome.TCP_FAILURE);
    if (responseStarted) {
      abort();
      return;
    }
    boolean replayable = !bodyBytesSent && IDEMPOTENT.contains(request.method());
    if (replayable && attempts <= service.retries()) {
      resetForRetry();
      attempt();
      return;
    }
    fail(HttpResponseStatus.BAD_GATEWAY, "An invalid response was received from the upstream server");
  }

  private void resetForRetry() {
    headWritten = false;
    requestWrites = 0;
    if (requestSent) {
      requestSent = false;
      if (!(upstreamRequest instanceof LastHttpContent)) {
        pending().addFirst(LastHttpContent.EMPTY_LAST_CONTENT);
      }
    }
  }

  private void detach(Channel u) {
    UpstreamHandler handler = upHandler;
    upHandler = null;
    if (handler != null && handler.channel() == u) {
      handler.detach();
    }
    if (target != null) {
      target.connectionEnded();
    }
  }

  private void passive(TargetHealth.Outcome outcome) {
    if (target != null) {
      upstream.ifPresent(u -> u.passive(target, outcome));
    }
  }

  private void startTimer() {
    TimeoutSweeper.current().add(down.channel().eventLoop(), this);
  }

  @Override
  void sweep(long now) {
    if (done || switched || up == null) {
      cancelTimer();
      return;
    }
    boolean writeLate =
        requestWrites > 0 && now - writeStarted >= TimeUnit.MILLISECONDS.toNanos(service.writeTimeoutMs());
    boolean readLate =
        requestWrites == 0
            && requestSent
            && responseWrites == 0
            && now - lastUpstreamActivity >= TimeUnit.MILLISECONDS.toNanos(service.readTimeoutMs());
    boolean clientLate =
        !requestComplete && requestWrites == 0 && now - lastDownstreamActivity >= rt.limits.idleTimeout().toNanos();
    if (clientLate) {
      abort();
    } else if (writeLate || readLate) {
      passive(TargetHealth.Outcome.TIMEOUT);
      Channel u = up;
      up = null;
      detach(u);
      u.close();
      fail(HttpResponseStatus.GATEWAY_TIMEOUT, "The upstream server is timing out");
    }
  }

  private void cancelTimer() {
    TimeoutSweeper.current().remove(this);
  }

  private void fail(HttpResponseStatus failure, String message) {
    if (responseStarted) {
      abort();
    } else {
      local(failure, message);
    }
  }

  /** A response the proxy makes itself; the connection closes when the request is not all read. */
  private void local(HttpResponseStatus failure, String message) {
    if (done) {
      return;
    }
    status = failure.code();
    cancelTimer();
    Channel u = up;
    up = null;
    if (u != null) {
      detach(u);
      u.close();
    }
    releasePending();
    FullHttpResponse response = Problems.json(down.alloc(), failure, message, requestId.toString());
    ForwardedHeaders.appendVia(response.headers(), rt.via);
    boolean close = !requestComplete || !downstreamKeepAlive || (!conn.http2() && rt.draining);
    if (close && !conn.http2()) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    finish();
    ChannelFuture written = down.writeAndFlush(response);
    if (close) {
      written.addListener(ChannelFutureListener.CLOSE);
    } else {
      owner.exchangeDone(this);
    }
  }

  /** Ends the exchange mid-way: both connections close (the client sees a truncated response). */
  void abort() {
    if (done) {
      return;
    }
    if (status == 0) {
      status = 499;
    }
    cancelTimer();
    Channel u = up;
    up = null;
    if (u != null) {
      detach(u);
      u.close();
    }
    releasePending();
    finish();
    down.close();
  }

  /** The client went away. */
  void downstreamClosed() {
    if (switched) {
      closeBoth();
    } else {
      abort();
    }
  }

  private void closeBoth() {
    Channel u = up;
    up = null;
    if (u != null) {
      u.close();
    }
    down.close();
  }

  private void releasePending() {
    HttpContent c;
    while (pending != null && (c = pending.poll()) != null) {
      c.release();
    }
  }

  private ArrayDeque<HttpContent> pending() {
    if (pending == null) {
      pending = new ArrayDeque<>(4);
    }
    return pending;
  }

  private void finish() {
    done = true;
    if (recorded) {
      return;
    }
    recorded = true;
    rt.inFlight.decrementAndGet();
    long total = System.nanoTime() - startNanos;
    GatewayMetrics.RouteStats stats =
        match == null ? rt.metrics.unrouted() : rt.metrics.route(state.config(), match.route());
    rt.metrics.request(stats, status, total, upstreamHeadNanos);
    if (!rt.accessLog.isEnabled()) {
      return;
    }
    String route = stats.name;
    String svc = stats.service.name;
    rt.accessLog.submit(
        new AccessLog.Entry(
            System.currentTimeMillis() - total / 1_000_000,
            requestId.toString(),
            conn.clientIp(),
            method,
            rawPath,
            conn.http2() ? "HTTP/2" : request.protocolVersion().text(),
            route,
            svc,
            targetAddress == null ? "" : targetAddress.getAddress().getHostAddress() + ":" + targetAddress.getPort(),
            status,
            total / 1e6,
            upstreamHeadNanos < 0 ? -1 : upstreamHeadNanos / 1e6));
  }

  boolean isDone() {
    return done;
  }

  boolean isRequestComplete() {
    return requestComplete;
  }

  /** A websocket handshake, whose connection may become opaque bytes after the response. */
  boolean isUpgrade() {
    return websocket || switched;
  }

  /** The rest of the request is malformed: answer the refusal, or cut the response short. */
  void refuse(RequestGuard.Rejection rejection) {
    fail(rejection.status(), rejection.message());
  }
}
