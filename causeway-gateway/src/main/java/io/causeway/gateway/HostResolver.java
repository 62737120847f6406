package io.causeway.gateway;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import java.net.InetAddress;

/**
 * Turns a service or target host name into an address without blocking the event loop. The
 * default asks the system's resolvers; DNS forwarding swaps in a per-domain one.
 *
 * <p>Threading: called on {@code loop}; the returned future completes on that loop.
 */
interface HostResolver extends AutoCloseable {

  Future<InetAddress> resolve(String host, EventLoop loop);

  @Override
  void close();
}
