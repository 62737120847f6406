package io.causeway.gateway;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Turns a service or target host name into an address without blocking the event loop. The
 * default asks the system's resolvers; DNS forwarding swaps in a per-domain one.
 *
 * <p>Threading: called on {@code loop}; the returned future completes on that loop.
 */
interface HostResolver extends AutoCloseable {

  Future<InetAddress> resolve(String host, EventLoop loop);

  /**
   * Where to connect for {@code host} and its configured {@code port}. A resolver that follows
   * SRV records (for {@code _service._proto.name} hosts) takes the port from the record; the
   * default keeps {@code port}.
   */
  default Future<InetSocketAddress> resolveEndpoint(String host, int port, EventLoop loop) {
    Future<InetAddress> address = resolve(host, loop);
    if (address.isDone()) {
      return address.isSuccess()
          ? loop.newSucceededFuture(new InetSocketAddress(address.getNow(), port))
          : loop.newFailedFuture(address.cause());
    }
    Promise<InetSocketAddress> endpoint = loop.newPromise();
    address.addListener(f -> {
      if (f.isSuccess()) {
        endpoint.trySuccess(new InetSocketAddress(address.getNow(), port));
      } else {
        endpoint.tryFailure(f.cause());
      }
    });
    return endpoint;
  }

  @Override
  void close();
}
