package io.causeway.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import java.time.Duration;

/**
 * Sits before the HTTP/1 codec and closes connections that stall between requests: an idle
 * keep-alive connection closes after the idle timeout, and once the first byte of a request
 * arrived its header section must be complete within the header timeout (the slowloris defence).
 * {@link Http1ServerCodec} reports when a request head was decoded and when its response ended.
 */
final class ConnectionTimeouts extends ChannelDuplexHandler {

  private final Deadline deadline = new Deadline();

  private final long idleNanos;
  private final long headerNanos;
  private ChannelHandlerContext ctx;
  private long expiresAt;
  private boolean waitingForRequest = true;
  private boolean sawBytes;

  ConnectionTimeouts(Duration idle, Duration header) {
    this.idleNanos = idle.toNanos();
    this.headerNanos = header.toNanos();
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    if (ctx.channel().isActive()) {
      arm(idleNanos);
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    arm(idleNanos);
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (waitingForRequest && !sawBytes && msg instanceof ByteBuf buf && buf.isReadable()) {
      sawBytes = true;
      arm(headerNanos);
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    cancel();
    ctx.fireChannelInactive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    cancel();
  }

  /** A request head was decoded: the exchange's own timeouts take over. */
  void requestStarted() {
    waitingForRequest = false;
    cancel();
  }

  /** The response ended and the connection stays open: wait for the next request. */
  void responseFinished() {
    if (ctx.isRemoved() || !ctx.channel().isActive()) {
      // Closed, or switched protocols (HTTP/2, a websocket) after this response.
      return;
    }
    waitingForRequest = true;
    sawBytes = false;
    arm(idleNanos);
  }

  private void arm(long nanos) {
    // Checked by the loop's sweeper: cheaper than a scheduled task per request.
    // The loop's coarse clock: these deadlines are seconds long and armed twice per request. It
    // lags by up to a tick, so one tick is added: the deadline may fire a tick late, never early.
    expiresAt = TimeoutSweeper.coarseNanos() + nanos + TimeoutSweeper.TICK_NANOS;
    TimeoutSweeper.current().add(ctx.channel().eventLoop(), deadline);
  }

  private void cancel() {
    TimeoutSweeper.current().remove(deadline);
  }

  private final class Deadline extends TimeoutSweeper.Swept {
    @Override
    void sweep(long now) {
      if (!waitingForRequest) {
        cancel();
      } else if (now - expiresAt >= 0) {
        ChannelOutboundBuffer out = ctx.channel().unsafe().outboundBuffer();
        if (out != null && out.totalPendingWriteBytes() > 0) {
          // The last response is still leaving (SendDeadline sees that it moves): not idle yet.
          expiresAt = now + (sawBytes ? headerNanos : idleNanos);
          return;
        }
        cancel();
        ctx.channel().close();
      }
    }
  }
}
