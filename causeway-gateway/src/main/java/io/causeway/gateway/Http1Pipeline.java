package io.causeway.gateway;

import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http2.CleartextHttp2ServerUpgradeHandler;
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
 * TLS: ALPN chooses h2 or http/1.1. Every HTTP/1 pipeline is timeouts → codec → guard → proxy;
 * every HTTP/2 stream is frame↔object codec → proxy.
 */
final class Http1Pipeline {

  private static final int MAX_UPGRADE_BODY = 64 * 1024;

  private Http1Pipeline() {}

  static boolean isHttp2Upgrade(Object evt) {
    return evt instanceof HttpServerUpgradeHandler.UpgradeEvent
        || evt instanceof CleartextHttp2ServerUpgradeHandler.PriorKnowledgeUpgradeEvent;
  }

  static HttpDecoderConfig decoderConfig(ProxyLimits limits) {
    return new HttpDecoderConfig()
        .setMaxInitialLineLength(limits.maxInitialLineLength())
        .setMaxHeaderSize(limits.maxHeaderSize())
        .setMaxChunkSize(limits.maxChunkSize())
        .setValidateHeaders(true)
        .setAllowDuplicateContentLengths(false)
        .setStrictLineParsing(true)
        .setUseRfc9112TransferEncoding(true);
  }

  static ChannelInitializer<Channel> cleartext(ProxyRuntime rt) {
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(Channel ch) {
        countConnection(rt, ch);
        HttpServerCodec codec = new HttpServerCodec(decoderConfig(rt.limits));
        HttpServerUpgradeHandler upgrade =
            new H2cUpgradeHandler(
                codec,
                protocol ->
                    AsciiString.contentEquals(Http2CodecUtil.HTTP_UPGRADE_PROTOCOL_NAME, protocol)
                        ? upgradeCodec(rt)
                        : null,
                MAX_UPGRADE_BODY);
        ChannelPipeline p = ch.pipeline();
        p.addLast(new ConnectionTimeouts(rt.limits.idleTimeout(), rt.limits.headerTimeout()));
        p.addLast(new HeadScanner(rt.limits.maxHeaderSize()));
        p.addLast(
            new CleartextHttp2ServerUpgradeHandler(
                codec, upgrade, new PriorKnowledgeInit(rt)));
        p.addLast(new RequestGuard());
        p.addLast(new ProxyHandler(rt, false, false));
      }
    };
  }

  static ChannelInitializer<Channel> tls(ProxyRuntime rt, SslContext ssl) {
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(Channel ch) {
        countConnection(rt, ch);
        ch.pipeline().addLast(ssl.newHandler(ch.alloc()));
        ch.pipeline().addLast(new Alpn(rt));
        // TLS handshakes need reads before any request exists.
        ch.config().setAutoRead(true);
      }
    };
  }

  private static void countConnection(ProxyRuntime rt, Channel ch) {
    rt.connections.incrementAndGet();
    ch.closeFuture().addListener(f -> rt.connections.decrementAndGet());
  }

  static void addHttp1(ChannelPipeline p, ProxyRuntime rt, boolean tls) {
    p.addLast(new ConnectionTimeouts(rt.limits.idleTimeout(), rt.limits.headerTimeout()));
    p.addLast(new HeadScanner(rt.limits.maxHeaderSize()));
    p.addLast(new HttpServerCodec(decoderConfig(rt.limits)));
    p.addLast(new RequestGuard());
    p.addLast(new ProxyHandler(rt, false, tls));
  }

  static Http2FrameCodec http2Codec() {
    return Http2FrameCodecBuilder.forServer()
        .initialSettings(Http2Settings.defaultSettings().maxConcurrentStreams(256).maxHeaderListSize(32768))
        .validateHeaders(true)
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

  private static Http2ServerUpgradeCodec upgradeCodec(ProxyRuntime rt) {
    ChannelHandler[] h = http2Handlers(rt, false);
    // The upgrade codec installs the frame codec first and the others after it.
    return new Http2ServerUpgradeCodec((Http2FrameCodec) h[2], h[0], h[1], h[3]);
  }

  /** The HTTP/2 connection handlers: idle detection, frame codec, one child channel per stream. */
  static ChannelHandler[] http2Handlers(ProxyRuntime rt, boolean tls) {
    Http2FrameCodec codec = http2Codec();
    long idle = rt.limits.idleTimeout().toMillis();
    return new ChannelHandler[] {
      new IdleStateHandler(0, 0, idle, TimeUnit.MILLISECONDS),
      new Http2IdleClose(codec),
      codec,
      http2Multiplex(rt, tls)
    };
  }

  static Http2MultiplexHandler http2Multiplex(ProxyRuntime rt, boolean tls) {
    return new Http2MultiplexHandler(
        new ChannelInitializer<Http2StreamChannel>() {
          @Override
          protected void initChannel(Http2StreamChannel ch) {
            ch.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(true, true));
            ch.pipeline().addLast(new ProxyHandler(rt, true, tls));
          }
        });
  }

  /**
   * Takes over only h2c upgrade requests with at most a small body (the upgrade handler buffers
   * it); websocket handshakes and everything else go to the proxy untouched and streaming.
   */
  private static final class H2cUpgradeHandler extends HttpServerUpgradeHandler {
    H2cUpgradeHandler(SourceCodec codec, UpgradeCodecFactory factory, int maxContentLength) {
      super(codec, factory, maxContentLength);
    }

    @Override
    protected boolean shouldHandleUpgradeRequest(HttpRequest req) {
      String upgrade = req.headers().get(HttpHeaderNames.UPGRADE);
      if (upgrade == null
          || !upgrade.toLowerCase(Locale.ROOT).contains("h2c")
          || HttpUtil.isTransferEncodingChunked(req)) {
        return false;
      }
      String length = req.headers().get(HttpHeaderNames.CONTENT_LENGTH);
      return length == null || (RequestGuard.isDigits(length) && Long.parseLong(length) <= MAX_UPGRADE_BODY);
    }
  }

  /** Installed in place of the upgrade handler when the client starts with the h2 preface. */
  private static final class PriorKnowledgeInit extends ChannelInitializer<Channel> {
    private final ProxyRuntime rt;

    PriorKnowledgeInit(ProxyRuntime rt) {
      this.rt = rt;
    }

    @Override
    protected void initChannel(Channel ch) {
      ch.pipeline().addLast(http2Handlers(rt, false));
    }
  }

  private static final class Alpn extends ApplicationProtocolNegotiationHandler {
    private final ProxyRuntime rt;

    Alpn(ProxyRuntime rt) {
      super(ApplicationProtocolNames.HTTP_1_1);
      this.rt = rt;
    }

    @Override
    protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
      if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
        ctx.pipeline().addLast(http2Handlers(rt, true));
        return;
      }
      ctx.channel().config().setAutoRead(false);
      addHttp1(ctx.pipeline(), rt, true);
    }
  }
}
