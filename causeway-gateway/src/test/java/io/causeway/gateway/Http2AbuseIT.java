package io.causeway.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http2.DefaultHttp2FrameReader;
import io.netty.handler.codec.http2.DefaultHttp2FrameWriter;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2EventAdapter;
import io.netty.handler.codec.http2.Http2Flags;
import io.netty.handler.codec.http2.Http2FrameTypes;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Settings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * HTTP/2 abuse over h2c prior knowledge, written frame by frame with Netty's HTTP/2 frame writer:
 * rapid reset (CVE-2023-44487), header lists beyond the limit, a CONTINUATION flood, and more
 * streams than the announced SETTINGS_MAX_CONCURRENT_STREAMS. Each must end in a refused stream or
 * a GOAWAY, and the data plane must serve the next connection normally.
 */
@ExtendWith(NettyLeakGuard.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class Http2AbuseIT {

  private static final int MAX_STREAMS = 16;
  private static final int MAX_RESETS = 50;

  private FakeUpstream origin;
  private DataPlane dp;
  private EventLoopGroup group;

  @BeforeEach
  void setUp() throws IOException {
    origin = new FakeUpstream();
    ClientLimits client = ClientLimits.defaults().withHttp2(MAX_STREAMS, MAX_RESETS, Duration.ofSeconds(10));
    dp = TestGateways.start(ProxyLimits.defaults().withClient(client));
    dp.apply(TestGateways.direct(origin.port(), 10_000, 0));
    group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  }

  @AfterEach
  void tearDown() throws IOException {
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    dp.close();
    origin.close();
  }

  @Test
  void rapidResetEndsInGoAwayEnhanceYourCalm() throws Exception {
    FrameClient c = connect();
    // Bursts of 10 open-and-cancel pairs, each followed by a PING: once its ACK is back the server
    // has judged the burst, so the client stops as soon as the GOAWAY comes (writing on would
    // have the server's kernel answer RST and the GOAWAY could be lost in the client's buffer).
    for (int burst = 0; burst < 100 && c.goAwayError.get() < 0 && c.channel.isActive(); burst++) {
      for (int i = 0; i < 10; i++) {
        int stream = 2 * (burst * 10 + i) + 1;
        c.writer.writeHeaders(c.ctx, stream, get("/reset-me"), 0, true, c.ctx.newPromise());
        c.writer.writeRstStream(c.ctx, stream, Http2Error.CANCEL.code(), c.ctx.newPromise());
      }
      long ping = burst;
      c.writer.writePing(c.ctx, false, ping, c.ctx.newPromise());
      c.ctx.flush();
      await().atMost(Duration.ofSeconds(5))
          .until(() -> c.pingAcks.contains(ping) || c.goAwayError.get() >= 0 || !c.channel.isActive());
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> !c.channel.isActive());
    assertThat(c.goAwayError.get()).isEqualTo(Http2Error.ENHANCE_YOUR_CALM.code());
    assertThat(origin.seen().size()).as("requests that reached the origin").isLessThanOrEqualTo(MAX_RESETS + MAX_STREAMS);
    assertNextConnectionIsServed();
  }

  @Test
  void announcesAndEnforcesMaxConcurrentStreams() throws Exception {
    FrameClient c = connect();
    await().atMost(Duration.ofSeconds(5)).until(() -> c.settings.get() != null);
    assertThat(c.settings.get().maxConcurrentStreams()).isEqualTo((long) MAX_STREAMS);
    for (int i = 0; i <= MAX_STREAMS; i++) {
      c.writer.writeHeaders(c.ctx, 2 * i + 1, get("/stall"), 0, true, c.ctx.newPromise());
    }
    c.ctx.flush();
    int extra = 2 * MAX_STREAMS + 1;
    await().atMost(Duration.ofSeconds(5)).until(() -> c.resets.containsKey(extra));
    assertThat(c.resets.get(extra)).isEqualTo(Http2Error.REFUSED_STREAM.code());
    c.channel.close();
    assertNextConnectionIsServed();
  }

  @Test
  void headerListFarBeyondTheLimitEndsInGoAway() throws Exception {
    FrameClient c = connect();
    Http2Headers headers = get("/big-headers");
    for (int i = 0; i < 30; i++) {
      headers.add("x-flood-" + i, "v".repeat(2000));
    }
    c.writer.writeHeaders(c.ctx, 1, headers, 0, true, c.ctx.newPromise());
    c.ctx.flush();
    await().atMost(Duration.ofSeconds(5)).until(() -> !c.channel.isActive());
    assertThat(c.goAwayError.get()).isNotNegative();
    assertThat(origin.seen()).isEmpty();
    assertNextConnectionIsServed();
  }

  @Test
  void headerListJustOverTheLimitIsRefusedWithoutLosingTheConnection() throws Exception {
    FrameClient c = connect();
    Http2Headers headers = get("/big-headers");
    for (int i = 0; i < 17; i++) {
      headers.add("x-big-" + i, "v".repeat(2000));
    }
    c.writer.writeHeaders(c.ctx, 1, headers, 0, true, c.ctx.newPromise());
    c.writer.writeHeaders(c.ctx, 3, get("/after"), 0, true, c.ctx.newPromise());
    c.ctx.flush();
    await().atMost(Duration.ofSeconds(5)).until(() -> c.statuses.containsKey(3));
    assertThat(c.statuses.get(3)).isEqualTo("200");
    assertThat(c.statuses.get(1)).as("the oversized stream").isIn(null, "431");
    assertThat(origin.seen()).extracting(FakeUpstream.Seen::target).containsExactly("/after");
  }

  @Test
  void continuationFloodEndsInGoAway() throws Exception {
    FrameClient c = connect();
    ByteBuf block = Unpooled.buffer();
    new DefaultHttp2HeadersEncoder().encodeHeaders(1, get("/continued"), block);
    c.writer.writeFrame(c.ctx, Http2FrameTypes.HEADERS, 1, new Http2Flags().endOfStream(true), block, c.ctx.newPromise());
    for (int i = 0; i < 100_000 && c.channel.isActive(); i++) {
      c.writer.writeFrame(c.ctx, Http2FrameTypes.CONTINUATION, 1, new Http2Flags(), Unpooled.EMPTY_BUFFER, c.watchedPromise());
      if (i % 100 == 99) {
        c.ctx.flush();
      }
    }
    c.ctx.flush();
    await().atMost(Duration.ofSeconds(10)).until(() -> !c.channel.isActive());
    // The server answers with GOAWAY and closes; with the flood still in its receive buffer the
    // close is a TCP reset, which can overtake the GOAWAY before this client reads it, and which
    // this client may meet reading (an exception) or writing more of the flood (a failed write).
    assertThat(c.goAwayError.get() >= 0 || c.resetByServer.get())
        .as("GOAWAY %d or a reset by the server", c.goAwayError.get())
        .isTrue();
    assertThat(origin.seen()).isEmpty();
    assertNextConnectionIsServed();
  }

  private void assertNextConnectionIsServed() throws Exception {
    FrameClient c = connect();
    c.writer.writeHeaders(c.ctx, 1, get("/fine"), 0, true, c.ctx.newPromise());
    c.ctx.flush();
    await().atMost(Duration.ofSeconds(5)).until(() -> c.statuses.containsKey(1));
    assertThat(c.statuses.get(1)).isEqualTo("200");
    c.channel.close();
  }

  private Http2Headers get(String path) {
    return new DefaultHttp2Headers().method("GET").scheme("http").authority("x").path(path);
  }

  private FrameClient connect() throws Exception {
    FrameClient client = new FrameClient();
    Channel ch = new Bootstrap()
        .group(group)
        .channel(NioSocketChannel.class)
        .handler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            ch.pipeline().addLast(client);
          }
        })
        .connect(new InetSocketAddress("127.0.0.1", dp.proxyPort()))
        .sync()
        .channel();
    client.channel = ch;
    ch.eventLoop().submit(() -> {
      ch.writeAndFlush(Http2CodecUtil.connectionPrefaceBuf());
      client.writer.writeSettings(client.ctx, new Http2Settings(), client.ctx.newPromise());
      client.ctx.flush();
    }).sync();
    return client;
  }

  /**
   * A bare HTTP/2 client: writes whatever frames the test asks for (called from the test thread:
   * the writer and context are thread-safe for writes) and records what the server answers.
   */
  private static final class FrameClient extends ByteToMessageDecoder {
    final DefaultHttp2FrameWriter writer = new DefaultHttp2FrameWriter();
    final DefaultHttp2FrameReader reader = new DefaultHttp2FrameReader();
    final AtomicLong goAwayError = new AtomicLong(-1);
    /** The server's reset reached us: it closed with our flood still unread (see the flood test). */
    final java.util.concurrent.atomic.AtomicBoolean resetByServer = new java.util.concurrent.atomic.AtomicBoolean();
    final java.util.concurrent.atomic.AtomicReference<Http2Settings> settings = new java.util.concurrent.atomic.AtomicReference<>();
    final Map<Integer, Long> resets = new ConcurrentHashMap<>();
    final Map<Integer, String> statuses = new ConcurrentHashMap<>();
    final List<String> events = new CopyOnWriteArrayList<>();
    final List<Long> pingAcks = new CopyOnWriteArrayList<>();
    volatile ChannelHandlerContext ctx;
    volatile Channel channel;
    private boolean prefaceSkipped = true;

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
      this.ctx = ctx;
    }

    /** A promise whose failure with an I/O error (the server's reset met by a write) is noted. */
    ChannelPromise watchedPromise() {
      ChannelPromise p = ctx.newPromise();
      p.addListener(f -> {
        if (!f.isSuccess() && f.cause() instanceof java.io.IOException) {
          resetByServer.set(true);
        }
      });
      return p;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      if (cause instanceof java.io.IOException) {
        resetByServer.set(true);
      }
      ctx.close();
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
      if (!prefaceSkipped) {
        return;
      }
      reader.readFrame(ctx, in, new Http2EventAdapter() {
        @Override
        public void onSettingsRead(ChannelHandlerContext ctx, Http2Settings s) {
          settings.compareAndSet(null, s);
          writer.writeSettingsAck(ctx, ctx.newPromise());
          ctx.flush();
        }

        @Override
        public void onGoAwayRead(ChannelHandlerContext ctx, int lastStreamId, long errorCode, ByteBuf debugData) {
          goAwayError.set(errorCode);
          events.add("GOAWAY " + errorCode + " " + debugData.toString(java.nio.charset.StandardCharsets.UTF_8));
        }

        @Override
        public void onPingAckRead(ChannelHandlerContext ctx, long data) {
          pingAcks.add(data);
        }

        @Override
        public void onRstStreamRead(ChannelHandlerContext ctx, int streamId, long errorCode) {
          resets.put(streamId, errorCode);
        }

        @Override
        public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int padding,
            boolean endOfStream) {
          if (headers.status() != null) {
            statuses.put(streamId, headers.status().toString());
          }
        }

        @Override
        public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int streamDependency,
            short weight, boolean exclusive, int padding, boolean endOfStream) {
          onHeadersRead(ctx, streamId, headers, padding, endOfStream);
        }

        @Override
        public int onDataRead(ChannelHandlerContext ctx, int streamId, ByteBuf data, int padding, boolean endOfStream) {
          return data.readableBytes() + padding;
        }
      });
    }
  }
}
