package io.causeway.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterCaTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);

  @Test
  void theCaIsMadeOnceKeptPrivateAndReloadedUnchanged(@TempDir Path dir) throws Exception {
    ClusterCa first = ClusterCa.loadOrCreate(dir, CLOCK);
    ClusterCa second = ClusterCa.loadOrCreate(dir, CLOCK);

    assertThat(second.fingerprint()).isEqualTo(first.fingerprint()).matches("[0-9a-f]{64}");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("ca.key"))))
        .isEqualTo("rw-------");
    assertThat(first.certificate().getBasicConstraints()).isGreaterThanOrEqualTo(0);
  }

  @Test
  void clientCertificatesNameTheNodeAndChainToTheCa(@TempDir Path dir) throws Exception {
    ClusterCa ca = ClusterCa.loadOrCreate(dir, CLOCK);
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
    ClusterCa ca = ClusterCa.loadOrCreate(dir, CLOCK);

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
