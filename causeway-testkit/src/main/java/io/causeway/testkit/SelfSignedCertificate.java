package io.causeway.testkit;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A key pair and self-signed certificate made at runtime with the JDK's {@code keytool} into a
 * PKCS12 file, for test servers on loopback (names {@code 127.0.0.1}, {@code ::1} and {@code
 * localhost}) and for client-certificate credentials. Never for production use.
 *
 * @param keyStore the PKCS12 file holding the key and certificate under {@link #ALIAS}
 * @param password the key store's (and key's) password
 */
public record SelfSignedCertificate(Path keyStore, String password) {
  public static final String ALIAS = "test";

  public SelfSignedCertificate {
    requireNonNull(keyStore, "keyStore");
    requireNonNull(password, "password");
  }

  /**
   * Generates a certificate into {@code dir}.
   *
   * @param keyAlgorithm {@code EC} (P-256, fast) or {@code RSA} (2048 bits; needed where the key
   *     signs RS256 assertions, e.g. msal4j client certificates)
   */
  public static SelfSignedCertificate generate(Path dir, String commonName, String keyAlgorithm) {
    Path file = dir.resolve(commonName.replaceAll("[^A-Za-z0-9.-]", "_") + ".p12");
    // A fixed password: the file lives in a test's temporary directory and guards nothing.
    String password = "causeway-test";
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(
        List.of(
            "-genkeypair",
            "-alias", ALIAS,
            "-keyalg", keyAlgorithm,
            "-dname", "CN=" + commonName,
            "-ext", "SAN=ip:127.0.0.1,ip:::1,dns:localhost",
            "-validity", "2",
            "-keystore", file.toString(),
            "-storetype", "PKCS12",
            "-storepass", password,
            "-keypass", password));
    if (keyAlgorithm.equals("RSA")) {
      command.addAll(List.of("-keysize", "2048"));
    } else {
      command.addAll(List.of("-groupname", "secp256r1"));
    }
    run(command);
    return new SelfSignedCertificate(file, password);
  }

  public KeyStore load() {
    try (InputStream in = Files.newInputStream(keyStore)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, password.toCharArray());
      return store;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot read " + keyStore, e);
    }
  }

  public X509Certificate certificate() {
    try {
      return (X509Certificate) load().getCertificate(ALIAS);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public PrivateKey privateKey() {
    try {
      return (PrivateKey) load().getKey(ALIAS, password.toCharArray());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A server context presenting this certificate. */
  public SSLContext serverContext() {
    try {
      KeyManagerFactory keys =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(load(), password.toCharArray());
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A client context that trusts this certificate and nothing else. */
  public SSLContext clientContext() {
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry(ALIAS, certificate());
      TrustManagerFactory trustManagers =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trustManagers.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trustManagers.getTrustManagers(), null);
      return context;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void run(List<String> command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new IllegalStateException(
            "keytool failed: " + new String(output, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running keytool", e);
    }
  }
}
