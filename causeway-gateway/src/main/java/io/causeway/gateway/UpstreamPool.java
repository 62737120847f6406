package io.causeway.gateway;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.FastThreadLocal;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * Keep-alive HTTP/1.1 connections to upstream addresses, one pool per event loop so that a
 * downstream connection only ever borrows connections running on its own loop: no locks, no
 * cross-thread hand-off. Idle connections keep reading so a close by the peer is noticed, and are
 * closed after the idle timeout.
 */
final class UpstreamPool implements AutoCloseable {

  static final String HANDLER = "upstream";
  private static final AttributeKey<UpstreamHandler> HANDLER_KEY = AttributeKey.valueOf("causeway.upstreamHandler");

  private final Transport transport;
  private final int maxIdlePerAddress;
  private final long idleNanos;
  private final SslContext verifying = clientContext(true);
  private final SslContext trusting = clientContext(false);
  private final AtomicInteger open = new AtomicInteger();
  private final FastThreadLocal<LoopPool> pools =
      new FastThreadLocal<>() {
        @Override
        protected LoopPool initialValue() {
          return new LoopPool();
        }
      };

  UpstreamPool(Transport transport, int maxIdlePerAddress, Duration idleTimeout) {
    this.transport = transport;
    this.maxIdlePerAddress = maxIdlePerAddress;
    this.idleNanos = idleTimeout.toNanos();
  }

  /** Open upstream connections, idle or leased. */
  int openConnections() {
    return open.get();
  }

  /**
   * TLS towards an upstream: the server name sent (SNI, and checked when verifying) and whether
   * the certificate chain and name are verified. Kong's default is not to verify.
   */
  record Tls(String serverName, boolean verify) {}

  /**
   * Kong's pool key: address, plus the TLS identity, so a connection is never reused across
   * different server names or verification settings.
   */
  record Key(InetSocketAddress address, Optional<Tls> tls) {
    // Written out: every request looks its pool up, and the generated record methods go through
    // method handles.
    @Override
    public int hashCode() {
      return address.hashCode() * 31 + tls.hashCode();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && address.equals(k.address) && tls.equals(k.tls);
    }
  }

  /** Who asked for a connection: told exactly once, on the connection's loop. */
  interface Lessee {
    /** A connection, {@code reused} from the pool or new. */
    void leased(UpstreamHandler connection, boolean reused);

    void leaseFailed(Throwable cause);
  }

