package io.causeway.gateway;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JSON line per request on the SLF4J logger {@code causeway.access}, formatted and written on
 * a daemon thread so the event loops never wait for a log appender. When the queue is full the
 * line is dropped and counted rather than blocking traffic.
 */
final class AccessLog implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger("causeway.access");

  /**
   * What one exchange leaves behind. Latencies in milliseconds: {@code totalMs} from the request
   * head to the end of the response, {@code upstreamMs} from the request head to the upstream's
   * response head (-1 when no upstream answered).
   */
  record Entry(
      long timestampMillis,
      String requestId,
      String client,
      String method,
      String path,
      String protocol,
      String route,
      String service,
      String upstream,
      int status,
      double totalMs,
      double upstreamMs) {

    String toJson() {
      return "{\"ts\":" + timestampMillis
          + ",\"request_id\":\"" + Problems.escape(requestId)
          + "\",\"client\":\"" + Problems.escape(client)
          + "\",\"method\":\"" + Problems.escape(method)
          + "\",\"path\":\"" + Problems.escape(path)
          + "\",\"protocol\":\"" + protocol
          + "\",\"route\":\"" + Problems.escape(route)
          + "\",\"service\":\"" + Problems.escape(service)
          + "\",\"upstream\":\"" + Problems.escape(upstream)
          + "\",\"status\":" + status
          + ",\"latencies\":{\"request\":" + round(totalMs)
          + ",\"upstream\":" + round(upstreamMs) + "}}";
    }

    private static String round(double ms) {
      return ms < 0 ? "-1" : String.format(java.util.Locale.ROOT, "%.3f", ms);
    }
  }

  private final BlockingQueue<Entry> queue = new ArrayBlockingQueue<>(65536);
  private final GatewayMetrics metrics;
  private final Thread writer;
  private volatile boolean running = true;

  AccessLog(GatewayMetrics metrics) {
    this.metrics = metrics;
    this.writer = Thread.ofPlatform().daemon().name("causeway-access-log").start(this::drain);
  }

  boolean isEnabled() {
    return LOG.isInfoEnabled();
  }

  void submit(Entry entry) {
    if (!queue.offer(entry)) {
      metrics.accessLogDropped();
    }
  }

  private void drain() {
    while (running || !queue.isEmpty()) {
      try {
        Entry e = queue.poll(200, TimeUnit.MILLISECONDS);
        if (e != null) {
          LOG.info(e.toJson());
        }
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Override
  public void close() {
    running = false;
    try {
      writer.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
