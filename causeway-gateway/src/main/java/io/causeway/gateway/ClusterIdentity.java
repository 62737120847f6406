package io.causeway.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A data-plane node's cluster identity in {@code DATA_DIR/cluster/}: its EC P-256 key (made here,
 * never sent; mode 0600), the client certificate the control plane issued for it, and the cluster
 * CA. {@link #join} obtains them once with a join token, trusting the listener only if its chain
 * holds the CA whose fingerprint the token carries.
 */
final class ClusterIdentity {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final char[] NO_PASSWORD = new char[0];

  private final PrivateKey key;
  private final X509Certificate certificate;
  private final X509Certificate ca;
  private final String nodeId;

  private ClusterIdentity(PrivateKey key, X509Certificate certificate, X509Certificate ca,
      String nodeId) {
    this.key = key;
    this.certificate = certificate;
    this.ca = ca;
    this.nodeId = nodeId;
  }

  String nodeId() {
    return nodeId;
  }

  /** The identity kept in {@code dir}, if the node joined before. */
  static Optional<ClusterIdentity> load(Path dir) {
    Path keyFile = dir.resolve("node.key");
    if (!Files.exists(keyFile)) {
      return Optional.empty();
    }
    try {
      String pem = Files.readString(keyFile, StandardCharsets.US_ASCII);
      PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(
          new PKCS8EncodedKeySpec(derOf(pem)));
      X509Certificate cert = certificate(Files.readString(dir.resolve("node.crt")));
      X509Certificate ca = certificate(Files.readString(dir.resolve("ca.crt")));
      String cn = cert.getSubjectX500Principal().getName().replaceFirst("^CN=", "");
      return Optional.of(new ClusterIdentity(key, cert, ca, cn));
    } catch (IOException e) {
      throw new UncheckedIOException("cluster identity in " + dir + " unreadable", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cluster identity in " + dir + " invalid: " + e, e);
    }
  }

  /**
   * Joins the control plane with a token: makes a key, sends its public half, stores what comes
   * back.
   *
   * @throws IllegalArgumentException the token is malformed, refused, used or expired
   * @throws UncheckedIOException the control plane cannot be reached (try again later)
   */
  static ClusterIdentity join(URI controlPlane, String token, String hostname, String version,
      Path dir) {
    String[] parts = token.split("\\.");
    if (parts.length != 3 || !parts[0].equals("cwj1") || !parts[2].matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException(
          "join token: malformed (expected: cwj1.<secret>.<CA fingerprint>, as minted by"
              + " POST /v2/control-planes/{id}/join-tokens)");
    }
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair pair = generator.generateKeyPair();
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(null, new TrustManager[] {new PinnedCa(parts[2])}, null);
      String body = JSON.writeValueAsString(Map.of(
          "join_token", token,
          "public_key", Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()),
          "hostname", hostname,
          "version", version));
      HttpResponse<String> response;
      try (HttpClient http = HttpClient.newBuilder().sslContext(tls)
          .connectTimeout(Duration.ofSeconds(10)).build()) {
        response = http.send(HttpRequest.newBuilder(controlPlane.resolve("/v1/join"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
            HttpResponse.BodyHandlers.ofString());
      }
      if (response.statusCode() >= 500) {
        // The control plane is there but cannot serve (e.g. its store is down): try again later.
        throw new IOException("join answered " + response.statusCode() + ": " + response.body());
      }
      if (response.statusCode() != 201) {
        throw new IllegalArgumentException("join refused by " + controlPlane + " ("
            + response.statusCode() + "): " + response.body());
      }
      JsonNode answer = JSON.readTree(response.body());
      X509Certificate cert = certificate(answer.path("certificate").asText());
      X509Certificate ca = certificate(answer.path("ca_certificate").asText());
      if (!fingerprint(ca).equals(parts[2])) {
        throw new IllegalArgumentException("join: the control plane sent another CA than the"
            + " token names (expected fingerprint " + parts[2] + ")");
      }
      save(dir, pair.getPrivate(), answer.path("certificate").asText(),
          answer.path("ca_certificate").asText());
      return new ClusterIdentity(pair.getPrivate(), cert, ca, answer.path("node_id").asText());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reach " + controlPlane + " to join: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new IOException("interrupted while joining", e));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("join: " + e.getMessage(), e);
    }
  }

  /** TLS for the outlet: this node's certificate, trusting only the cluster CA. */
  SSLContext sslContext() {
    try {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      keys.setKeyEntry("node", key, NO_PASSWORD, new X509Certificate[] {certificate, ca});
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keys, NO_PASSWORD);
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("cluster-ca", ca);
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
      return tls;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cluster TLS: " + e.getMessage(), e);
    }
  }

  private static void save(Path dir, PrivateKey key, String certPem, String caPem)
      throws IOException {
    Files.createDirectories(dir);
    write(dir.resolve("ca.crt"), caPem, false);
    write(dir.resolve("node.crt"), certPem, false);
    // The key goes last: its presence is what marks a complete identity (see load).
    String keyPem = "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
    write(dir.resolve("node.key"), keyPem, true);
  }

  private static void write(Path file, String content, boolean secret) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    if (secret) {
      Files.createFile(tmp,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
    Files.writeString(tmp, content, StandardCharsets.US_ASCII);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static byte[] derOf(String pem) {
    return Base64.getDecoder().decode(
        pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
  }

  private static X509Certificate certificate(String pem) throws GeneralSecurityException {
    return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
        new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
  }

  static String fingerprint(X509Certificate cert) throws GeneralSecurityException {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
  }

  /**
   * Trusts a server whose chain contains the pinned CA and whose leaf that CA signed, valid now.
   * The pin replaces host-name checks for this one call: no other CA can produce such a chain.
   */
  private static final class PinnedCa extends X509ExtendedTrustManager {
    private final String fingerprint;

    PinnedCa(String fingerprint) {
      this.fingerprint = fingerprint;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      try {
        for (X509Certificate c : chain) {
          if (fingerprint(c).equals(fingerprint)) {
            chain[0].checkValidity();
            chain[0].verify(c.getPublicKey());
            return;
          }
        }
      } catch (GeneralSecurityException e) {
        throw new CertificateException("cluster listener certificate not signed by the pinned CA",
            e);
      }
      throw new CertificateException(
          "cluster listener does not present the CA the join token names (" + fingerprint + ")");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      throw new CertificateException("not a server");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      throw new CertificateException("not a server");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      throw new CertificateException("not a server");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
