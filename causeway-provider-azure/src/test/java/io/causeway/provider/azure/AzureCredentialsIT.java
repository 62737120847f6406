package io.causeway.provider.azure;

import static io.causeway.provider.azure.Scenarios.network;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.causeway.model.NetworkObservation;
import io.causeway.model.NetworkProvider;
import io.causeway.model.NetworkRef;
import io.causeway.model.ProviderException;
import io.causeway.testkit.FakeArm;
import io.causeway.testkit.SelfSignedCertificate;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Client secret and certificate credentials through msal4j, and secrets kept out of messages. */
@Timeout(60)
class AzureCredentialsIT {
  @TempDir Path dir;
  FakeAzure azure;

  @BeforeEach
  void start() {
    azure = new FakeAzure();
  }

  @AfterEach
  void stop() {
    azure.close();
  }

  @Test
  void authenticatesWithACertificateThroughASignedClientAssertion() {
    SelfSignedCertificate credential = SelfSignedCertificate.generate(dir, "causeway-app", "RSA");
    azure.arm.registerApp(FakeAzure.APP, FakeAzure.PROVIDER_TENANT, credential.certificate());
    Map<String, String> env = azure.environment();
    env.remove("CAUSEWAY_AZURE_CLIENT_SECRET");
    env.put("CAUSEWAY_AZURE_CLIENT_CERTIFICATE", credential.keyStore().toString());
    env.put("CAUSEWAY_AZURE_CLIENT_CERTIFICATE_PASSWORD", credential.password());
    NetworkProvider provider = azure.provider(env, Duration.ofSeconds(5));
    NetworkRef network = network(provider, "cert", "10.10.0.0/16");

    provider.createNetwork(network);

    assertThat(provider.observeNetwork(network)).isInstanceOf(NetworkObservation.Ready.class);
    assertThat(azure.arm.tokenRequests(FakeAzure.PROVIDER_TENANT)).isEqualTo(1);
  }

  @Test
  void refusesACertificateTheAppDoesNotKnow() {
    SelfSignedCertificate registered = SelfSignedCertificate.generate(dir, "registered", "RSA");
    SelfSignedCertificate other = SelfSignedCertificate.generate(dir, "other", "RSA");
    azure.arm.registerApp(FakeAzure.APP, FakeAzure.PROVIDER_TENANT, registered.certificate());
    Map<String, String> env = azure.environment();
    env.remove("CAUSEWAY_AZURE_CLIENT_SECRET");
    env.put("CAUSEWAY_AZURE_CLIENT_CERTIFICATE", other.keyStore().toString());
    env.put("CAUSEWAY_AZURE_CLIENT_CERTIFICATE_PASSWORD", other.password());
    NetworkProvider provider = azure.provider(env, Duration.ofSeconds(5));

    assertThatThrownBy(() -> provider.observeNetwork(network(provider, "x", "10.10.0.0/16")))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("AADSTS700027");
  }

  @Test
  void aWrongSecretIsReportedWithoutShowingAnySecret() {
    Map<String, String> env = azure.environment();
    String wrong = "wrong-secret-value-123";
    env.put("CAUSEWAY_AZURE_CLIENT_SECRET", wrong);
    NetworkProvider provider = azure.provider(env, Duration.ofSeconds(5));

    assertThatThrownBy(() -> provider.observeNetwork(network(provider, "x", "10.10.0.0/16")))
        .isInstanceOfSatisfying(ProviderException.class, e -> {
          assertThat(e.getMessage()).contains("AADSTS7000215")
              .contains("CAUSEWAY_AZURE_CLIENT_SECRET")
              .doesNotContain(wrong).doesNotContain(FakeAzure.SECRET);
          assertThat(e.getCause()).isNull();
        });
    assertThat(provider.toString()).doesNotContain(wrong);
  }

  @Test
  void sendsNothingToMicrosoftHosts() {
    NetworkProvider provider = azure.provider();
    provider.createNetwork(network(provider, "local-only", "10.10.0.0/16"));

    // Every request the provider made (tokens included) reached the fake on loopback.
    assertThat(azure.arm.tokenRequests(FakeAzure.PROVIDER_TENANT)).isEqualTo(1);
    assertThat(azure.arm.requests()).extracting(FakeArm.Request::path)
        .allMatch(path -> path.startsWith("/subscriptions/"));
  }
}
