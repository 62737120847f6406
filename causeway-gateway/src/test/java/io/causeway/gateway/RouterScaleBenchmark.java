package io.causeway.gateway;

import io.causeway.gateway.ServiceDef.Protocol;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One router lookup with 10 and with 10,000 routes, the table of {@code bench/routes-bench.sh}:
 * half the routes match an exact host plus a prefix path, half a prefix path only. Each call looks
 * up the next of 4,096 prebuilt requests spread over all routes (a fixed Park-Miller sequence), so
 * the lookup is measured on its own, without the network noise of the end-to-end benchmark. Run
 * with {@code bench/router-bench.sh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RouterScaleBenchmark {

  @Param({"10", "10000"})
  public int routes;

  private Router router;
  private RequestFacts[] requests;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    StringBuilder yaml = new StringBuilder(
        "_format_version: \"3.0\"\nservices:\n- name: origin\n  url: http://127.0.0.1:8080\n  routes:\n");
    for (int r = 0; r < routes; r++) {
      yaml.append("  - name: r").append(r).append('\n');
      if (r < routes / 2) {
        yaml.append("    hosts: [\"h").append(r).append(".bench.test\"]\n    paths: [\"/api/r").append(r).append("\"]\n");
      } else {
        yaml.append("    paths: [\"/path/r").append(r).append("\"]\n");
      }
      yaml.append("    strip_path: false\n");
    }
    router = Router.build(DeclarativeConfig.parse(yaml.toString(), "routes.yaml"));
    requests = new RequestFacts[4096];
    long state = 1;
    for (int i = 0; i < requests.length; i++) {
      state = state * 16807 % 2147483647;
      int r = (int) (state % routes);
      requests[i] = r < routes / 2
          ? RequestFacts.of("GET", "h" + r + ".bench.test", Protocol.HTTP, "/api/r" + r + "/1k.txt")
          : RequestFacts.of("GET", "any.bench.test", Protocol.HTTP, "/path/r" + r + "/1k.txt");
      if (router.match(requests[i]).isEmpty()) {
        throw new IllegalStateException("route r" + r + " did not match");
      }
    }
  }

  @Benchmark
  public Object match() {
    RequestFacts request = requests[next];
    next = (next + 1) & (requests.length - 1);
    return router.match(request);
  }
}
