package io.causeway.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.channel.CombinedChannelDuplexHandler;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
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

  /**
   * Netty's response encoder, with one shortcut: a whole small response (the common case; the
   * upstream codec delivers a response whose body came in one read whole) is written as one
   * buffer, head and body, instead of two buffers joined by a promise combiner: one outbound
   * entry, one {@code write} rather than a {@code writev}. Same bytes as Netty's encoder
   * (Http1ServerCodecTest compares them).
   */
  private final class Encoder extends HttpResponseEncoder {
    private int method;
    /** A response head went through Netty's encoder and its last content has not yet. */
    private boolean inMessage;

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
      if (msg instanceof LastHttpContent && timeouts != null && !isInterim(msg)) {
        // The response is queued whole: from here the connection waits for its next request
        // (ConnectionTimeouts counts bytes still leaving as activity), with no listener per
        // response, so the exchange may write its last piece without a promise.
        timeouts.responseFinished();
      }
      if (!inMessage && msg instanceof FullHttpResponse full && writeWhole(ctx, full, promise)) {
        return;
      }
      if (msg instanceof HttpResponse) {
        inMessage = !(msg instanceof LastHttpContent);
      } else if (msg instanceof LastHttpContent) {
        inMessage = false;
      }
      super.write(ctx, msg, promise);
    }

    /** Encodes {@code res} into one buffer, or returns false (untouched) for Netty's encoder. */
    private boolean writeWhole(ChannelHandlerContext ctx, FullHttpResponse res, ChannelPromise promise)
        throws Exception {
      ByteBuf body = res.content();
      int bodyLength = body.readableBytes();
      RawResponse raw = res instanceof RawResponse r && r.isRaw() ? r : null;
      // A large body is not worth copying; a chunked one needs Netty's chunk framing (a raw
      // response never is chunked: it has a Content-Length).
      if (bodyLength > WHOLE_MAX_BODY || (raw == null && HttpUtil.isTransferEncodingChunked(res))) {
        return false;
      }
      ByteBuf buf;
      try {
        boolean empty = isContentAlwaysEmpty(res);
        if (raw != null && (empty || method == CONNECT)) {
          // Fields the encoder edits (bodiless statuses, CONNECT): through the map.
          raw = null;
        }
        if (raw == null) {
          sanitizeHeadersBeforeEncode(res, empty);
        }
        HeadScratch out = HeadScratch.current();
        HttpVersion version = res.protocolVersion();
        out.put(version == HttpVersion.HTTP_1_1 ? HTTP_1_1 : version.text());
        out.put((byte) ' ');
        out.put(res.status().codeAsText());
        out.put((byte) ' ');
        out.put(res.status().reasonPhrase());
        out.put(CR, LF);
        if (raw != null) {
          raw.putFields(out);
        } else {
          out.putFields(res.headers());
        }
        buf = out.copyOut(ctx.alloc(), empty ? null : body);
      } finally {
        // Consumed, as Netty's encoder consumes what it encodes, also when encoding failed.
        res.release();
      }
      ctx.write(buf, promise);
      return true;
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

  /** A 1xx other than 101: the request it answers is still going on (its body may follow). */
  private static boolean isInterim(Object msg) {
    if (!(msg instanceof HttpResponse response)) {
      return false;
    }
    int code = response.status().code();
    return code >= 100 && code < 200 && code != 101;
  }

  /** Bodies up to this size are copied behind their head (a copy is cheaper than a second entry). */
  static final int WHOLE_MAX_BODY = 4096;

  private static final AsciiString HTTP_1_1 = AsciiString.cached("HTTP/1.1");
  private static final byte CR = '\r';
  private static final byte LF = '\n';
}
