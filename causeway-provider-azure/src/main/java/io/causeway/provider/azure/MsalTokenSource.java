package io.causeway.provider.azure;

import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.ClientCredentialParameters;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.IClientCredential;
import com.microsoft.aad.msal4j.MsalServiceException;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * Tokens from msal4j's {@link ConfidentialClientApplication} (client-credentials grant), one
 * application object per tenant (msal4j caches each one's token). Instance discovery and
 * authority validation are off so that msal4j talks only to the configured authority host, which
 * keeps sovereign clouds and test doubles working and sends nothing to Microsoft from tests.
 */
final class MsalTokenSource implements TokenSource {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final Duration REFRESH_MARGIN = Duration.ofMinutes(5);
  private static final Pattern PEM =
      Pattern.compile("-----BEGIN ([A-Z ]+)-----([^-]+)-----END \\1-----");

  private final AzureConfig config;
  private final IClientCredential credential;
  private final SSLContext tls;
  private final Map<String, ConfidentialClientApplication> apps = new ConcurrentHashMap<>();
  // Our own cache in front of msal4j's: with these settings msal4j went to the token endpoint
  // on every call (seen against the fake), and a token per ARM request is wasteful.
  private final Map<String, IAuthenticationResult> tokens = new ConcurrentHashMap<>();
  private final Clock clock;

  MsalTokenSource(AzureConfig config, SSLContext tls, Clock clock) {
    this.config = config;
    this.tls = tls;
    this.clock = clock;
    this.credential = credential(config.credential());
  }

  @Override
  public String token(String tenantId) {
    IAuthenticationResult cached = tokens.get(tenantId);
    if (cached != null
        && cached.expiresOnDate().toInstant().isAfter(clock.instant().plus(REFRESH_MARGIN))) {
      return cached.accessToken();
    }
    IAuthenticationResult fresh = acquire(tenantId);
    tokens.put(tenantId, fresh);
    return fresh.accessToken();
  }

  private IAuthenticationResult acquire(String tenantId) {
    ConfidentialClientApplication app = apps.computeIfAbsent(tenantId, this::application);
    ClientCredentialParameters parameters =
        ClientCredentialParameters.builder(Set.of(config.armScope())).build();
    try {
      return app.acquireToken(parameters).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw failure(tenantId, e.getCause());
    } catch (TimeoutException e) {
      throw new TokenFailure(tenantId, "no answer from Entra (" + config.authorityHost()
          + ") within " + TIMEOUT.toSeconds() + " s for tenant " + tenantId, true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TokenFailure(tenantId, "interrupted while waiting for a token", true);
    }
  }

  private TokenFailure failure(String tenantId, Throwable cause) {
    if (cause instanceof MsalServiceException service) {
      int status = service.statusCode() == null ? 0 : service.statusCode();
      boolean transientFailure = status == 429 || status >= 500;
      // Entra's description names the tenant and app, never the secret.
      return new TokenFailure(tenantId, "Entra refused a token for tenant " + tenantId + " ("
          + service.errorCode() + "): " + firstLine(service.getMessage()), transientFailure);
    }
    return new TokenFailure(tenantId, "cannot reach Entra at " + config.authorityHost()
        + " for tenant " + tenantId + ": " + cause.getClass().getSimpleName() + ": "
        + firstLine(String.valueOf(cause.getMessage())), true);
  }

  private ConfidentialClientApplication application(String tenantId) {
    try {
      return ConfidentialClientApplication.builder(config.clientId(), credential)
          .authority(config.authorityHost() + "/" + tenantId + "/")
          .instanceDiscovery(false)
          .validateAuthority(false)
          .sslSocketFactory(tls.getSocketFactory())
          .build();
    } catch (MalformedURLException e) {
      throw new TokenFailure(tenantId, "invalid authority URL " + config.authorityHost() + "/"
          + tenantId + ": " + e.getMessage(), false);
    }
  }

  private static IClientCredential credential(AzureConfig.Credential credential) {
    return switch (credential) {
      case AzureConfig.Credential.Secret secret ->
          ClientCredentialFactory.createFromSecret(secret.value());
      case AzureConfig.Credential.Certificate certificate -> fromCertificate(certificate);
    };
  }

  private static IClientCredential fromCertificate(AzureConfig.Credential.Certificate cert) {
    String name = cert.path().getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    try {
      if (name.endsWith(".pfx") || name.endsWith(".p12")) {
        try (InputStream in = Files.newInputStream(cert.path())) {
          return ClientCredentialFactory.createFromCertificate(
              in, cert.password().map(AzureConfig.Credential.Secret::value).orElse(""));
        }
      }
      return fromPem(Files.readString(cert.path(), StandardCharsets.US_ASCII));
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(AzureConfig.CLIENT_CERTIFICATE + ": cannot read "
          + cert.path() + " (expected: a PKCS12 .pfx/.p12 file, or a PEM file with a PKCS#8"
          + " private key and a certificate): " + e.getClass().getSimpleName(), e);
    }
  }

  private static IClientCredential fromPem(String pem) throws GeneralSecurityException {
    PrivateKey key = null;
    X509Certificate certificate = null;
    Matcher m = PEM.matcher(pem);
    while (m.find()) {
      byte[] der = Base64.getMimeDecoder().decode(m.group(2));
      switch (m.group(1)) {
        case "PRIVATE KEY" -> key = KeyFactory.getInstance("RSA")
            .generatePrivate(new PKCS8EncodedKeySpec(der));
        case "CERTIFICATE" -> {
          if (certificate == null) {
            certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new java.io.ByteArrayInputStream(der));
          }
        }
        default -> { }
      }
    }
    if (key == null || certificate == null) {
      throw new GeneralSecurityException("PEM needs a PRIVATE KEY and a CERTIFICATE block");
    }
    return ClientCredentialFactory.createFromCertificate(key, certificate);
  }

  private static String firstLine(String text) {
    int cut = text.indexOf('\n');
    String line = cut < 0 ? text : text.substring(0, cut);
    return line.strip();
  }
}
