package io.causeway.gateway;

import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ServerUpgradeCodec;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.AsciiString;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Builds downstream pipelines. Cleartext: HTTP/1.1, h2c by prior knowledge and h2c by upgrade.
 * TLS: ALPN chooses h2 or http/1.1. Every HTTP/1 pipeline is send deadline → timeouts → strict
 * codec → (h2c upgrade, for the first request only) → body deadline → proxy; every HTTP/2 stream
 * is send deadline → frame↔object codec → body deadline → proxy. Connections over the per-address cap are reset before any handler is added.
 */
final class Http1Pipeline {

  private static final int MAX_UPGRADE_BODY = 64 * 1024;
  /** CONTINUATION frames under 16 bytes in one header block (each costs a frame, adds nothing). */
  private static final int MAX_SMALL_CONTINUATIONS = 16;
  /** DATA frames in a row without payload and without ending the stream (CVE-2019-9518). */
  private static final int MAX_EMPTY_DATA_FRAMES = 2;

  private Http1Pipeline() {}

  /** Fired by {@link Http1ServerCodec} when a cleartext connection opens with the HTTP/2 preface. */
  enum PriorKnowledge {
    EVENT
  }

  static boolean isHttp2Upgrade(Object evt) {
    return evt == PriorKnowledge.EVENT || evt instanceof HttpServerUpgradeHandler.UpgradeEvent;
  }

  /**
   * An h2c upgrade the upgrade handler takes over: at most a small body, which it buffers.
   * Websocket handshakes and everything else go to the proxy untouched and streaming.
   */
  static boolean isH2cUpgrade(HttpRequest req) {
    String upgrade = req.headers().get(HttpHeaderNames.UPGRADE);
    if (upgrade == null
        || !upgrade.toLowerCase(Locale.ROOT).contains("h2c")
        || HttpUtil.isTransferEncodingChunked(req)) {
      return false;
    }
    String length = req.headers().get(HttpHeaderNames.CONTENT_LENGTH);
    return length == null || Long.parseLong(length) <= MAX_UPGRADE_BODY;
  }

