package io.causeway.gateway;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
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

  @Override
  public void close(ChannelHandlerContext ctx, ChannelPromise promise) throws Exception {
    TimeoutSweeper.current().remove(sweep);
    super.close(ctx, promise);
  }

  private final class Sweep extends TimeoutSweeper.Swept {
    @Override
    void sweep(long now) {
      if (outstanding <= 0 || !ctx.channel().isActive()) {
        TimeoutSweeper.current().remove(this);
      } else if (now - lastProgress >= timeoutNanos) {
        TimeoutSweeper.current().remove(this);
        guards.sendTimeouts.increment();
        ctx.channel().close();
      }
    }
  }
}
