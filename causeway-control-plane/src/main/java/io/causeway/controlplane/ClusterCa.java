package io.causeway.controlplane;

import io.causeway.store.ClusterCaRow;
import io.causeway.store.Store;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The control plane's own certificate authority for the cluster listener (EC P-256, made on
 * first start and kept in the store, so every replica and a restored backup have the same one). It signs the listener's server
 * certificate (fresh at every start; it names this host's loopback addresses and name and the
 * host end of every local-provider uplink) and one client certificate per data-plane node (CN =
 * node id). Data planes learn to trust it through the CA fingerprint a join token carries.
 * Thread-safe.
 */
final class ClusterCa {
  static final Duration CA_VALIDITY = Duration.ofDays(3650);
  static final Duration LEAF_VALIDITY = Duration.ofDays(365);
  private static final String SIGNATURE = "SHA256withECDSA";
  private static final int UPLINK_SLOTS = 256;

  private final X509Certificate certificate;
  private final PrivateKey key;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  private ClusterCa(X509Certificate certificate, PrivateKey key, Clock clock) {
    this.certificate = certificate;
    this.key = key;
    this.clock = clock;
  }

  /**
   * The store's CA; on a store without one, this replica's candidate is stored, unless another
   * replica stored its own first (then that one is used): the CA an earlier version kept in
   * {@code legacyDir} ({@code DATA_DIR/cluster/}), so the data planes that joined it keep trusting
   * their control plane, or else a new one. The store is where every replica, and a store
   * restored from a backup, finds the same CA.
   */
  static ClusterCa loadOrCreate(Store store, Path legacyDir, Clock clock) {
    try {
      ClusterCaRow row = store.clusterCa().find().orElse(null);
      if (row == null) {
        Pem candidate = legacy(legacyDir).orElseGet(() -> newCa(clock));
        row = store.clusterCa().storeUnlessPresent(candidate.certificate(), candidate.key());
      }
      return new ClusterCa(parseCertificate(row.certificatePem()), parseKey(row.keyPem()), clock);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cluster CA in the store: " + e.getMessage(), e);
    }
  }

  /** A CA as text: its certificate and its private key, PEM. */
  private record Pem(String certificate, String key) {}

  /** An earlier version's CA files, when both are there. */
  private static Optional<Pem> legacy(Path dir) {
    Path certFile = dir.resolve("ca.crt");
    Path keyFile = dir.resolve("ca.key");
    if (!Files.exists(certFile) || !Files.exists(keyFile)) {
      return Optional.empty();
    }
    try {
      return Optional.of(new Pem(Files.readString(certFile), Files.readString(keyFile)));
    } catch (IOException e) {
      throw new UncheckedIOException("cluster CA in " + dir + ": " + e.getMessage(), e);
    }
  }

