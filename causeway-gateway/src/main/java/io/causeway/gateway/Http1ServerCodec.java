package io.causeway.gateway;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.channel.CombinedChannelDuplexHandler;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.function.Supplier;

/**
 * The downstream HTTP/1 codec: {@link Http1RequestDecoder} paired with Netty's response encoder,
 * which, as in {@code HttpServerCodec}, learns from each decoded request whether its response has
 * a body (never after HEAD, RFC 9110 §9.3.2) or is a tunnel (a 2xx to CONNECT). It also tells
 * {@link ConnectionTimeouts} when a head was decoded and when a response was sent, and on
 * cleartext connections sets up h2c: prior knowledge (RFC 9113 §3.3) it handles itself, and the
 * upgrade handler behind it (RFC 7540 §3.2) it removes after the first request that is no h2c
 * upgrade, so later requests skip it. Confined to its event loop.
 */
final class Http1ServerCodec extends CombinedChannelDuplexHandler<Http1RequestDecoder, HttpResponseEncoder>
    implements HttpServerUpgradeHandler.SourceCodec {

  private static final int HEAD = 1;
  private static final int CONNECT = 2;
  private static final int OTHER = 3;
  /** Two bits per outstanding request, oldest lowest; beyond 32 they spill into {@link #overflow}. */
  private static final int INLINE = 32;
  /**
   * Requests decoded ahead of their responses, as {@code HttpServerCodec}'s pipeline depth: a
   * client pipelining more than this in one burst is refused rather than buffered.
   */
  private static final int MAX_OUTSTANDING = 128;

  private final ConnectionTimeouts timeouts;
  private final ChannelFutureListener responseSent;
  private Supplier<ChannelHandler[]> http2;
  private ChannelHandler upgrade;
  private long methods;
  private int methodCount;
  private int outstanding;
  private java.util.ArrayDeque<Integer> overflow;

  /**
   * @param timeouts the connection's timeouts, told about each request head and response end (null
   *     in unit tests of the codec alone)
   * @param cleartext whether the first bytes may be the HTTP/2 preface (see {@link #h2c})
   */
  Http1ServerCodec(ProxyLimits limits, ConnectionTimeouts timeouts, boolean cleartext) {
    this.timeouts = timeouts;
    this.responseSent = f -> {
      if (f.isSuccess() && f.channel().isActive() && timeouts != null) {
        timeouts.responseFinished();
      }
    };
    init(new Http1RequestDecoder(limits, cleartext, new Hooks()), new Encoder());
  }

  /** Enables h2c: the upgrade handler placed after this codec, and the prior-knowledge handlers. */
  void h2c(ChannelHandler upgradeHandler, Supplier<ChannelHandler[]> priorKnowledge) {
    this.upgrade = upgradeHandler;
    this.http2 = priorKnowledge;
  }

  @Override
  public void upgradeFrom(ChannelHandlerContext ctx) {
    ctx.pipeline().remove(this);
  }

  private final class Hooks implements Http1RequestDecoder.Hooks {
    @Override
    public boolean requestDecoded(ChannelHandlerContext ctx, HttpRequest request) {
      if (outstanding >= MAX_OUTSTANDING) {
        return false;
      }
      enqueue(request.method());
      if (timeouts != null) {
        timeouts.requestStarted();
      }
      if (upgrade != null && !Http1Pipeline.isH2cUpgrade(request)) {
        // Only the first request of a connection may upgrade it in practice; the upgrade handler,
        // an aggregator, would otherwise see every later message.
        if (ctx.pipeline().context(upgrade) != null) {
          ctx.pipeline().remove(upgrade);
        }
        upgrade = null;
      }
      return true;
    }

    @Override
    public void priorKnowledge(ChannelHandlerContext ctx) {
      ChannelPipeline p = ctx.pipeline();
      if (upgrade != null && p.context(upgrade) != null) {
        p.remove(upgrade);
      }
      // Out of the way first, or the response encoder would see the HTTP/2 codec's frames. The
      // preface itself goes on to the HTTP/2 codec once the decoder returns; the HTTP/1 handlers
      // after this one take themselves out on the event.
      p.remove(Http1ServerCodec.this);
      p.addLast(http2.get());
      p.fireUserEventTriggered(Http1Pipeline.PriorKnowledge.EVENT);
    }
  }

  private void enqueue(HttpMethod method) {
    int flag = method == HttpMethod.HEAD ? HEAD : method == HttpMethod.CONNECT ? CONNECT : OTHER;
    outstanding++;
    if (overflow == null && methodCount < INLINE) {
      methods |= (long) flag << (methodCount << 1);
      methodCount++;
      return;
    }
    if (overflow == null) {
      overflow = new java.util.ArrayDeque<>();
    }
    overflow.add(flag);
  }

  private int poll() {
    if (methodCount > 0) {
      outstanding--;
      int flag = (int) (methods & 3);
      methods >>>= 2;
      methodCount--;
      if (methodCount == 0 && overflow != null) {
        // Refill the inline queue from the spill, oldest first.
        while (methodCount < INLINE && !overflow.isEmpty()) {
          methods |= (long) overflow.poll() << (methodCount << 1);
          methodCount++;
        }
        if (overflow.isEmpty()) {
          overflow = null;
        }
      }
      return flag;
    }
    return OTHER;
  }

  private final class Encoder extends HttpResponseEncoder {
    private int method;

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
      if (msg instanceof LastHttpContent && !promise.isVoid()) {
        promise.addListener(responseSent);
      }
      super.write(ctx, msg, promise);
    }

    @Override
    protected boolean isContentAlwaysEmpty(HttpResponse msg) {
      int code = msg.status().code();
      if (code >= 100 && code < 200 && code != 101) {
        // An interim response (100 Continue): the request still waits for its final one.
        return super.isContentAlwaysEmpty(msg);
      }
      method = poll();
      return method == HEAD || super.isContentAlwaysEmpty(msg);
    }

    @Override
    protected void sanitizeHeadersBeforeEncode(HttpResponse msg, boolean isAlwaysEmpty) {
      if (!isAlwaysEmpty && method == CONNECT && msg.status().codeClass() == HttpStatusClass.SUCCESS) {
        // RFC 9110 §9.3.6: a 2xx to CONNECT starts a tunnel, never a chunked body.
        msg.headers().remove(HttpHeaderNames.TRANSFER_ENCODING);
        return;
      }
      super.sanitizeHeadersBeforeEncode(msg, isAlwaysEmpty);
    }
  }
}
