package io.causeway.provider.azure;

import static org.assertj.core.api.Assertions.assertThat;

import io.causeway.model.NetworkProviderFactory;
import io.causeway.model.NetworkProviderFactory.Availability;
import io.causeway.model.ProviderSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class AzureProviderFactoryTest {
  static final String SECRET = "top-secret-value";

  static Map<String, String> complete() {
    Map<String, String> env = new HashMap<>();
    env.put("CAUSEWAY_AZURE_TENANT_ID", "11111111-1111-4111-8111-111111111111");
    env.put("CAUSEWAY_AZURE_CLIENT_ID", "22222222-2222-4222-8222-222222222222");
    env.put("CAUSEWAY_AZURE_CLIENT_SECRET", SECRET);
    env.put("CAUSEWAY_AZURE_SUBSCRIPTION_ID", "33333333-3333-4333-8333-333333333333");
    env.put("CAUSEWAY_AZURE_RESOURCE_GROUP", "causeway-networks");
    return env;
  }

  static Availability create(Map<String, String> env) {
    return new AzureProviderFactory().create(
        new ProviderSettings(Path.of("data"), env, Duration.ZERO));
  }

  @Test
  void isFoundByTheServiceLoaderUnderTheNameAzure() {
    assertThat(ServiceLoader.load(NetworkProviderFactory.class).stream()
        .map(ServiceLoader.Provider::get).map(NetworkProviderFactory::name))
        .contains("azure");
  }

  @Test
  void namesEveryMissingVariable() {
    Availability availability = create(Map.of());

    assertThat(availability).isInstanceOfSatisfying(Availability.Unavailable.class, u ->
        assertThat(u.reason()).contains("CAUSEWAY_AZURE_TENANT_ID", "CAUSEWAY_AZURE_CLIENT_ID",
            "CAUSEWAY_AZURE_SUBSCRIPTION_ID", "CAUSEWAY_AZURE_RESOURCE_GROUP",
            "CAUSEWAY_AZURE_CLIENT_SECRET or CAUSEWAY_AZURE_CLIENT_CERTIFICATE"));
  }

  @Test
  void namesOnlyWhatIsMissing() {
    Map<String, String> env = complete();
    env.remove("CAUSEWAY_AZURE_RESOURCE_GROUP");

    assertThat(create(env)).isInstanceOfSatisfying(Availability.Unavailable.class, u -> {
      assertThat(u.reason()).isEqualTo("azure: missing CAUSEWAY_AZURE_RESOURCE_GROUP");
    });
  }

  @Test
  void refusesNonGuidIdsAndPlainHttpEndpointsWithoutShowingTheSecret() {
    Map<String, String> env = complete();
    env.put("CAUSEWAY_AZURE_TENANT_ID", "contoso.onmicrosoft.com");
    env.put("CAUSEWAY_AZURE_ARM_ENDPOINT", "http://127.0.0.1:1234");

    assertThat(create(env)).isInstanceOfSatisfying(Availability.Unavailable.class, u ->
        assertThat(u.reason())
            .contains("CAUSEWAY_AZURE_TENANT_ID: contoso.onmicrosoft.com (expected: a GUID)")
            .contains("CAUSEWAY_AZURE_ARM_ENDPOINT: http://127.0.0.1:1234 (expected: an https://")
            .doesNotContain(SECRET));
  }

  @Test
  void refusesAnUnreadableCertificate() {
    Map<String, String> env = complete();
    env.remove("CAUSEWAY_AZURE_CLIENT_SECRET");
    env.put("CAUSEWAY_AZURE_CLIENT_CERTIFICATE", "/nonexistent/app.pem");

    assertThat(create(env)).isInstanceOfSatisfying(Availability.Unavailable.class, u ->
        assertThat(u.reason()).contains("CAUSEWAY_AZURE_CLIENT_CERTIFICATE")
            .contains("/nonexistent/app.pem"));
  }

  @Test
  void createsAProviderWhoseAccountIsTheSubscription() {
    Availability availability = create(complete());

    assertThat(availability).isInstanceOfSatisfying(Availability.Available.class, a -> {
      assertThat(a.provider().account().provider()).isEqualTo("azure");
      assertThat(a.provider().account().providerAccountId())
          .isEqualTo("33333333-3333-4333-8333-333333333333");
      assertThat(a.provider().account().id()).isEqualTo(create(complete()).asOptional()
          .orElseThrow().account().id());
      assertThat(a.provider().regions()).extracting(r -> r.name()).contains("eastus2");
      assertThat(a.provider().toString()).doesNotContain(SECRET);
    });
  }

  @Test
  void neverPrintsTheSecretInTheConfiguration() {
    AzureConfig.Parsed parsed = AzureConfig.fromEnvironment(complete());

    assertThat(parsed.toString()).doesNotContain(SECRET).contains("<redacted>");
  }

  @Test
  void takesTheDataPlaneSubnetFromTheFirstHalfOfTheRange() {
    assertThat(AzureNetworks.dataPlaneSubnet("10.10.0.0/16")).isEqualTo("10.10.0.0/17");
    assertThat(AzureNetworks.dataPlaneSubnet("192.168.8.0/21")).isEqualTo("192.168.8.0/22");
  }
}
