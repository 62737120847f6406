package io.causeway.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * The Entra ID token endpoint ({@code POST /{tenant}/oauth2/v2.0/token}, client-credentials
 * grant) as msal4j calls it: a client secret or a signed client assertion (certificate), one
 * token per tenant. Answers with Entra's error bodies: AADSTS90002 (unknown tenant), 700016 (app
 * not consented in the tenant), 7000229 (service principal missing), 7000215 (wrong secret),
 * 700027 (bad assertion), 70011 (bad scope).
 */
final class FakeEntra {
  private final ArmWorld world;
  private final Clock clock;

  FakeEntra(ArmWorld world, Clock clock) {
    this.world = world;
    this.clock = clock;
  }

  /** {@code GET /{tenant}/v2.0/.well-known/openid-configuration}, in case a client asks. */
  void metadata(HttpExchange exchange, String base, String tenant) throws IOException {
    ObjectNode body = ArmWorld.JSON.createObjectNode();
    body.put("token_endpoint", base + "/" + tenant + "/oauth2/v2.0/token");
    body.put("issuer", base + "/" + tenant + "/v2.0");
    body.put("authorization_endpoint", base + "/" + tenant + "/oauth2/v2.0/authorize");
    Exchanges.json(exchange, 200, body, Map.of());
  }

  void token(HttpExchange exchange, String tenant, String armAudience) throws IOException {
    Map<String, String> form = Exchanges.form(Exchanges.body(exchange));
    String clientId = form.getOrDefault("client_id", "");
    ObjectNode answer;
    synchronized (world) {
      world.tokenRequests.merge(ArmWorld.lower(tenant), 1, Integer::sum);
      try {
        answer = issue(exchange.getRequestURI().getPath(), tenant, clientId, form, armAudience);
      } catch (EntraError e) {
        Exchanges.json(exchange, e.status, e.body(tenant), Map.of());
        return;
      }
    }
    Exchanges.json(exchange, 200, answer, Map.of("Cache-Control", "no-store"));
  }

  private ObjectNode issue(
      String path, String tenant, String clientId, Map<String, String> form, String armAudience) {
    if (!world.tenants.contains(ArmWorld.lower(tenant))) {
      throw new EntraError(400, "invalid_request", 90002,
          "Tenant '" + tenant + "' not found. Check to make sure you have the correct tenant ID"
              + " and are signing into the correct cloud.");
    }
    if (!"client_credentials".equals(form.get("grant_type"))) {
      throw new EntraError(400, "unsupported_grant_type", 70003,
          "The app requested an unsupported grant type '" + form.get("grant_type") + "'.");
    }
    ArmWorld.App app =
        world.app.filter(a -> a.clientId().equalsIgnoreCase(clientId)).orElse(null);
    boolean deleted = world.servicePrincipalMissing.contains(ArmWorld.lower(tenant));
    if (app == null || (!world.hasServicePrincipal(tenant) && !deleted)) {
      throw new EntraError(400, "unauthorized_client", 700016,
          "Application with identifier '" + clientId + "' was not found in the directory '"
              + tenant + "'. This can happen if the application has not been installed by the"
              + " administrator of the tenant or consented to by any user in the tenant. You may"
              + " have sent your authentication request to the wrong tenant.");
    }
    if (deleted) {
      throw new EntraError(401, "invalid_client", 7000229,
          "The client application " + clientId + " is missing service principal in the tenant "
              + tenant + ". See instructions here:"
              + " https://go.microsoft.com/fwlink/?linkid=2225119");
    }
    authenticateClient(app, form, path);
    String scope = form.getOrDefault("scope", "");
    if (!java.util.Arrays.asList(scope.split(" ")).contains(armAudience + "/.default")) {
      throw new EntraError(400, "invalid_scope", 70011,
          "The provided request must include a 'scope' input parameter. The provided value for"
              + " the input parameter 'scope' is not valid: '" + scope + "' (expected: "
              + armAudience + "/.default).");
    }
    String accessToken = "fake-arm-token." + ArmWorld.lower(tenant) + "." + world.newId();
    world.tokens.put(accessToken,
        new ArmWorld.Token(ArmWorld.lower(tenant), app.clientId(), armAudience));
    ObjectNode body = ArmWorld.JSON.createObjectNode();
    body.put("token_type", "Bearer");
    body.put("expires_in", 3599);
    body.put("ext_expires_in", 3599);
    body.put("access_token", accessToken);
    return body;
  }