  static ChannelInitializer<Channel> cleartext(ProxyRuntime rt, ClientGuards guards) {
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(Channel ch) {
        if (!guards.admit(ch)) {
          return;
        }
        countConnection(rt, ch);
        ConnectionTimeouts timeouts = new ConnectionTimeouts(rt.limits.idleTimeout(), rt.limits.headerTimeout());
        Http1ServerCodec codec = new Http1ServerCodec(rt.limits, timeouts, true);
        HttpServerUpgradeHandler upgrade =
            new H2cUpgradeHandler(
                codec,
                protocol ->
                    AsciiString.contentEquals(Http2CodecUtil.HTTP_UPGRADE_PROTOCOL_NAME, protocol)
                        ? upgradeCodec(rt, guards)
                        : null,
                MAX_UPGRADE_BODY);
        codec.h2c(upgrade, () -> http2Handlers(rt, false, guards));
        ChannelPipeline p = ch.pipeline();
        p.addLast(new SendDeadline(guards));
        p.addLast(timeouts);
        p.addLast(codec);
        p.addLast(upgrade);
        p.addLast(new BodyDeadline(guards));
        p.addLast(new ProxyHandler(rt, false, false));
      }
    };
  }

  static ChannelInitializer<Channel> tls(ProxyRuntime rt, SslContext ssl, ClientGuards guards) {
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(Channel ch) {
        if (!guards.admit(ch)) {
          return;
        }
        countConnection(rt, ch);
        ch.pipeline().addLast(new SendDeadline(guards));
        ch.pipeline().addLast(ssl.newHandler(ch.alloc()));
        ch.pipeline().addLast(new Alpn(rt, guards));
        // TLS handshakes need reads before any request exists.
        ch.config().setAutoRead(true);
      }
    };
  }

  private static void countConnection(ProxyRuntime rt, Channel ch) {
    rt.connections.incrementAndGet();
    ch.closeFuture().addListener(f -> rt.connections.decrementAndGet());
  }

  static void addHttp1(ChannelPipeline p, ProxyRuntime rt, boolean tls, ClientGuards guards) {
    ConnectionTimeouts timeouts = new ConnectionTimeouts(rt.limits.idleTimeout(), rt.limits.headerTimeout());
    p.addLast(timeouts);
    p.addLast(new Http1ServerCodec(rt.limits, timeouts, false));
    p.addLast(new BodyDeadline(guards));
    p.addLast(new ProxyHandler(rt, false, tls));
  }

  /**
   * The HTTP/2 frame codec with the client limits: concurrent streams, header list size (beyond
   * it a stream is refused, beyond 1.25 times it the connection gets GOAWAY, which also ends a
   * CONTINUATION flood), CONTINUATION frames too small to make progress, and the RST_STREAM rate
   * in both directions (rapid reset, CVE-2023-44487, and "MadeYouReset", CVE-2025-8671).
   */
  static Http2FrameCodec http2Codec(ProxyLimits limits) {
    ClientLimits client = limits.client();
    int window = (int) client.http2ResetWindow().toSeconds();
    return Http2FrameCodecBuilder.forServer()
        .initialSettings(
            Http2Settings.defaultSettings()
                .maxConcurrentStreams(client.http2MaxConcurrentStreams())
                .maxHeaderListSize(limits.maxHeaderSize()))
        .validateHeaders(true)
        .decoderEnforceMaxRstFramesPerWindow(client.http2MaxResets(), window)
        .encoderEnforceMaxRstFramesPerWindow(client.http2MaxResets(), window)
        .decoderEnforceMaxSmallContinuationFrames(MAX_SMALL_CONTINUATIONS)
        .decoderEnforceMaxConsecutiveEmptyDataFrames(MAX_EMPTY_DATA_FRAMES)
        .build();
  }

  /**
   * Closes an HTTP/2 connection that had no open stream for the idle timeout (streams themselves
   * are bounded by the exchanges' timeouts).
   */
  static final class Http2IdleClose extends ChannelDuplexHandler {
    private final Http2FrameCodec codec;

    Http2IdleClose(Http2FrameCodec codec) {
      this.codec = codec;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
      if (evt instanceof IdleStateEvent && codec.connection().numActiveStreams() == 0) {
        ctx.close();
        return;
      }
      super.userEventTriggered(ctx, evt);
    }
  }

  private static Http2ServerUpgradeCodec upgradeCodec(ProxyRuntime rt, ClientGuards guards) {
    ChannelHandler[] h = http2Handlers(rt, false, guards);
    // The upgrade codec installs the frame codec first and the others after it.
    return new Http2ServerUpgradeCodec((Http2FrameCodec) h[2], h[0], h[1], h[3]);
  }

  /** The HTTP/2 connection handlers: idle detection, frame codec, one child channel per stream. */
  static ChannelHandler[] http2Handlers(ProxyRuntime rt, boolean tls, ClientGuards guards) {
    Http2FrameCodec codec = http2Codec(rt.limits);
    long idle = rt.limits.idleTimeout().toMillis();
    return new ChannelHandler[] {
      new IdleStateHandler(0, 0, idle, TimeUnit.MILLISECONDS),
      new Http2IdleClose(codec),
      codec,
      http2Multiplex(rt, tls, guards)
    };
  }

  static Http2MultiplexHandler http2Multiplex(ProxyRuntime rt, boolean tls, ClientGuards guards) {
    return new Http2MultiplexHandler(
        new ChannelInitializer<Http2StreamChannel>() {
          @Override
          protected void initChannel(Http2StreamChannel ch) {
            // A stream's writes wait for the client's flow-control window: the slow-read case.
            ch.pipeline().addLast(new SendDeadline(guards));
            ch.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(true, true));
            ch.pipeline().addLast(new BodyDeadline(guards));
            ch.pipeline().addLast(new ProxyHandler(rt, true, tls));
          }
        });
  }

  /** Takes over only h2c upgrade requests with at most a small body (see {@link #isH2cUpgrade}). */
  private static final class H2cUpgradeHandler extends HttpServerUpgradeHandler {
    H2cUpgradeHandler(SourceCodec codec, UpgradeCodecFactory factory, int maxContentLength) {
      super(codec, factory, maxContentLength);
    }

    @Override
    protected boolean shouldHandleUpgradeRequest(HttpRequest req) {
      return isH2cUpgrade(req);
    }
  }

  private static final class Alpn extends ApplicationProtocolNegotiationHandler {
    private final ProxyRuntime rt;
    private final ClientGuards guards;

    Alpn(ProxyRuntime rt, ClientGuards guards) {
      super(ApplicationProtocolNames.HTTP_1_1);
      this.rt = rt;
      this.guards = guards;
    }

    @Override
    protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
      if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
        ctx.pipeline().addLast(http2Handlers(rt, true, guards));
        return;
      }
      ctx.channel().config().setAutoRead(false);
      addHttp1(ctx.pipeline(), rt, true, guards);
    }
  }
}
