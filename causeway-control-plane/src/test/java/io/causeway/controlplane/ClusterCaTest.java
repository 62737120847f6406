package io.causeway.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.causeway.store.Store;
import io.causeway.store.StoreSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterCaTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);

  private static Store store(String name) {
    return Store.open(StoreSettings.h2InMemory(name + "-" + UUID.randomUUID()));
  }

  @Test
  void theCaIsMadeOnceInTheStoreAndEveryReplicaOfTheStoreLoadsTheSameOne(@TempDir Path dir)
      throws Exception {
    String name = "replicas-" + UUID.randomUUID();
    try (Store first = Store.open(StoreSettings.h2InMemory(name));
        Store second = Store.open(StoreSettings.h2InMemory(name))) {
      ClusterCa one = ClusterCa.loadOrCreate(first, dir.resolve("a"), CLOCK);
      ClusterCa other = ClusterCa.loadOrCreate(second, dir.resolve("b"), CLOCK);

      assertThat(other.fingerprint()).isEqualTo(one.fingerprint()).matches("[0-9a-f]{64}");
      assertThat(one.certificate().getBasicConstraints()).isGreaterThanOrEqualTo(0);
      // Nothing is written beside the store: the key has one home.
      assertThat(dir.resolve("a")).doesNotExist();
    }
  }

  @Test
  void aCaAnEarlierVersionKeptInTheDataDirectoryIsAdoptedSoJoinedNodesKeepTrustingIt(
      @TempDir Path dir) throws Exception {
    ClusterCa earlier;
    try (Store scratch = store("earlier")) {
      earlier = ClusterCa.loadOrCreate(scratch, dir, CLOCK);
      Files.writeString(dir.resolve("ca.crt"), earlier.certificatePem());
      Files.writeString(dir.resolve("ca.key"), scratch.clusterCa().find().orElseThrow().keyPem());
    }
    try (Store upgraded = store("upgraded")) {
      ClusterCa adopted = ClusterCa.loadOrCreate(upgraded, dir, CLOCK);

      assertThat(adopted.fingerprint()).isEqualTo(earlier.fingerprint());
      assertThat(upgraded.clusterCa().find()).isPresent();
    }
  }

  @Test
  void clientCertificatesNameTheNodeAndChainToTheCa(@TempDir Path dir) throws Exception {
    ClusterCa ca;
    try (Store store = store("client")) {
      ca = ClusterCa.loadOrCreate(store, dir, CLOCK);
    }
    var pair = KeyPairGenerator.getInstance("EC").generateKeyPair();

    X509Certificate cert = ca.issueClient("node-1", pair.getPublic());

    cert.verify(ca.certificate().getPublicKey());
    assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=node-1");
    assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
    assertThat(cert.getBasicConstraints()).isEqualTo(-1);
    assertThat(cert.getPublicKey()).isEqualTo(pair.getPublic());
  }

  @Test
  void theServerCertificateCoversLoopbackAndTheGivenNames(@TempDir Path dir) throws Exception {
    ClusterCa ca;
    try (Store store = store("server")) {
      ca = ClusterCa.loadOrCreate(store, dir, CLOCK);
    }

    var store = ca.serverKeyStore(List.of("cp.example.internal"));
    X509Certificate cert = (X509Certificate) store.getCertificate("cluster");

    assertThat(cert.getSubjectAlternativeNames()).extracting(n -> n.get(1).toString())
        .contains("127.0.0.1", "localhost", "cp.example.internal");
    assertThat(store.getCertificateChain("cluster")).hasSize(2);
  }

  @Test
  void joinTokensCarryTheFingerprintAndOnlyWellFormedOnesAreLookedUp() {
    JoinTokens tokens = new JoinTokens(new java.security.SecureRandom());
    String fingerprint = "ab".repeat(32);

    String token = tokens.newToken(fingerprint);

    assertThat(token).matches(Pattern.quote(JoinTokens.PREFIX) + "[A-Za-z0-9_-]{43}\\."
        + fingerprint);
    assertThat(JoinTokens.hashOf(token)).contains(Tokens.hash(token));
    assertThat(JoinTokens.hashOf("cwt_admin-token")).isEmpty();
    assertThat(tokens.newToken(fingerprint)).isNotEqualTo(token);
  }
}
