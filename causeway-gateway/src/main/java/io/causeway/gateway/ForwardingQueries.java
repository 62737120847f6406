package io.causeway.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.channel.AddressedEnvelope;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DefaultDnsRecordDecoder;
import io.netty.handler.codec.dns.DnsRawRecord;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponse;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.NoopDnsCache;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Asks an entry's servers about one name, in order, with failover: A first, AAAA only when the
 * name has no A records (IPv4 preferred unless the name is IPv6 only), CNAME chains inside an
 * answer followed; SRV instead for {@code _service._proto.name} names. Netty's resolver is used as a query transport only (its own cache, search
 * list and server selection stay out), because the cache above needs TTLs, SOA minimums and the
 * answering server, which {@code resolve} hides. One Netty resolver per event loop, as Netty
 * requires.
 */
final class ForwardingQueries implements AutoCloseable {

  private static final int MAX_CNAME_HOPS = 16;

  private final Transport transport;
  private final ForwardingSettings settings;
  private final Map<EventLoop, DnsNameResolver> resolvers = new ConcurrentHashMap<>();
  private volatile boolean closed;

  ForwardingQueries(Transport transport, ForwardingSettings settings) {
    this.transport = transport;
    this.settings = settings;
  }

  /** Looks {@code name} up; the future never fails (an outage is {@link DnsAnswer.Unreachable}). */
  Future<DnsAnswer> lookup(String name, DnsForwardingEntry entry, EventLoop loop) {
    Promise<DnsAnswer> promise = loop.newPromise();
    if (closed) {
      return promise.setSuccess(new DnsAnswer.Unreachable("resolver closed"));
    }
    DnsNameResolver resolver = resolvers.computeIfAbsent(loop, this::newResolver);
    loop.execute(() -> new Lookup(resolver, name, entry.serverAddresses(), promise).start());
    return promise;
  }

  private DnsNameResolver newResolver(EventLoop loop) {
    return new DnsNameResolverBuilder(loop)
        .datagramChannelType(transport.datagramChannel())
        // Truncated UDP answers are retried over TCP.
        .socketChannelType(transport.socketChannel())
        .queryTimeoutMillis(settings.queryTimeout().toMillis())
        .resolveCache(NoopDnsCache.INSTANCE)
        .searchDomains(List.of())
        .ndots(1)
        .recursionDesired(true)
        .build();
  }

  @Override
  public void close() {
    closed = true;
    resolvers.values().forEach(DnsNameResolver::close);
    resolvers.clear();
  }

  /** One lookup's state; every method runs on the resolver's event loop. */
  private final class Lookup {
    private final DnsNameResolver resolver;
    private final String name;
    private final List<InetSocketAddress> servers;
    private final Promise<DnsAnswer> promise;
    private final List<String> failures = new ArrayList<>();
    private DnsRecordType type;
    private int tries;

    Lookup(DnsNameResolver resolver, String name, List<InetSocketAddress> servers,
        Promise<DnsAnswer> promise) {
      this.resolver = resolver;
      this.name = name;
      this.servers = servers;
      this.promise = promise;
      this.type = isSrvName(name) ? DnsRecordType.SRV : DnsRecordType.A;
    }

    void start() {
      tries = 0;
      next();
    }

    private void next() {
      if (tries >= servers.size() * settings.attempts()) {
        promise.trySuccess(new DnsAnswer.Unreachable(String.join("; ", failures)));
        return;
      }
      InetSocketAddress server = servers.get(tries % servers.size());
      tries++;
      Future<AddressedEnvelope<DnsResponse, InetSocketAddress>> query;
      try {
        query = resolver.query(server, new DefaultDnsQuestion(name, type));
      } catch (RuntimeException e) {
        // A name no server could be asked about (an over-long label...): no retry helps.
        promise.trySuccess(new DnsAnswer.Unreachable(name + ": cannot be asked: " + e.getMessage()));
        return;
      }
      query.addListener(f -> {
        if (!f.isSuccess()) {
          failures.add(describe(server) + " " + type.name() + ": " + f.cause().getMessage());
          next();
          return;
        }
        AddressedEnvelope<DnsResponse, InetSocketAddress> envelope = query.getNow();
        try {
          onResponse(server, envelope.content());
        } finally {
          envelope.release();
        }
      });
    }

    private void onResponse(InetSocketAddress server, DnsResponse response) {
      DnsResponseCode code = response.code();
      if (code.equals(DnsResponseCode.NXDOMAIN)) {
        promise.trySuccess(new DnsAnswer.NotFound(true, negativeTtl(response), describe(server)));
      } else if (!code.equals(DnsResponseCode.NOERROR)) {
        failures.add(describe(server) + " " + type.name() + ": " + code);
        next();
      } else {
        DnsAnswer answer = addresses(response, describe(server));
        if (answer != null) {
          promise.trySuccess(answer);
        } else if (type == DnsRecordType.A) {
          // NODATA for A: the name exists; it may be IPv6 only. Same server order again.
          type = DnsRecordType.AAAA;
          start();
        } else {
          promise.trySuccess(new DnsAnswer.NotFound(false, negativeTtl(response), describe(server)));
        }
      }
    }

