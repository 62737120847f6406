package io.causeway.gateway;

import io.netty.channel.EventLoop;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.Future;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolves with Netty's asynchronous DNS resolver (hosts file first, then the servers of
 * {@code /etc/resolv.conf}); one resolver per event loop, as Netty requires. IP literals never
 * touch DNS.
 */
final class SystemHostResolver implements HostResolver {

  private final Transport transport;
  private final Map<EventLoop, DnsNameResolver> resolvers = new ConcurrentHashMap<>();
  private final FastThreadLocal<DnsNameResolver> local = new FastThreadLocal<>();

  SystemHostResolver(Transport transport) {
    this.transport = transport;
  }

  @Override
  public Future<InetAddress> resolve(String host, EventLoop loop) {
    byte[] literal = NetUtil.createByteArrayFromIpAddressString(host);
    if (literal != null) {
      try {
        return loop.newSucceededFuture(InetAddress.getByAddress(host, literal));
      } catch (UnknownHostException e) {
        return loop.newFailedFuture(e);
      }
    }
    DnsNameResolver resolver = local.get();
    if (resolver == null) {
      resolver = resolvers.computeIfAbsent(loop, this::newResolver);
      local.set(resolver);
    }
    return resolver.resolve(host);
  }

  private DnsNameResolver newResolver(EventLoop loop) {
    // No search domains: a short name must not be completed into a name another server owns.
    return new DnsNameResolverBuilder(loop)
        .datagramChannelType(transport.datagramChannel())
        .searchDomains(List.of())
        .ndots(1)
        .queryTimeoutMillis(2000)
        .build();
  }

  @Override
  public void close() {
    resolvers.values().forEach(DnsNameResolver::close);
    resolvers.clear();
  }
}