  private void authenticateClient(ArmWorld.App app, Map<String, String> form, String path) {
    if (form.containsKey("client_secret")) {
      if (app.secret().filter(s -> s.equals(form.get("client_secret"))).isEmpty()) {
        throw new EntraError(401, "invalid_client", 7000215,
            "Invalid client secret provided. Ensure the secret being sent in the request is the"
                + " client secret value, not the client secret ID, for a secret added to app '"
                + app.clientId() + "'.");
      }
      return;
    }
    if (form.containsKey("client_assertion")) {
      Optional<String> problem = assertionProblem(app, form.get("client_assertion"), path);
      if (problem.isPresent()) {
        throw new EntraError(401, "invalid_client", 700027,
            "Client assertion failed signature validation or its claims are wrong: "
                + problem.get());
      }
      return;
    }
    throw new EntraError(401, "invalid_client", 7000218,
        "The request body must contain the following parameter: 'client_assertion' or"
            + " 'client_secret'.");
  }

  /** Checks a client assertion as Entra does: signature by the app's certificate, claims. */
  private Optional<String> assertionProblem(ArmWorld.App app, String jwt, String path) {
    if (app.certificate().isEmpty()) {
      return Optional.of("no certificate is registered for app " + app.clientId());
    }
    String[] parts = jwt.split("\\.");
    if (parts.length != 3) {
      return Optional.of("not a signed JWT");
    }
    try {
      Base64.Decoder b64 = Base64.getUrlDecoder();
      JsonNode header = ArmWorld.JSON.readTree(b64.decode(parts[0]));
      JsonNode claims = ArmWorld.JSON.readTree(b64.decode(parts[1]));
      X509Certificate certificate = app.certificate().get();
      String thumbprint = Base64.getUrlEncoder().withoutPadding().encodeToString(
          MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
      String sha1 = Base64.getUrlEncoder().withoutPadding().encodeToString(
          MessageDigest.getInstance("SHA-1").digest(certificate.getEncoded()));
      // msal4j writes the thumbprints in standard Base64 where Entra documents Base64url;
      // Entra accepts both, so the fake compares them normalised.
      if (!thumbprint.equals(urlSafe(header.path("x5t#S256").asText()))
          && !sha1.equals(urlSafe(header.path("x5t").asText()))) {
        return Optional.of("the assertion names a certificate that is not registered");
      }
      Signature verifier = verifier(header.path("alg").asText());
      verifier.initVerify(certificate.getPublicKey());
      verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      if (!verifier.verify(b64.decode(parts[2]))) {
        return Optional.of("the signature does not verify");
      }
      if (!claims.path("iss").asText().equals(app.clientId())
          || !claims.path("sub").asText().equals(app.clientId())) {
        return Optional.of("iss and sub must be the client id");
      }
      if (!claims.path("aud").asText().endsWith(path)) {
        return Optional.of("aud must be the token endpoint, was " + claims.path("aud").asText());
      }
      if (claims.path("exp").asLong() < clock.instant().getEpochSecond()) {
        return Optional.of("the assertion has expired");
      }
      return Optional.empty();
    } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
      return Optional.of("unreadable assertion: " + e.getMessage());
    }
  }

  private static String urlSafe(String base64) {
    return base64.replace('+', '-').replace('/', '_').replace("=", "");
  }

  private static Signature verifier(String alg) throws GeneralSecurityException {
    return switch (alg) {
      case "RS256" -> Signature.getInstance("SHA256withRSA");
      case "PS256" -> {
        Signature pss = Signature.getInstance("RSASSA-PSS");
        pss.setParameter(
            new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
        yield pss;
      }
      default -> throw new GeneralSecurityException("unsupported alg " + alg);
    };
  }

  /** An OAuth error answer in Entra's shape. */
  private static final class EntraError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;
    final String error;
    final int aadsts;

    EntraError(int status, String error, int aadsts, String description) {
      super(description, null, false, false);
      this.status = status;
      this.error = error;
      this.aadsts = aadsts;
    }

    ObjectNode body(String tenant) {
      ObjectNode body = ArmWorld.JSON.createObjectNode();
      body.put("error", error);
      body.put("error_description", "AADSTS" + aadsts + ": " + getMessage()
          + " Trace ID: 00000000-0000-0000-0000-000000000000 Correlation ID:"
          + " 00000000-0000-0000-0000-000000000000 Timestamp: 2026-01-01 00:00:00Z");
      body.putArray("error_codes").add(aadsts);
      body.put("timestamp", "2026-01-01 00:00:00Z");
      body.put("trace_id", "00000000-0000-0000-0000-000000000000");
      body.put("correlation_id", "00000000-0000-0000-0000-000000000000");
      body.put("error_uri", "https://login.microsoftonline.com/error?code=" + aadsts);
      return body;
    }
  }
}