  /** A new self-signed CA. */
  private static Pem newCa(Clock clock) {
    try {
      KeyPair pair = newKeyPair();
      Instant now = clock.instant();
      X500Name name = new X500Name("CN=Causeway cluster CA " + now.getEpochSecond());
      var builder = new JcaX509v3CertificateBuilder(name, serial(new SecureRandom()),
          Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(CA_VALIDITY)), name,
          pair.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
      builder.addExtension(Extension.keyUsage, true,
          new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      builder.addExtension(Extension.subjectKeyIdentifier, false,
          new JcaX509ExtensionUtils().createSubjectKeyIdentifier(pair.getPublic()));
      X509Certificate cert = sign(builder, pair.getPrivate());
      return new Pem(pem("CERTIFICATE", cert.getEncoded()), pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot make the cluster CA: " + e.getMessage(), e);
    }
  }

  X509Certificate certificate() {
    return certificate;
  }

  /** SHA-256 of the CA certificate's DER, lower-case hex: what join tokens carry. */
  String fingerprint() {
    return fingerprint(certificate);
  }

  static String fingerprint(X509Certificate cert) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  String certificatePem() {
    try {
      return pem("CERTIFICATE", certificate.getEncoded());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A client certificate for a node's public key: CN = node id, client authentication only. */
  X509Certificate issueClient(String nodeId, PublicKey publicKey) {
    return issue("CN=" + nodeId, publicKey, KeyPurposeId.id_kp_clientAuth, List.of());
  }

  /**
   * A key store for the cluster listener: a fresh key and a server certificate naming every
   * address and name of this host (plus {@code extraNames}), chained to the CA.
   */
  KeyStore serverKeyStore(List<String> extraNames) {
    try {
      KeyPair pair = newKeyPair();
      X509Certificate cert = issue("CN=causeway-cluster", pair.getPublic(),
          KeyPurposeId.id_kp_serverAuth, serverNames(extraNames));
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("cluster", pair.getPrivate(), PemKeyStore.PASSWORD,
          new Certificate[] {cert, certificate});
      return store;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A trust store holding only the CA: client certificates must chain to it. */
  KeyStore trustStore() {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setCertificateEntry("cluster-ca", certificate);
      return store;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private X509Certificate issue(String subject, PublicKey publicKey, KeyPurposeId purpose,
      List<String> names) {
    try {
      Instant now = clock.instant();
      var builder = new JcaX509v3CertificateBuilder(certificate, serial(random),
          Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(LEAF_VALIDITY)),
          new X500Name(subject), publicKey);
      JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(Extension.keyUsage, true,
          new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
      builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
      builder.addExtension(Extension.authorityKeyIdentifier, false,
          utils.createAuthorityKeyIdentifier(certificate));
      if (!names.isEmpty()) {
        List<GeneralName> general = new ArrayList<>();
        for (String n : names) {
          boolean ip = n.contains(":") || n.matches("[0-9.]+");
          general.add(new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, n));
        }
        builder.addExtension(Extension.subjectAlternativeName, false,
            new GeneralNames(general.toArray(GeneralName[]::new)));
      }
      return sign(builder, key);
    } catch (CertIOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot issue " + subject + ": " + e.getMessage(), e);
    }
  }

  private static List<String> serverNames(List<String> extra) {
    Set<String> names = new LinkedHashSet<>(List.of("127.0.0.1", "::1", "localhost"));
    try {
      names.add(InetAddress.getLocalHost().getHostName());
    } catch (IOException e) {
      // a host without a resolvable name is still reachable by address
    }
    names.addAll(extra);
    names.addAll(uplinkHostAddresses());
    return List.copyOf(names);
  }

  /**
   * The host ends of every local-provider uplink ({@code .1} of each /30 in {@code
   * 169.254.100.0/22}, the pool of the local provider's {@code Uplinks}): nodes in a network's
   * namespace dial the cluster listener there. All 256 are named up front because the server
   * certificate is made at start and networks (and their uplinks) come and go afterwards.
   */
  static List<String> uplinkHostAddresses() {
    List<String> addresses = new ArrayList<>(UPLINK_SLOTS);
    for (int slot = 0; slot < UPLINK_SLOTS; slot++) {
      addresses.add("169.254." + (100 + slot / 64) + "." + ((slot % 64) * 4 + 1));
    }
    return addresses;
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer)
      throws GeneralSecurityException {
    try {
      return new JcaX509CertificateConverter().getCertificate(
          builder.build(new JcaContentSignerBuilder(SIGNATURE).build(signer)));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e);
    }
  }

  private static KeyPair newKeyPair() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  private static BigInteger serial(SecureRandom random) {
    return new BigInteger(127, random).add(BigInteger.ONE);
  }

  static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  static X509Certificate parseCertificate(String pem) throws GeneralSecurityException {
    return (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
  }

  private static PrivateKey parseKey(String pem) throws GeneralSecurityException {
    String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    return KeyFactory.getInstance("EC")
        .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
  }

}
