package io.causeway.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.causeway.gateway.ClusterClient;
import io.causeway.gateway.ClusterClientOptions;
import io.causeway.gateway.DataPlane;
import io.causeway.gateway.DataPlaneOptions;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * How long an API write takes to serve traffic on two data planes (p50/p99 over 100 changes), and
 * the same with 10,000 routes configured. A benchmark, not a check: it runs only with {@code
 * -Dcauseway.bench=true} (see docs/hybrid.md, "Numbers") and prints its results.
 */
@EnabledIfSystemProperty(named = "causeway.bench", matches = "true")
@Timeout(1800)
class HybridPropagationBenchmarkIT {
  /**
   * Between two probes of a data plane: 1 ms of resolution, and the probing client does not
   * take a whole core from the data planes it measures on a 2-core machine.
   */
  private static final long POLL_NANOS = 1_000_000;

  @TempDir Path dir;

  @Test
  void measuresWriteToServeLatency() throws Exception {
    HttpServer upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    upstream.createContext("/", e -> {
      e.sendResponseHeaders(200, -1);
      e.close();
    });
    upstream.start();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    List<AutoCloseable> open = new ArrayList<>();
    try (HybridControlPlane cp = HybridControlPlane.start(dir.resolve("cp"), 0)) {
      List<DataPlane> planes = new ArrayList<>();
      for (String name : List.of("a", "b")) {
        String token = cp.client().post(cp.base() + "/join-tokens", "{}").json().path("token")
            .asText();
        Path data = dir.resolve(name);
        DataPlane dp = DataPlane.start(DataPlaneOptions.named(name).withDataDir(data)
            .withProxy("127.0.0.1", 0, -1).withStatus("127.0.0.1", 0));
        open.add(dp);
        open.add(ClusterClient.start(dp, ClusterClientOptions.of(cp.clusterUri().toString(),
            Optional.of(token), data, name)));
        planes.add(dp);
      }
      String entities = cp.base() + "/core-entities";
      assertThat(cp.client().post(entities + "/services", "{\"name\":\"s\",\"url\":"
          + "\"http://127.0.0.1:" + upstream.getAddress().getPort() + "\"}").status())
          .isEqualTo(201);
      report("100 route creations, 1 service, write to serving on both",
          measure(cp, planes, http, 100, "a"));

      StringBuilder doc = new StringBuilder("{\"_format_version\":\"3.0\",\"services\":[{"
          + "\"name\":\"s\",\"url\":\"http://127.0.0.1:" + upstream.getAddress().getPort()
          + "\",\"routes\":[");
      for (int i = 0; i < 10_000; i++) {
        doc.append(i == 0 ? "" : ",").append("{\"name\":\"bulk-").append(i)
            .append("\",\"paths\":[\"/bulk/").append(i).append("\"]}");
      }
      doc.append("]}]}");
      long t0 = System.nanoTime();
      // Not through ApiClient: its 10 s timeout is too short for this on a loaded machine.
      HttpResponse<String> applied = http.send(HttpRequest.newBuilder(
              cp.apiUri().resolve(cp.base() + "/core-entities/config"))
          .timeout(Duration.ofMinutes(5))
          .header("Authorization", "Bearer " + cp.adminToken())
          .header("Content-Type", "application/json")
          .PUT(HttpRequest.BodyPublishers.ofString(doc.toString())).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(applied.statusCode()).as(applied.body()).isEqualTo(200);
      long applyMs = (System.nanoTime() - t0) / 1_000_000;
      for (DataPlane dp : planes) {
        URI uri = URI.create("http://127.0.0.1:" + dp.proxyPort() + "/bulk/9999");
        while (http.send(HttpRequest.newBuilder(uri).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
          LockSupport.parkNanos(POLL_NANOS);
        }
      }
      System.out.printf("apply of a 10,000-route document: API %d ms, serving on both %d ms%n",
          applyMs, (System.nanoTime() - t0) / 1_000_000);
      report("20 route creations on top of 10,000 routes, write to serving on both",
          measure(cp, planes, http, 20, "b"));
    } finally {
      for (int i = open.size() - 1; i >= 0; i--) {
        open.get(i).close();
      }
      upstream.stop(0);
      http.close();
    }
  }

  /**
   * The control plane's side of one route creation on top of 10,000 routes, both ways, in the
   * same JVM under the same load: the whole rebuild every write used to do (read every row,
   * encode, check with the data plane's reader) and the incremental one (re-read the touched
   * row, splice the cached JSON, hash); plus what one data plane spends parsing that snapshot.
   */
  @Test
  void measuresTheControlPlaneSideOfAWriteOnTopOf10000Routes() {
    try (io.causeway.store.Store store = io.causeway.store.Store.open(
        io.causeway.store.StoreSettings.h2InMemory("bench-" + java.util.UUID.randomUUID()))) {
      java.util.UUID org = store.organizations().insert(io.causeway.store.OrganizationRow
          .create(java.util.UUID.randomUUID(), "o")).id();
      java.util.UUID cp = store.controlPlanes().insert(io.causeway.store.ControlPlaneRow.create(
          java.util.UUID.randomUUID(), org, "cp", Optional.empty(), Bootstrap.CLUSTER_TYPE, "{}",
          true)).id();
      java.util.UUID service = java.util.UUID.randomUUID();
      List<io.causeway.store.CoreEntityRow> rows = new ArrayList<>();
      rows.add(io.causeway.store.CoreEntityRow.create(service, cp,
          io.causeway.store.CoreEntityKind.SERVICES, Optional.of("s"), Optional.empty(),
          "{\"host\":\"127.0.0.1\",\"port\":9}"));
      for (int i = 0; i < 10_000; i++) {
        rows.add(io.causeway.store.CoreEntityRow.create(java.util.UUID.randomUUID(), cp,
            io.causeway.store.CoreEntityKind.ROUTES, Optional.of("bulk-" + i), Optional.of(service),
            "{\"name\":\"bulk-" + i + "\",\"paths\":[\"/bulk/" + i + "\"]}"));
      }
      store.inTransaction(tx -> {
        tx.coreEntities().insertAll(rows);
        return tx.coreEntities().bumpConfigVersion(cp);
      });
      try (ClusterHub hub = new ClusterHub(store, Duration.ofHours(1), Duration.ofHours(1))) {
        hub.current(cp).orElseThrow();
        List<Long> whole = new ArrayList<>();
        List<Long> incremental = new ArrayList<>();
        List<Long> parse = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
          long t0 = System.nanoTime();
          SnapshotModel all = SnapshotBuilder.build(store.coreEntities(), cp, 1);
          SnapshotModel.hash(all.document("[]"));
          whole.add((System.nanoTime() - t0) / 1_000);

          java.util.UUID id = java.util.UUID.randomUUID();
          long t1 = System.nanoTime();
          SnapshotModel next = store.inTransaction(tx -> {
            long version = tx.coreEntities().bumpConfigVersion(cp);
            tx.coreEntities().insert(io.causeway.store.CoreEntityRow.create(id, cp,
                io.causeway.store.CoreEntityKind.ROUTES, Optional.empty(), Optional.of(service),
                "{\"paths\":[\"/x" + id + "\"]}"));
            return hub.next(tx, cp, version, List.of(new SnapshotModel.Touched(
                io.causeway.store.CoreEntityKind.ROUTES, id)));
          });
          hub.publish(next);
          SnapshotModel.hash(next.document("[]"));
          incremental.add((System.nanoTime() - t1) / 1_000);

          long t2 = System.nanoTime();
          assertThat(io.causeway.gateway.KongConfig.check(next.document("[]")))
              .isInstanceOf(io.causeway.gateway.KongConfig.Check.Valid.class);
          parse.add((System.nanoTime() - t2) / 1_000);
        }
        report("control plane, whole rebuild of 10,000 routes (read, encode, check, hash)", whole);
        report("control plane, incremental write on 10,000 routes (tx, re-read, splice, hash)",
            incremental);
        report("data plane reader on the 10,000-route snapshot (KongConfig.check)", parse);
      }
    }
  }

  private static List<Long> measure(HybridControlPlane cp, List<DataPlane> planes,
      HttpClient http, int changes, String prefix) throws Exception {
    List<Long> micros = new ArrayList<>();
    List<Long> writes = new ArrayList<>();
    String routes = cp.base() + "/core-entities/services/s/routes";
    for (int i = 0; i < changes; i++) {
      String path = "/" + prefix + i;
      long start = System.nanoTime();
      ApiClient.Answer created = cp.client().post(routes, "{\"paths\":[\"" + path + "\"]}");
      assertThat(created.status()).as(created.body()).isEqualTo(201);
      writes.add((System.nanoTime() - start) / 1_000);
      for (DataPlane dp : planes) {
        URI uri = URI.create("http://127.0.0.1:" + dp.proxyPort() + path);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (http.send(HttpRequest.newBuilder(uri).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
          assertThat(System.nanoTime()).as("route %s serving", path).isLessThan(deadline);
          LockSupport.parkNanos(POLL_NANOS);
        }
      }
      micros.add((System.nanoTime() - start) / 1_000);
    }
    report("  (of which the API write answered)", writes);
    return micros;
  }

  private static void report(String what, List<Long> micros) {
    List<Long> sorted = new ArrayList<>(micros);
    Collections.sort(sorted);
    long p50 = sorted.get(sorted.size() / 2);
    long p99 = sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.99) - 1));
    System.out.printf("%s: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
        what, p50 / 1000.0, p99 / 1000.0, sorted.getLast() / 1000.0);
  }
}
