package io.causeway.controlplane;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a PEM certificate chain and a PEM private key into an in-memory {@link KeyStore} for
 * Jetty, so the key never touches disk in another form.
 */
final class PemKeyStore {
  static final char[] PASSWORD = new char[0];
  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([^-]+)-----END \\1-----");
  private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "Ed25519", "EdDSA");

  private PemKeyStore() {}

  static KeyStore load(Path certFile, Path keyFile) {
    try {
      List<Certificate> chain = certificates(certFile);
      PrivateKey key = privateKey(keyFile);
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("api", key, PASSWORD, chain.toArray(Certificate[]::new));
      return store;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "tls: cannot use " + certFile + " with " + keyFile + ": " + e.getMessage(), e);
    }
  }

  private static List<Certificate> certificates(Path file)
      throws IOException, GeneralSecurityException {
    byte[] pem = Files.readAllBytes(file);
    List<Certificate> chain =
        List.copyOf(
            CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem)));
    if (chain.isEmpty()) {
      throw new IllegalArgumentException(
          "tls-cert: " + file + " (expected: at least one PEM CERTIFICATE block)");
    }
    return chain;
  }

  private static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
    Matcher m = BLOCK.matcher(Files.readString(file, StandardCharsets.US_ASCII));
    if (!m.find()) {
      throw new IllegalArgumentException("tls-key: " + file + " (expected: a PEM PRIVATE KEY)");
    }
    if (!m.group(1).equals("PRIVATE KEY")) {
      throw new IllegalArgumentException(
          "tls-key: "
              + file
              + " holds a "
              + m.group(1)
              + " (expected: PKCS#8 'PRIVATE KEY'; convert with"
              + " 'openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8')");
    }
    byte[] der = Base64.getMimeDecoder().decode(m.group(2));
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    for (String algorithm : KEY_ALGORITHMS) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (GeneralSecurityException e) {
        // not this algorithm; try the next
      }
    }
    throw new IllegalArgumentException(
        "tls-key: " + file + " (expected: an RSA, EC or Ed25519 PKCS#8 private key)");
  }
}
