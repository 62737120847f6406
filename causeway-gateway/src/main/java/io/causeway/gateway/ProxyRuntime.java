package io.causeway.gateway;

import io.netty.util.AsciiString;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/** What every proxy connection shares: the current configuration, pools, counters and sinks. */
final class ProxyRuntime {

  final AtomicReference<ProxyState> state = new AtomicReference<>(ProxyState.initial());
  final UpstreamPool pool;
  final HostResolver resolver;
  final RequestIds ids;
  final GatewayMetrics metrics;
  final AccessLog accessLog;
  final ProxyLimits limits;
  final AsciiString via;
  final AtomicInteger connections = new AtomicInteger();
  final AtomicInteger inFlight = new AtomicInteger();
  final LongAdder requests = new LongAdder();
  volatile boolean draining;

  ProxyRuntime(
      UpstreamPool pool,
      HostResolver resolver,
      RequestIds ids,
      GatewayMetrics metrics,
      AccessLog accessLog,
      ProxyLimits limits,
      String nodeName) {
    this.pool = pool;
    this.resolver = resolver;
    this.ids = ids;
    this.metrics = metrics;
    this.accessLog = accessLog;
    this.limits = limits;
    this.via = AsciiString.cached("1.1 causeway");
  }
}
