package io.causeway.provider.azure;

import io.causeway.model.AzureSetup;
import io.causeway.model.AzureVnetPeering;
import io.causeway.model.NetworkProviderFactory;
import io.causeway.model.ProviderSettings;
import java.net.http.HttpClient;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * Creates the {@code azure} provider from {@code CAUSEWAY_AZURE_*} variables, or declines naming
 * every missing or invalid one. Found through {@link java.util.ServiceLoader}.
 */
public final class AzureProviderFactory implements NetworkProviderFactory {
  /** How long a create or delete waits for Azure's operation before leaving it to observation. */
  static final Duration OPERATION_BUDGET = Duration.ofSeconds(20);

  @Override
  public String name() {
    return "azure";
  }

  @Override
  public Availability create(ProviderSettings settings) {
    SSLContext tls;
    try {
      tls = SSLContext.getDefault();
    } catch (NoSuchAlgorithmException e) {
      return new Availability.Unavailable("azure: no TLS available in this JVM: " + e);
    }
    return create(settings, tls, Clock.systemUTC(), Pause.sleeping(),
        ArmClient.Timing.DEFAULT, OPERATION_BUDGET);
  }

  /** For tests: a TLS context that trusts a test server, a clock, a pause, timings. */
  static Availability create(ProviderSettings settings, SSLContext tls, Clock clock,
      Pause pause, ArmClient.Timing timing, Duration operationBudget) {
    AzureConfig config;
    switch (AzureConfig.fromEnvironment(settings.environment())) {
      case AzureConfig.Parsed.Problems p -> {
        return new Availability.Unavailable("azure: " + String.join("; ", p.problems()));
      }
      case AzureConfig.Parsed.Ok ok -> config = ok.config();
    }
    try {
      // Fails early on a role name the generated commands could not quote.
      AzureSetup.of(new AzureVnetPeering(config.tenantId(), config.subscriptionId(), "rg",
          "vnet"), config.clientId(), config.roleNameFor(config.subscriptionId()));
    } catch (IllegalArgumentException e) {
      return new Availability.Unavailable("azure: " + AzureConfig.ROLE_NAME + ": "
          + e.getMessage());
    }
    TokenSource tokens;
    try {
      tokens = new MsalTokenSource(config, tls, clock);
    } catch (IllegalArgumentException e) {
      return new Availability.Unavailable("azure: " + e.getMessage());
    }
    HttpClient http = HttpClient.newBuilder()
        .sslContext(tls)
        .connectTimeout(Duration.ofSeconds(10))
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
    ArmClient arm = new ArmClient(config.armEndpoint(), http, tokens, clock, pause, timing);
    return new Availability.Available(new AzureProvider(config, arm, operationBudget));
  }
}
