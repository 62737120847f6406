package io.causeway.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Handlers driven through {@link EmbeddedChannel}, without sockets. */
@ExtendWith(NettyLeakGuard.class)
class HandlerEmbeddedTest {

  private final GatewayMetrics metrics = new GatewayMetrics();
  private final AccessLog accessLog = new AccessLog(metrics);
  private final Transport transport = Transport.best();
  private final ProxyRuntime rt = new ProxyRuntime(
      new UpstreamPool(transport, 8, Duration.ofSeconds(5)), new SystemHostResolver(transport),
      new RequestIds(42), metrics, accessLog, ProxyLimits.defaults(), "test");

  @AfterEach
  void close() {
    accessLog.close();
    rt.resolver.close();
  }

  /** An embedded channel with socket addresses, as the proxy handler expects. */
  private static final class SocketLikeChannel extends EmbeddedChannel {
    SocketLikeChannel(io.netty.channel.ChannelHandler... handlers) {
      super(handlers);
    }

    @Override
    protected SocketAddress remoteAddress0() {
      return new InetSocketAddress("127.0.0.1", 40000);
    }

    @Override
    protected SocketAddress localAddress0() {
      return new InetSocketAddress("127.0.0.1", 8000);
    }
  }

  @Test
  void proxyHandlerAnswersNoRouteAndKeepsTheConnectionForTheNextRequest() {
    EmbeddedChannel ch = new SocketLikeChannel(new ProxyHandler(rt, false, false));
    ch.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/nothing",
        Unpooled.EMPTY_BUFFER));
    FullHttpResponse r = ch.readOutbound();
    assertThat(r.status().code()).isEqualTo(404);
    assertThat(r.content().toString(StandardCharsets.UTF_8))
        .isEqualTo("{\"message\":\"no Route matched with those values\",\"request_id\":\"000000000000002a0000000000000001\"}");
    assertThat(r.headers().get(Problems.REQUEST_ID_HEADER)).isEqualTo("000000000000002a0000000000000001");
    assertThat(r.headers().contains(HttpHeaderNames.CONNECTION)).isFalse();
    r.release();
    assertThat(ch.isOpen()).isTrue();
    assertThat(rt.inFlight.get()).isZero();
    ch.finishAndReleaseAll();
  }

  @Test
  void proxyHandlerRefusesAnAbsoluteFormTarget() {
    EmbeddedChannel ch = new SocketLikeChannel(new ProxyHandler(rt, false, false));
    ch.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "*", Unpooled.EMPTY_BUFFER));
    FullHttpResponse r = ch.readOutbound();
    assertThat(r.status().code()).isEqualTo(400);
    r.release();
    ch.finishAndReleaseAll();
  }

  @Test
  void statusListenerAnswersReadinessAndMetrics() {
    EmbeddedChannel ch = new EmbeddedChannel(StatusServer.initializer(rt, "node-a"));
    ch.writeInbound(Unpooled.copiedBuffer("GET /status/ready HTTP/1.1\r\nHost: x\r\n\r\n", StandardCharsets.US_ASCII));
    assertThat(drain(ch)).startsWith("HTTP/1.1 503").contains("no configuration loaded");
    rt.state.set(ProxyState.of(GatewayConfig.empty(), true));
    ch.writeInbound(Unpooled.copiedBuffer("GET /status HTTP/1.1\r\nHost: x\r\n\r\n", StandardCharsets.US_ASCII));
    assertThat(drain(ch)).startsWith("HTTP/1.1 200").contains("\"node\":\"node-a\"");
    ch.finishAndReleaseAll();
  }

  private static String drain(EmbeddedChannel ch) {
    StringBuilder sb = new StringBuilder();
    ByteBuf out;
    while ((out = ch.readOutbound()) != null) {
      sb.append(out.toString(StandardCharsets.US_ASCII));
      out.release();
    }
    return sb.toString();
  }

  @Test
  void connectionTimeoutsCloseAnIdleConnectionOnTheSweepersTick() throws Exception {
    EmbeddedChannel ch = new EmbeddedChannel();
    ch.pipeline().addLast(new ConnectionTimeouts(Duration.ofMillis(30), Duration.ofMillis(30)));
    assertThat(ch.isOpen()).isTrue();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (ch.isOpen() && System.nanoTime() < deadline) {
      ch.advanceTimeBy(TimeoutSweeper.TICK_MILLIS, TimeUnit.MILLISECONDS);
      ch.runScheduledPendingTasks();
      Thread.onSpinWait();
    }
    assertThat(ch.isOpen()).isFalse();
  }

  @Test
  void connectionTimeoutsKeepAConnectionOpenWhileItsLastResponseIsStillLeaving() throws Exception {
    EmbeddedChannel ch = new EmbeddedChannel();
    ch.pipeline().addLast(new ConnectionTimeouts(Duration.ofMillis(30), Duration.ofMillis(30)));
    // Written, not flushed: bytes a slow client has not taken yet wait in the outbound buffer.
    ch.write(Unpooled.copiedBuffer("HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n", StandardCharsets.US_ASCII));
    spinTicks(ch, TimeUnit.MILLISECONDS.toNanos(300));
    assertThat(ch.isOpen()).as("open while the response is still leaving").isTrue();
    ch.flush();
    assertThat(drain(ch)).startsWith("HTTP/1.1 200 OK");
    spinTicks(ch, TimeUnit.SECONDS.toNanos(5));
    assertThat(ch.isOpen()).as("closed once idle with nothing left to send").isFalse();
  }

  /** Runs the sweeper's ticks in real time (its clock) until the channel closes or time is up. */
  private static void spinTicks(EmbeddedChannel ch, long nanos) {
    long deadline = System.nanoTime() + nanos;
    while (ch.isOpen() && System.nanoTime() < deadline) {
      ch.advanceTimeBy(TimeoutSweeper.TICK_MILLIS, TimeUnit.MILLISECONDS);
      ch.runScheduledPendingTasks();
      Thread.onSpinWait();
    }
  }

  @Test
  void sweeperChecksOnlyWhatIsLinked() {
    EmbeddedChannel ch = new EmbeddedChannel();
    // Only advanceTimeBy moves the clock: on a loaded machine real time would add extra ticks.
    ch.freezeTime();
    AtomicInteger a = new AtomicInteger();
    AtomicInteger b = new AtomicInteger();
    TimeoutSweeper.Swept sa = counting(a);
    TimeoutSweeper.Swept sb = counting(b);
    TimeoutSweeper sweeper = TimeoutSweeper.current();
    sweeper.add(ch.eventLoop(), sa);
    sweeper.add(ch.eventLoop(), sb);
    sweeper.add(ch.eventLoop(), sb);
    tick(ch);
    sweeper.remove(sa);
    sweeper.remove(sa);
    tick(ch);
    sweeper.remove(sb);
    tick(ch);
    assertThat(List.of(a.get(), b.get())).containsExactly(1, 2);
    ch.finishAndReleaseAll();
  }

  private static void tick(EmbeddedChannel ch) {
    ch.advanceTimeBy(TimeoutSweeper.TICK_MILLIS, TimeUnit.MILLISECONDS);
    ch.runScheduledPendingTasks();
  }

  private static TimeoutSweeper.Swept counting(AtomicInteger n) {
    return new TimeoutSweeper.Swept() {
      @Override
      void sweep(long now) {
        n.incrementAndGet();
      }
    };
  }

}
