package io.causeway.gateway;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The state the per-client defences share across a data plane's connections: open connections
 * per client address (the cap of {@link ClientLimits#maxConnectionsPerAddress()}) and counters of
 * what each defence refused or closed, exported as metrics.
 *
 * <p>Thread-safe: {@link #admit} runs on any event loop.
 */
final class ClientGuards {

  final ClientLimits limits;
  final LongAdder refusedConnections = new LongAdder();
  final LongAdder bodyTimeouts = new LongAdder();
  final LongAdder sendTimeouts = new LongAdder();
  private final ConcurrentHashMap<InetAddress, Integer> open = new ConcurrentHashMap<>();

  ClientGuards(ClientLimits limits) {
    this.limits = limits;
  }

  /**
   * Counts a newly accepted connection against its address, or refuses it when the address is at
   * its cap. A refused connection is reset at once (SO_LINGER 0): no handler, no buffer, no
   * TIME_WAIT on our side, nothing read from it.
   *
   * @return false when the connection was refused and closed
   */
  boolean admit(Channel ch) {
    int max = limits.maxConnectionsPerAddress();
    SocketAddress remote = ch.remoteAddress();
    if (max == 0 || !(remote instanceof InetSocketAddress inet) || inet.getAddress() == null) {
      return true;
    }
    InetAddress address = inet.getAddress();
    boolean[] admitted = new boolean[1];
    open.compute(address, (a, n) -> {
      int count = n == null ? 0 : n;
      admitted[0] = count < max;
      return admitted[0] ? count + 1 : (n == null ? null : n);
    });
    if (!admitted[0]) {
      refusedConnections.increment();
      ch.config().setOption(ChannelOption.SO_LINGER, 0);
      ch.close();
      return false;
    }
    ch.closeFuture().addListener(f -> open.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1));
    return true;
  }

  /** Registers the counters as metrics. */
  void export(GatewayMetrics metrics) {
    metrics.gauge("causeway_connections_refused_per_address",
        "connections reset at accept because their client address was at max_connections_per_address",
        refusedConnections::sum);
    metrics.gauge("causeway_client_body_timeouts",
        "requests answered 408 because the client sent the body too slowly",
        bodyTimeouts::sum);
    metrics.gauge("causeway_client_send_timeouts",
        "connections or HTTP/2 streams closed because the client stopped reading the response",
        sendTimeouts::sum);
  }
}
