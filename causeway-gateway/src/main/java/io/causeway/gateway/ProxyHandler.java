package io.causeway.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.Optional;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of a downstream HTTP/1 connection or HTTP/2 stream: turns each request into an
 * {@link Exchange}, one at a time. With auto-read off, the next request is read only once the
 * previous response is complete, which also serialises pipelined HTTP/1.1 requests.
 */
final class ProxyHandler extends ChannelInboundHandlerAdapter {

  private static final Logger LOG = LoggerFactory.getLogger(ProxyHandler.class);

  private final ProxyRuntime rt;
  private final boolean http2;
  private final boolean tls;
  private Exchange current;
  private final java.util.ArrayDeque<Object> queued = new java.util.ArrayDeque<>();
  private ChannelHandlerContext ctx;
  private Exchange.ConnectionFacts facts;
  private boolean raw;

  ProxyHandler(ProxyRuntime rt, boolean http2, boolean tls) {
    this.rt = rt;
    this.http2 = http2;
    this.tls = tls;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    ctx.channel().config().setAutoRead(false);
    if (ctx.channel().isActive()) {
      begin(ctx);
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    begin(ctx);
    ctx.fireChannelActive();
  }

  private void begin(ChannelHandlerContext ctx) {
    ctx.read();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (raw) {
      if (current != null && msg instanceof ByteBuf buf) {
        current.onRawFromDownstream(buf);
      } else {
        ReferenceCountUtil.release(msg);
      }
      return;
    }
    if (msg instanceof RequestGuard.Rejection rejection
        && queued.isEmpty()
        && current != null
        && !current.isRequestComplete()) {
      // The body of the request being proxied turned out malformed.
      current.refuse(rejection);
      return;
    }
    if (!queued.isEmpty() || ((msg instanceof HttpRequest || msg instanceof RequestGuard.Rejection) && current != null)) {
      // A pipelined request decoded from the same read: it waits for the current exchange.
      queued.add(msg);
      return;
    }
    dispatch(ctx, msg);
  }

  private void dispatch(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof RequestGuard.Rejection rejection) {
      queued.forEach(ReferenceCountUtil::release);
      queued.clear();
      RequestGuard.answer(ctx, rejection, rt.ids.next());
      return;
    }
    if (msg instanceof HttpRequest request) {
      current = new Exchange(this, ctx, rt, request, facts(ctx));
      current.start();
      return;
    }
    if (msg instanceof HttpContent content) {
      if (current != null) {
        current.onRequestContent(content);
      } else {
        content.release();
      }
      return;
    }
    ReferenceCountUtil.release(msg);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (current != null && !raw && queued.isEmpty()) {
      current.onDownstreamReadComplete();
      if (!http2 && current != null && current.isRequestComplete() && !current.isDone() && !current.isUpgrade()) {
        // Read ahead while the response is on its way: the next request (or the client's
        // close) is noticed at once, and the connection keeps its interest in reads instead of
        // Netty dropping it at the end of this read and adding it back when the response is
        // done (two epoll_ctl calls per request). What a pipelining client sends early waits
        // in the queue above, bounded by the codec's pipelining cap.
        ctx.read();
      }
    }
  }

  /** The exchange ended and the connection stays open: read the next request. */
  void exchangeDone(Exchange exchange) {
    if (exchange != current) {
      return;
    }
    current = null;
    while (!queued.isEmpty()
        && !(current != null && (queued.peek() instanceof HttpRequest || queued.peek() instanceof RequestGuard.Rejection))) {
      dispatch(ctx, queued.poll());
    }
    if (current == null) {
      ctx.read();
    } else if (queued.isEmpty()) {
      current.onDownstreamReadComplete();
    }
  }

  /**
   * After a 101 to a websocket upgrade: the rest of the connection is opaque bytes, so the HTTP/1
   * handlers go and what they had buffered is handed on as raw bytes.
   */
  void switchToRaw(ChannelHandlerContext ctx) {
    raw = true;
    var p = ctx.pipeline();
    for (Class<? extends io.netty.channel.ChannelHandler> type :
        java.util.List.of(ConnectionTimeouts.class, HttpServerUpgradeHandler.class, Http1ServerCodec.class)) {
      if (p.get(type) != null) {
        p.remove(type);
      }
    }
    ctx.read();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (!http2 && Http1Pipeline.isHttp2Upgrade(evt)) {
      // From here on the connection speaks HTTP/2: stream channels carry the exchanges, and the
      // connection itself must keep reading for flow control and pings.
      ConnectionTimeouts timeouts = ctx.pipeline().get(ConnectionTimeouts.class);
      if (timeouts != null) {
        ctx.pipeline().remove(timeouts);
      }
      ctx.channel().config().setAutoRead(true);
      ctx.fireUserEventTriggered(evt);
      ctx.pipeline().remove(this);
      return;
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (current != null) {
      current.downstreamClosed();
    }
    queued.forEach(ReferenceCountUtil::release);
    queued.clear();
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("downstream {} failed", ctx.channel(), cause);
    if (current != null) {
      current.abort();
    }
    ctx.close();
  }

  private Exchange.ConnectionFacts facts(ChannelHandlerContext ctx) {
    if (facts == null) {
      var channel = http2 ? ctx.channel().parent() : ctx.channel();
      InetSocketAddress remote = (InetSocketAddress) channel.remoteAddress();
      InetSocketAddress local = (InetSocketAddress) channel.localAddress();
      facts = new Exchange.ConnectionFacts(
          http2, tls, remote, remote.getAddress().getHostAddress(), local.getPort(), sni(channel));
    }
    return facts;
  }

  private static Optional<String> sni(io.netty.channel.Channel channel) {
    SslHandler ssl = channel.pipeline().get(SslHandler.class);
    if (ssl == null) {
      return Optional.empty();
    }
    SSLSession session = ssl.engine().getSession();
    if (session instanceof ExtendedSSLSession ext) {
      for (SNIServerName name : ext.getRequestedServerNames()) {
        if (name instanceof SNIHostName host) {
          return Optional.of(host.getAsciiName());
        }
      }
    }
    return Optional.empty();
  }
}
