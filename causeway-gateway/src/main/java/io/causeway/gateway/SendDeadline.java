package io.causeway.gateway;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;

/**
 * Closes a connection (or HTTP/2 stream) whose client stopped taking the response: when writes
 * are outstanding and none completed for the send timeout. The slow-read defence: the exchange
 * reads its upstream only once the previous write completed, so a client that does not read
 * would otherwise hold an exchange and an upstream connection for ever, with the response parked
 * in our outbound buffer. A write completes once the kernel took its bytes, so a slow but moving
 * client keeps completing writes and keeps its connection (nginx's {@code send_timeout}).
 *
 * <p>Sits nearest the transport (before TLS) on connections, and first in each HTTP/2 stream
 * channel, whose writes wait for the client's flow-control window. Confined to its event loop.
 */
final class SendDeadline extends ChannelOutboundHandlerAdapter {

  private final ClientGuards guards;
  private final long timeoutNanos;
  private final Sweep sweep = new Sweep();
  private final ChannelFutureListener completed = f -> writeCompleted();
  private ChannelHandlerContext ctx;
  private int outstanding;
  private long lastProgress;
  /** Pending outbound bytes at the last sweep; -1 when the last sweep saw none. */
  private long lastPending = -1;

  SendDeadline(ClientGuards guards) {
    this.guards = guards;
    this.timeoutNanos = guards.limits.sendTimeout().toNanos();
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    TimeoutSweeper.current().remove(sweep);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (ctx.channel().unsafe().outboundBuffer() != null) {
      // A connection: the sweeper watches its outbound buffer, so a write costs no listener
      // and no clock read (two per response were 1-2 % of the proxy's CPU).
      TimeoutSweeper.current().add(ctx.channel().eventLoop(), sweep);
      ctx.write(msg, promise);
      return;
    }
    // An HTTP/2 stream has no outbound buffer of its own: count its writes' completions.
    ChannelPromise p = promise.unvoid();
    if (outstanding++ == 0) {
      lastProgress = System.nanoTime();
      TimeoutSweeper.current().add(ctx.channel().eventLoop(), sweep);
    }
    p.addListener(completed);
    ctx.write(msg, p);
  }

  private void writeCompleted() {
    outstanding--;
    lastProgress = System.nanoTime();
  }

  /**
   * Whether the connection made no progress for the send timeout. Bytes wait in the outbound
   * buffer only while the client's receive window is full; the exchange writes more only after
   * earlier writes completed, so a changed pending count is progress and an unchanged non-zero
   * one for the whole timeout is a stalled client.
   */
  private boolean stalled(long now) {
    ChannelOutboundBuffer out = ctx.channel().unsafe().outboundBuffer();
    if (out == null) {
      return outstanding > 0 && now - lastProgress >= timeoutNanos;
    }
    long pending = out.totalPendingWriteBytes();
    if (pending == 0) {
      lastPending = -1;
      return false;
    }
    if (pending != lastPending) {
      lastPending = pending;
      lastProgress = now;
      return false;
    }
    return now - lastProgress >= timeoutNanos;
  }

  private boolean idle() {
    ChannelOutboundBuffer out = ctx.channel().unsafe().outboundBuffer();
    return out == null ? outstanding <= 0 : out.totalPendingWriteBytes() == 0;
  }

  @Override
  public void close(ChannelHandlerContext ctx, ChannelPromise promise) throws Exception {
    TimeoutSweeper.current().remove(sweep);
    super.close(ctx, promise);
  }

  private final class Sweep extends TimeoutSweeper.Swept {
    @Override
    void sweep(long now) {
      if (!ctx.channel().isActive()) {
        TimeoutSweeper.current().remove(this);
      } else if (stalled(now)) {
        TimeoutSweeper.current().remove(this);
        guards.sendTimeouts.increment();
        ctx.channel().close();
      } else if (idle()) {
        lastPending = -1;
        TimeoutSweeper.current().remove(this);
      }
    }
  }
}
