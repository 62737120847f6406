package io.causeway.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileInputStream;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code --tls-cert/--tls-key}: the API over HTTPS from PEM files. */
@Timeout(60)
class TlsIT {
  @TempDir Path dir;

  private KeyStore selfSigned() throws Exception {
    Path p12 = dir.resolve("api.p12");
    Process keytool = new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
            "-genkeypair", "-alias", "api", "-keyalg", "EC", "-groupname", "secp256r1",
            "-dname", "CN=127.0.0.1", "-ext", "SAN=IP:127.0.0.1", "-validity", "2",
            "-storetype", "PKCS12", "-keystore", p12.toString(), "-storepass", "changeit")
        .redirectErrorStream(true)
        .start();
    keytool.getInputStream().transferTo(System.out);
    assertThat(keytool.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(keytool.exitValue()).isZero();
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = new FileInputStream(p12.toFile())) {
      store.load(in, "changeit".toCharArray());
    }
    return store;
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  @Test
  void servesTheApiOverHttpsFromPemFiles() throws Exception {
    KeyStore store = selfSigned();
    Certificate cert = store.getCertificate("api");
    PrivateKey key = (PrivateKey) store.getKey("api", "changeit".toCharArray());
    Path certFile = Files.writeString(dir.resolve("api.crt"), pem("CERTIFICATE", cert.getEncoded()));
    Path keyFile = Files.writeString(dir.resolve("api.key"), pem("PRIVATE KEY", key.getEncoded()));

    try (ControlPlane cp = ControlPlane.start(
        Fixtures.options(dir.resolve("data")).withTls(certFile, keyFile),
        Fixtures.hooks(Fixtures.provider()))) {
      assertThat(cp.apiUri().getScheme()).isEqualTo("https");
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("api", cert);
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext ssl = SSLContext.getInstance("TLS");
      ssl.init(null, tmf.getTrustManagers(), null);
      HttpClient https = HttpClient.newBuilder().sslContext(ssl)
          .connectTimeout(Duration.ofSeconds(5)).build();
      ApiClient api = new ApiClient(https, cp.apiUri(), cp.newAdminToken());
      assertThat(api.get("/status").status()).isEqualTo(200);
      assertThat(api.get("/v2/cloud-gateways/networks").status()).isEqualTo(200);
      ApiClient plain = new ApiClient(HttpClient.newHttpClient(),
          java.net.URI.create("http://127.0.0.1:" + cp.apiPort()), Optional.empty());
      assertThatThrownBy(() -> plain.get("/status")).isInstanceOf(RuntimeException.class);
    }
  }

  @Test
  void refusesAKeyThatIsNotPkcs8WithTheFix() throws Exception {
    Certificate real = selfSigned().getCertificate("api");
    Path cert = Files.writeString(dir.resolve("c.pem"), pem("CERTIFICATE", real.getEncoded()));
    Path key = Files.writeString(dir.resolve("k.pem"),
        "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
    assertThatThrownBy(() -> PemKeyStore.load(cert, key))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PKCS#8")
        .hasMessageContaining("openssl pkcs8");
  }
}
