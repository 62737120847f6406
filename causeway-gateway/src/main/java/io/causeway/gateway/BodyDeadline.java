package io.causeway.gateway;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * The slow-POST defence: a request body must arrive within {@link ClientLimits#bodyTimeout()}
 * plus one second per {@link ClientLimits#bodyMinRate()} bytes received, counting only the time
 * the proxy was waiting for the client. The proxy asks for body bytes with {@code read()} only
 * when the upstream took the previous ones (back-pressure), and that request passes through here:
 * so the clock runs from a read request until bytes arrive, and a slow upstream or a long upload
 * at a decent rate is never cut. When the client is late, a 408 {@link RequestGuard.Rejection}
 * goes to the proxy handler, which answers it (or cuts a response already started) and closes.
 *
 * <p>Sits just before the proxy handler, on HTTP/1 connections and on each HTTP/2 stream.
 * Confined to its event loop.
 */
final class BodyDeadline extends ChannelDuplexHandler {

  private final ClientGuards guards;
  private final long timeoutNanos;
  private final Sweep sweep = new Sweep();
  private ChannelHandlerContext ctx;
  private boolean bodyOpen;
  private boolean awaitingContinue;
  private boolean expired;
  private long waitedNanos;
  private long waitingSince = -1;
  private long bytes;

  BodyDeadline(ClientGuards guards) {
    this.guards = guards;
    this.timeoutNanos = guards.limits.bodyTimeout().toNanos();
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
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (expired) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (msg instanceof HttpRequest && !(msg instanceof FullHttpRequest)) {
      bodyOpen = true;
      // The client rightly sends nothing until the upstream's 100 Continue is relayed.
      awaitingContinue = HttpUtil.is100ContinueExpected((HttpRequest) msg);
      waitedNanos = 0;
      waitingSince = -1;
      bytes = 0;
    }
    if (msg instanceof HttpContent content && bodyOpen) {
      if (waitingSince >= 0) {
        waitedNanos += System.nanoTime() - waitingSince;
        waitingSince = -1;
      }
      bytes += content.content().readableBytes();
      if (content instanceof LastHttpContent) {
        bodyOpen = false;
        TimeoutSweeper.current().remove(sweep);
      }
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (awaitingContinue && msg instanceof HttpResponse) {
      awaitingContinue = false;
      if (bodyOpen && waitingSince < 0) {
        waitingSince = System.nanoTime();
        TimeoutSweeper.current().add(ctx.channel().eventLoop(), sweep);
      }
    }
    ctx.write(msg, promise);
  }

  @Override
  public void read(ChannelHandlerContext ctx) {
    if (bodyOpen && !awaitingContinue && waitingSince < 0 && !expired) {
      waitingSince = System.nanoTime();
      TimeoutSweeper.current().add(ctx.channel().eventLoop(), sweep);
    }
    ctx.read();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (Http1Pipeline.isHttp2Upgrade(evt)) {
      ctx.pipeline().remove(this);
    }
    super.userEventTriggered(ctx, evt);
  }

  /** The wait the body has earned so far. */
  private long allowedNanos() {
    return timeoutNanos + (long) (bytes * 1e9 / guards.limits.bodyMinRate());
  }

  private void expire() {
    expired = true;
    bodyOpen = false;
    TimeoutSweeper.current().remove(sweep);
    guards.bodyTimeouts.increment();
    ctx.fireChannelRead(new RequestGuard.Rejection(HttpResponseStatus.REQUEST_TIMEOUT, "request body timeout"));
  }

  private final class Sweep extends TimeoutSweeper.Swept {
    @Override
    void sweep(long now) {
      if (!bodyOpen || !ctx.channel().isActive()) {
        TimeoutSweeper.current().remove(this);
      } else if (waitingSince >= 0 && waitedNanos + (now - waitingSince) > allowedNanos()) {
        expire();
      }
    }
  }
}
