package io.causeway.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.codec.http2.HttpConversionUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** h2c with prior knowledge (no upgrade), several concurrent streams on one connection. */
@ExtendWith(NettyLeakGuard.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class Http2PriorKnowledgeIT {

  @Test
  void closesAnHttp2ConnectionWithoutStreamsAfterTheIdleTimeout() throws Exception {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    try (DataPlane dp = TestGateways.start(
        ProxyLimits.defaults().withTimeouts(java.time.Duration.ofSeconds(5), java.time.Duration.ofMillis(300)))) {
      Channel conn = new Bootstrap().group(group).channel(NioSocketChannel.class)
          .handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
              ch.pipeline().addLast(Http2FrameCodecBuilder.forClient().build(),
                  new Http2MultiplexHandler(new SimpleChannelInboundHandler<Object>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, Object msg) {}
                  }));
            }
          })
          .connect("127.0.0.1", dp.proxyPort()).sync().channel();
      assertThat(conn.closeFuture().await(5, TimeUnit.SECONDS)).isTrue();
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
  }

  @Test
  void relaysConcurrentStreamsOfOneConnectionToTheUpstream() throws Exception {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    try (FakeUpstream origin = new FakeUpstream(); DataPlane dp = TestGateways.start()) {
      dp.apply(TestGateways.direct(origin.port()));
      Channel conn = new Bootstrap().group(group).channel(NioSocketChannel.class)
          .handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
              ch.pipeline().addLast(Http2FrameCodecBuilder.forClient().build(),
                  new Http2MultiplexHandler(new SimpleChannelInboundHandler<Object>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, Object msg) {}
                  }));
            }
          })
          .connect("127.0.0.1", dp.proxyPort()).sync().channel();
      List<CompletableFuture<String>> bodies = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        CompletableFuture<String> body = new CompletableFuture<>();
        bodies.add(body);
        Http2StreamChannel stream = new Http2StreamChannelBootstrap(conn)
            .handler(new ChannelInitializer<Http2StreamChannel>() {
              @Override
              protected void initChannel(Http2StreamChannel ch) {
                ch.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(false), new HttpObjectAggregator(1 << 20),
                    new SimpleChannelInboundHandler<FullHttpResponse>() {
                      @Override
                      protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse r) {
                        body.complete(r.status().code() + " " + r.content().toString(StandardCharsets.UTF_8));
                      }
                    });
              }
            }).open().sync().getNow();
        FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/pk/" + i,
            Unpooled.copiedBuffer("body-" + i, StandardCharsets.UTF_8));
        req.headers().set(HttpHeaderNames.HOST, "h2.example");
        req.headers().set(HttpConversionUtil.ExtensionHeaderNames.SCHEME.text(), "http");
        req.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, req.content().readableBytes());
        stream.writeAndFlush(req);
      }
      ObjectMapper json = new ObjectMapper();
      for (int i = 0; i < 5; i++) {
        String got = bodies.get(i).get(10, TimeUnit.SECONDS);
        assertThat(got).startsWith("200 ");
        JsonNode echo = json.readTree(got.substring(4));
        assertThat(echo.get("target").asText()).isEqualTo("/pk/" + i);
        assertThat(echo.get("body_length").asInt()).isEqualTo(("body-" + i).length());
        assertThat(echo.get("headers").get("x-forwarded-host").get(0).asText()).isEqualTo("h2.example");
      }
      conn.close().sync();
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
  }
}
