package io.causeway.gateway;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kong's active health checks: each target of an upstream with probing on is probed every
 * {@code healthy.interval} while healthy and every {@code unhealthy.interval} while unhealthy
 * (zero means "not probed in that state"). Probes are blocking calls on virtual threads; the
 * schedule runs on one event loop. A new configuration restarts every schedule.
 */
final class ActiveHealthChecks implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ActiveHealthChecks.class);

  private final EventExecutor scheduler;
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER).build();
  private final List<ScheduledFuture<?>> tasks = new ArrayList<>();
  private long generation;

  ActiveHealthChecks(EventExecutor scheduler) {
    this.scheduler = scheduler;
  }

  synchronized void restart(Collection<UpstreamRuntime> upstreams) {
    cancelAll();
    long gen = ++generation;
    for (UpstreamRuntime u : upstreams) {
      HealthcheckDef.Active active = u.def().healthchecks().active();
      if (!active.isEnabled()) {
        continue;
      }
      for (TargetHealth t : u.targets()) {
        if (t.def().isEnabled()) {
          schedule(u, t, gen, Duration.ZERO);
        }
      }
    }
  }

  private synchronized void schedule(UpstreamRuntime u, TargetHealth t, long gen, Duration delay) {
    if (gen != generation) {
      return;
    }
    tasks.removeIf(java.util.concurrent.Future::isDone);
    tasks.add(scheduler.schedule(() -> tick(u, t, gen), Math.max(1, delay.toMillis()), TimeUnit.MILLISECONDS));
  }

  private void tick(UpstreamRuntime u, TargetHealth t, long gen) {
    HealthcheckDef.Active active = u.def().healthchecks().active();
    Duration interval = t.isHealthy() ? active.healthy().interval() : active.unhealthy().interval();
    if (interval.isZero()) {
      // Not probed in this state; look again later in case the state changes.
      schedule(u, t, gen, Duration.ofSeconds(1));
      return;
    }
    Thread.ofVirtual().name("causeway-healthcheck").start(() -> {
      TargetHealth.Outcome outcome = probe(active, t.def());
      if (gen == generation) {
        t.record(outcome, active.healthy(), active.unhealthy());
      }
      schedule(u, t, gen, interval);
    });
  }

  private TargetHealth.Outcome probe(HealthcheckDef.Active active, TargetDef target) {
    try {
      if (active.type() == HealthcheckDef.CheckType.TCP) {
        try (Socket s = new Socket()) {
          s.connect(new InetSocketAddress(target.host(), target.port()), (int) active.timeout().toMillis());
        }
        return TargetHealth.Outcome.SUCCESS;
      }
      String scheme = active.type() == HealthcheckDef.CheckType.HTTPS ? "https" : "http";
      HttpRequest.Builder req =
          HttpRequest.newBuilder(URI.create(scheme + "://" + target.target() + active.httpPath()))
              .timeout(active.timeout())
              .GET();
      active.headers().forEach((name, values) -> values.forEach(v -> req.header(name, v)));
      int status = client.send(req.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
      if (active.unhealthy().httpStatuses().contains(status)) {
        return TargetHealth.Outcome.HTTP_FAILURE;
      }
      return active.healthy().httpStatuses().contains(status)
          ? TargetHealth.Outcome.SUCCESS
          : TargetHealth.Outcome.HTTP_FAILURE;
    } catch (HttpTimeoutException | java.net.SocketTimeoutException e) {
      return TargetHealth.Outcome.TIMEOUT;
    } catch (IOException | IllegalArgumentException e) {
      LOG.debug("health probe of {} failed: {}", target.target(), e.toString());
      return TargetHealth.Outcome.TCP_FAILURE;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return TargetHealth.Outcome.TCP_FAILURE;
    }
  }

  private void cancelAll() {
    tasks.forEach(f -> f.cancel(false));
    tasks.clear();
  }

  @Override
  public synchronized void close() {
    generation++;
    cancelAll();
    client.close();
  }
}
