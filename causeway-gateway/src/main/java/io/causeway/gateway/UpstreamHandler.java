package io.causeway.gateway;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * The last handler of an upstream connection: hands what arrives to the exchange that leased the
 * connection. An idle pooled connection must stay silent; anything it receives (or its closing)
 * makes it useless, so it closes.
 */
final class UpstreamHandler extends ChannelInboundHandlerAdapter {

  private final Channel channel;
  private final UpstreamPool.Key key;
  private UpstreamListener listener;

  /** When the connection went back to its pool (System.nanoTime); confined to its loop. */
  long idleSince;
  /** Where this connection waits while idle, once it has waited: no map lookup per release. */
  UpstreamPool.IdleList idleList;

  UpstreamHandler(Channel channel, UpstreamPool.Key key) {
    this.channel = channel;
    this.key = key;
  }

  /** The connection this handler ends. */
  Channel channel() {
    return channel;
  }

  /** The pool it belongs to. */
  UpstreamPool.Key key() {
    return key;
  }

  void attach(UpstreamListener listener) {
    this.listener = listener;
  }

  void detach() {
    this.listener = null;
  }

  boolean isAttached() {
    return listener != null;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (listener == null) {
      ReferenceCountUtil.release(msg);
      ctx.close();
      return;
    }
    listener.onUpstreamMessage(msg);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (listener != null) {
      listener.onUpstreamReadComplete();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    UpstreamListener l = listener;
    listener = null;
    if (l != null) {
      l.onUpstreamClosed();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    UpstreamListener l = listener;
    listener = null;
    ctx.close();
    if (l != null) {
      l.onUpstreamFailure(cause);
    }
  }
}