  /** Leases a connection for {@code key} on {@code loop}; must be called on that loop. */
  void acquire(EventLoop loop, Key key, int connectTimeoutMs, Lessee lessee) {
    InetSocketAddress address = key.address();
    UpstreamHandler idle = pools.get().poll(key, TimeoutSweeper.coarseNanos());
    if (idle != null) {
      lessee.leased(idle, true);
      return;
    }
    Bootstrap b =
        new Bootstrap()
            .group(loop)
            .channel(transport.socketChannel())
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMs)
            .option(ChannelOption.AUTO_READ, false)
            .option(ChannelOption.TCP_NODELAY, true)
            .handler(
                new ChannelInitializer<>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    key.tls().ifPresent(tls -> ch.pipeline().addLast("tls", tlsHandler(ch, address, tls)));
                    UpstreamHandler handler = new UpstreamHandler(ch, key);
                    ch.attr(HANDLER_KEY).set(handler);
                    ch.pipeline()
                        .addLast("codec", new UpstreamCodec())
                        .addLast(HANDLER, handler);
                  }
                });
    ChannelFuture f = b.connect(address);
    f.addListener(
        done -> {
          if (done.isSuccess()) {
            open.incrementAndGet();
            f.channel().closeFuture().addListener(c -> open.decrementAndGet());
            UpstreamHandler handler = handler(f.channel());
            if (handler == null) {
              f.channel().close();
              lessee.leaseFailed(new IllegalStateException("upstream connection without its handler"));
            } else {
              lessee.leased(handler, false);
            }
          } else {
            lessee.leaseFailed(done.cause());
          }
        });
  }

  /** Returns a connection whose last exchange ended cleanly; called on its loop. */
  void release(UpstreamHandler handler) {
    Channel ch = handler.channel();
    if (!ch.isActive()) {
      ch.close();
      return;
    }
    handler.detach();
    if (!pools.get().offer(handler, TimeoutSweeper.coarseNanos())) {
      ch.close();
      return;
    }
    // Keep a read pending so a close or stray bytes from the idle peer are noticed at once.
    ch.read();
  }

  /**
   * The last handler of a connection this pool opened (it stays for the connection's life; a
   * protocol switch removes only the codec), found through an attribute rather than a pipeline
   * search since every request needs it; null for a channel the pool did not make.
   */
  static UpstreamHandler handler(Channel ch) {
    return ch.attr(HANDLER_KEY).get();
  }

  private SslHandler tlsHandler(Channel ch, InetSocketAddress address, Tls tls) {
    SslContext context = tls.verify() ? verifying : trusting;
    SslHandler handler = context.newHandler(ch.alloc(), tls.serverName(), address.getPort());
    if (tls.verify()) {
      SSLParameters params = handler.engine().getSSLParameters();
      params.setEndpointIdentificationAlgorithm("HTTPS");
      handler.engine().setSSLParameters(params);
    }
    return handler;
  }

  private static SslContext clientContext(boolean verify) {
    try {
      SslContextBuilder b = SslContextBuilder.forClient().sslProvider(SslProvider.JDK);
      if (!verify) {
        b.trustManager(InsecureTrustManagerFactory.INSTANCE);
      }
      return b.build();
    } catch (SSLException e) {
      throw new IllegalStateException("cannot build the upstream TLS context", e);
    }
  }

  @Override
  public void close() {
    // Connections close with their event loops.
  }

  /** The idle connections of one key on one loop; {@code retired} once the pool dropped it. */
  static final class IdleList extends ArrayDeque<UpstreamHandler> {
    boolean retired;
  }

  private final class LoopPool {
    private final Map<Key, IdleList> idle = new HashMap<>();
    private boolean sweeping;

    UpstreamHandler poll(Key address, long now) {
      IdleList q = idle.get(address);
      if (q == null) {
        return null;
      }
      UpstreamHandler h;
      while ((h = q.pollLast()) != null) {
        if (h.channel().isActive() && now - h.idleSince < idleNanos) {
          return h;
        }
        h.channel().close();
      }
      return null;
    }

    boolean offer(UpstreamHandler handler, long now) {
      Channel ch = handler.channel();
      // A connection goes back to the list it waited in before: hashing the key (an address and
      // a TLS identity) on every release was ~3 % of the proxy path's own CPU.
      IdleList q = handler.idleList;
      if (q == null || q.retired) {
        q = idle.computeIfAbsent(handler.key(), k -> new IdleList());
        handler.idleList = q;
      }
      if (q.size() >= maxIdlePerAddress) {
        return false;
      }
      handler.idleSince = now;
      q.addLast(handler);
      if (!sweeping) {
        sweeping = true;
        ch.eventLoop().scheduleAtFixedRate(this::sweep, 5, 5, TimeUnit.SECONDS);
      }
      return true;
    }

    private void sweep() {
      long now = System.nanoTime();
      for (Iterator<IdleList> it = idle.values().iterator(); it.hasNext(); ) {
        IdleList q = it.next();
        q.removeIf(
            h -> {
              boolean stale = !h.channel().isActive() || now - h.idleSince >= idleNanos;
              if (stale) {
                h.channel().close();
              }
              return stale;
            });
        if (q.isEmpty()) {
          // Handlers still pointing here look the key up again on their next release.
          q.retired = true;
          it.remove();
        }
      }
    }
  }
}
