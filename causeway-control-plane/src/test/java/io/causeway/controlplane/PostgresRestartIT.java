package io.causeway.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL restarts (a fast shutdown, then a start) while a client keeps writing through the
 * API: during the outage every answer is a 503 problem with {@code Retry-After} (never a 500),
 * the control plane recovers by itself once the database is back, and every write it
 * acknowledged (201) is there afterwards. Runs on a PostgreSQL server of its own ({@link
 * ThrowawayPostgres}), never the machine's shared one.
 */
@Timeout(180)
class PostgresRestartIT {
  private static final String NETWORKS = "/v2/cloud-gateways/networks";

  @TempDir Path dataDir;

  /** One write and what the API answered; {@code id} only when acknowledged. */
  record Write(String name, int status, String contentType, Optional<String> retryAfter,
      Optional<String> id, String body) {}

  @Test
  void answers503DuringARestartRecoversAloneAndLosesNoAcknowledgedWrite() throws Exception {
    try (ThrowawayPostgres pg = ThrowawayPostgres.start();
        ControlPlane cp = ControlPlane.start(
            Fixtures.options(dataDir).withDatabaseUrl(Optional.of(pg.url())),
            Fixtures.hooks(Fixtures.provider()))) {
      ApiClient api = ApiClient.of(cp, Files.readString(cp.adminTokenFile()).trim());
      List<Write> writes = new CopyOnWriteArrayList<>();
      AtomicBoolean writing = new AtomicBoolean(true);
      Thread writer = Thread.ofVirtual().start(() -> {
        for (int i = 0; writing.get(); i++) {
          writes.add(write(api, i));
        }
      });
      try {
        await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged(writes) >= 3);

        pg.stopServer();
        await().atMost(Duration.ofSeconds(60)).until(() -> unavailable(writes) >= 2);
        var status = api.get("/status");
        assertThat(status.status()).as(status.body()).isEqualTo(503);

        int before = acknowledged(writes);
        pg.startServer();
        await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged(writes) >= before + 3);
      } finally {
        writing.set(false);
        writer.join(Duration.ofSeconds(30));
      }

      assertThat(writes).allSatisfy(w -> assertThat(w.status()).as(w.toString()).isIn(201, 503));
      assertThat(writes).filteredOn(w -> w.status() == 503).isNotEmpty().allSatisfy(w -> {
        assertThat(w.contentType()).as(w.toString()).startsWith("application/problem+json");
        assertThat(w.retryAfter()).as(w.toString()).isPresent();
      });
      assertThat(api.get("/status").status()).isEqualTo(200);
      for (Write w : writes) {
        if (w.id().isPresent()) {
          var stored = api.get(NETWORKS + "/" + w.id().get());
          assertThat(stored.status()).as("acknowledged %s: %s", w.name(), stored.body())
              .isEqualTo(200);
          assertThat(stored.json().get("name").asText()).isEqualTo(w.name());
        }
      }
    }
  }

  private static Write write(ApiClient api, int i) {
    String name = "during-restart-" + i;
    ApiClient.Answer answer;
    try {
      answer = api.post(NETWORKS, Fixtures.network(name, "10." + (i % 200) + ".0.0/16"));
    } catch (UncheckedIOException e) {
      // The API itself stays up; a transport failure would be a finding, recorded as status 0.
      return new Write(name, 0, "", Optional.empty(), Optional.empty(), e.toString());
    }
    Optional<String> id = answer.status() == 201
        ? Optional.of(answer.json().get("id").asText())
        : Optional.empty();
    return new Write(name, answer.status(), answer.contentType(), answer.header("Retry-After"),
        id, answer.body());
  }

  private static int acknowledged(List<Write> writes) {
    return (int) writes.stream().filter(w -> w.status() == 201).count();
  }

  private static int unavailable(List<Write> writes) {
    return (int) writes.stream().filter(w -> w.status() == 503).count();
  }
}
