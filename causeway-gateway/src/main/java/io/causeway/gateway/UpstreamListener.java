package io.causeway.gateway;

/** What an upstream connection reports to the exchange using it. Called on its event loop. */
interface UpstreamListener {

  /** An {@code HttpObject}, or a raw {@code ByteBuf} after a protocol switch; ownership passes. */
  void onUpstreamMessage(Object msg);

  void onUpstreamReadComplete();

  void onUpstreamClosed();

  void onUpstreamFailure(Throwable cause);
}
