package io.causeway.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A database that goes away makes the API answer 503 problems, never 500. */
@Timeout(90)
class StoreOutageIT {
  @TempDir Path dataDir;

  @Test
  void answers503WhenTheDatabaseIsGone() throws Exception {
    try (Postgres pg = Postgres.freshDatabase();
        ControlPlane cp = ControlPlane.start(
            Fixtures.options(dataDir).withDatabaseUrl(Optional.of(pg.url())),
            Fixtures.hooks(Fixtures.provider()))) {
      ApiClient api = ApiClient.of(cp, Files.readString(cp.adminTokenFile()).trim());
      assertThat(api.get("/v2/cloud-gateways/networks").status()).isEqualTo(200);

      pg.dropNow();

      var answer = api.get("/v2/cloud-gateways/networks");
      assertThat(answer.status()).as(answer.body()).isEqualTo(503);
      assertThat(answer.contentType()).startsWith("application/problem+json");
      assertThat(answer.header("Retry-After")).isPresent();
      assertThat(api.get("/status").status()).isEqualTo(503);
    }
  }
}
