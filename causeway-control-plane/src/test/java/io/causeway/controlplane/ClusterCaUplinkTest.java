package io.causeway.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.causeway.store.Store;
import io.causeway.store.StoreSettings;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cluster listener's certificate is valid where namespaced nodes dial it: uplink host ends. */
class ClusterCaUplinkTest {
  @TempDir Path dir;

  @Test
  void theServerCertificateNamesTheHostEndOfEveryLocalUplink() throws Exception {
    ClusterCa ca;
    try (Store store = Store.open(StoreSettings.h2InMemory("uplink-" + UUID.randomUUID()))) {
      ca = ClusterCa.loadOrCreate(store, dir, Clock.systemUTC());
    }

    X509Certificate cert =
        (X509Certificate) ca.serverKeyStore(List.of("0.0.0.0")).getCertificate("cluster");

    List<String> names = cert.getSubjectAlternativeNames().stream()
        .map(entry -> entry.get(1).toString())
        .toList();
    assertThat(names).contains("127.0.0.1", "169.254.100.1", "169.254.100.5", "169.254.101.1",
        "169.254.103.253");
    assertThat(names).doesNotContain("169.254.100.2");
    assertThat(ClusterCa.uplinkHostAddresses()).hasSize(256).doesNotHaveDuplicates();
  }
}
