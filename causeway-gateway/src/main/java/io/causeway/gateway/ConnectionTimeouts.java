package io.causeway.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Sits before the HTTP/1 codec and closes connections that stall between requests: an idle
 * keep-alive connection closes after the idle timeout, and once the first byte of a request
 * arrived its header section must be complete within the header timeout (the slowloris defence).
 * {@link RequestGuard} reports when a request head was decoded and when its response ended.
 */
final class ConnectionTimeouts extends ChannelDuplexHandler {

  private final long idleNanos;
  private final long headerNanos;
  private ChannelHandlerContext ctx;
  private ScheduledFuture<?> deadline;
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
    waitingForRequest = true;
    sawBytes = false;
    arm(idleNanos);
  }

  private void arm(long nanos) {
    cancel();
    deadline = ctx.executor().schedule(this::expire, nanos, TimeUnit.NANOSECONDS);
  }

  private void expire() {
    if (waitingForRequest) {
      ctx.channel().close();
    }
  }

  private void cancel() {
    if (deadline != null) {
      deadline.cancel(false);
      deadline = null;
    }
  }
}
