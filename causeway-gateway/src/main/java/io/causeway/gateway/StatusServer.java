package io.causeway.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.nio.charset.StandardCharsets;

/**
 * The status listener: {@code /status} (JSON counters and the configuration hash),
 * {@code /status/ready} (200 once a configuration is loaded, else 503), {@code /metrics}
 * (Prometheus text) and {@code /diagnostics/resolve?name=} (how the DNS forwarding resolves a
 * name, see {@link ResolveDiagnostics}). Small bodies only, so it aggregates.
 */
final class StatusServer {

  private StatusServer() {}

  static ChannelInitializer<Channel> initializer(ProxyRuntime rt, String nodeName) {
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(Channel ch) {
        ch.pipeline()
            .addLast(new ReadTimeoutHandler(30))
            .addLast(new HttpServerCodec())
            .addLast(new HttpObjectAggregator(8192))
            .addLast(new Handler(rt, nodeName));
      }
    };
  }

  private static final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final ProxyRuntime rt;
    private final String nodeName;

    Handler(ProxyRuntime rt, String nodeName) {
      this.rt = rt;
      this.nodeName = nodeName;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
      String path = req.uri();
      int q = path.indexOf('?');
      if (q >= 0) {
        path = path.substring(0, q);
      }
      FullHttpResponse response;
      if (!req.decoderResult().isSuccess()) {
        response = text(ctx, HttpResponseStatus.BAD_REQUEST, "application/json", "{\"message\":\"bad request\"}");
      } else if (!req.method().equals(HttpMethod.GET) && !req.method().equals(HttpMethod.HEAD)) {
        response = text(ctx, HttpResponseStatus.METHOD_NOT_ALLOWED, "application/json", "{\"message\":\"method not allowed\"}");
      } else if (path.equals(ResolveDiagnostics.PATH)) {
        diagnoseResolution(ctx, req.uri(), HttpUtil.isKeepAlive(req));
        return;
      } else {
        response = switch (path) {
          case "/status" -> text(ctx, HttpResponseStatus.OK, "application/json", status());
          case "/status/ready" -> ready(ctx);
          case "/metrics" ->
              text(ctx, HttpResponseStatus.OK, "text/plain; version=0.0.4; charset=utf-8", rt.metrics.scrape());
          default -> text(ctx, HttpResponseStatus.NOT_FOUND, "application/json", "{\"message\":\"Not found\"}");
        };
      }
      send(ctx, response, HttpUtil.isKeepAlive(req));
    }

    private static void send(ChannelHandlerContext ctx, FullHttpResponse response, boolean keepAlive) {
      HttpUtil.setKeepAlive(response, keepAlive);
      var f = ctx.writeAndFlush(response);
      if (!keepAlive) {
        f.addListener(ChannelFutureListener.CLOSE);
      }
    }

    /** Answers once the lookup is done; reads pause meanwhile so replies keep request order. */
    private void diagnoseResolution(ChannelHandlerContext ctx, String uri, boolean keepAlive) {
      ctx.channel().config().setAutoRead(false);
      ResolveDiagnostics.serve(rt.resolver, uri, ctx.channel().eventLoop()).addListener(f -> {
        ResolveDiagnostics.Reply reply = f.isSuccess()
            ? (ResolveDiagnostics.Reply) f.getNow()
            : new ResolveDiagnostics.Reply(500, "{\"message\":\"diagnosis failed\"}");
        send(ctx, text(ctx, HttpResponseStatus.valueOf(reply.status()), "application/json", reply.json()),
            keepAlive);
        ctx.channel().config().setAutoRead(true);
      });
    }

    private FullHttpResponse ready(ChannelHandlerContext ctx) {
      ProxyState s = rt.state.get();
      if (s.loaded() && !rt.draining) {
        return text(ctx, HttpResponseStatus.OK, "application/json",
            "{\"ready\":true,\"config_hash\":\"" + s.config().hash() + "\"}");
      }
      String why = rt.draining ? "shutting down" : "no configuration loaded";
      return text(ctx, HttpResponseStatus.SERVICE_UNAVAILABLE, "application/json",
          "{\"ready\":false,\"message\":\"" + why + "\"}");
    }

    private String status() {
      ProxyState s = rt.state.get();
      return "{\"node\":\"" + Problems.escape(nodeName)
          + "\",\"configuration_hash\":\"" + s.config().hash()
          + "\",\"config_loaded\":" + s.loaded()
          + ",\"server\":{\"connections_active\":" + rt.connections.get()
          + ",\"requests_in_flight\":" + rt.inFlight.get()
          + ",\"total_requests\":" + rt.requests.sum()
          + ",\"upstream_connections\":" + rt.pool.openConnections()
          + "},\"services\":" + s.config().services().size()
          + ",\"routes\":" + s.config().routes().size()
          + ",\"upstreams\":" + s.config().upstreams().size() + "}";
    }

    private static FullHttpResponse text(
        ChannelHandlerContext ctx, HttpResponseStatus status, String type, String body) {
      ByteBuf content = ctx.alloc().buffer(body.length());
      content.writeCharSequence(body, StandardCharsets.UTF_8);
      FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
      r.headers().set(HttpHeaderNames.CONTENT_TYPE, type).setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
      return r;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