    /** Found, Alias, or null for NODATA. */
    private DnsAnswer addresses(DnsResponse response, String server) {
      int count = response.count(DnsSection.ANSWER);
      String current = ForwardingTable.normalise(name);
      long ttl = Long.MAX_VALUE;
      for (int hop = 0; hop < MAX_CNAME_HOPS; hop++) {
        String target = null;
        for (int i = 0; i < count; i++) {
          DnsRecord r = response.recordAt(DnsSection.ANSWER, i);
          if (r.type() == DnsRecordType.CNAME && sameName(r.name(), current)
              && r instanceof DnsRawRecord raw) {
            target = ForwardingTable.normalise(decodeName(raw.content()));
            ttl = Math.min(ttl, r.timeToLive());
            break;
          }
        }
        if (target == null) {
          break;
        }
        current = target;
      }
      if (type == DnsRecordType.SRV) {
        return services(response, current, ttl, server);
      }
      List<InetAddress> found = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        DnsRecord r = response.recordAt(DnsSection.ANSWER, i);
        if (r.type() == type && sameName(r.name(), current) && r instanceof DnsRawRecord raw) {
          InetAddress address = toAddress(raw.content());
          if (address != null && !found.contains(address)) {
            found.add(address);
            ttl = Math.min(ttl, r.timeToLive());
          }
        }
      }
      if (!found.isEmpty()) {
        return new DnsAnswer.Found(found, ttl, server);
      }
      if (!current.equals(ForwardingTable.normalise(name))) {
        return new DnsAnswer.Alias(current, ttl, server);
      }
      return null;
    }

    private DnsAnswer services(DnsResponse response, String owner, long ttlSoFar, String server) {
      long ttl = ttlSoFar;
      List<DnsAnswer.SrvRecord> records = new ArrayList<>();
      int count = response.count(DnsSection.ANSWER);
      for (int i = 0; i < count; i++) {
        DnsRecord r = response.recordAt(DnsSection.ANSWER, i);
        if (r.type() == DnsRecordType.SRV && sameName(r.name(), owner) && r instanceof DnsRawRecord raw) {
          ByteBuf in = raw.content().duplicate();
          if (in.readableBytes() < 7) {
            continue;
          }
          int priority = in.readUnsignedShort();
          int weight = in.readUnsignedShort();
          int port = in.readUnsignedShort();
          String target = ForwardingTable.normalise(DefaultDnsRecordDecoder.decodeName(in));
          // RFC 2782: a target of "." means the service is decidedly not available here.
          if (!target.isEmpty() && port > 0) {
            records.add(new DnsAnswer.SrvRecord(priority, weight, port, target));
            ttl = Math.min(ttl, r.timeToLive());
          }
        }
      }
      return records.isEmpty() ? null : new DnsAnswer.Services(records, ttl, server);
    }

    private InetAddress toAddress(ByteBuf content) {
      int length = content.readableBytes();
      if ((type == DnsRecordType.A && length != 4) || (type == DnsRecordType.AAAA && length != 16)) {
        return null;
      }
      byte[] bytes = new byte[length];
      content.getBytes(content.readerIndex(), bytes);
      try {
        return InetAddress.getByAddress(ForwardingTable.normalise(name), bytes);
      } catch (UnknownHostException e) {
        return null;
      }
    }
  }

  /** RFC 2308 §5: the negative TTL is the smaller of the SOA record's TTL and its MINIMUM. */
  static long negativeTtl(DnsResponse response) {
    int count = response.count(DnsSection.AUTHORITY);
    for (int i = 0; i < count; i++) {
      DnsRecord r = response.recordAt(DnsSection.AUTHORITY, i);
      if (r.type() == DnsRecordType.SOA && r instanceof DnsRawRecord raw) {
        ByteBuf in = raw.content().duplicate();
        try {
          DefaultDnsRecordDecoder.decodeName(in); // MNAME
          DefaultDnsRecordDecoder.decodeName(in); // RNAME
          in.skipBytes(16); // SERIAL, REFRESH, RETRY, EXPIRE
          return Math.min(r.timeToLive(), in.readUnsignedInt());
        } catch (RuntimeException malformed) {
          return -1;
        }
      }
    }
    return -1;
  }

  /** Kong's rule: SRV is asked only for names shaped {@code _service._proto.name}. */
  static boolean isSrvName(String name) {
    if (!name.startsWith("_")) {
      return false;
    }
    int dot = name.indexOf('.');
    return dot > 1 && dot + 1 < name.length() && name.charAt(dot + 1) == '_'
        && name.indexOf('.', dot + 1) > dot + 2;
  }

  private static String decodeName(ByteBuf content) {
    return DefaultDnsRecordDecoder.decodeName(content.duplicate());
  }

  private static boolean sameName(String recordName, String name) {
    return ForwardingTable.normalise(recordName).equals(name.toLowerCase(Locale.ROOT));
  }

  static String describe(InetSocketAddress server) {
    String host = server.getAddress().getHostAddress();
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + server.getPort();
  }
}
