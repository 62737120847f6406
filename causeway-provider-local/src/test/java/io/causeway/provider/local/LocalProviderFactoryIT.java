package io.causeway.provider.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.causeway.model.NetworkProvider;
import io.causeway.model.NetworkProviderFactory;
import io.causeway.model.ProviderSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The factory as the control plane finds it, on a host that can run namespaces. */
@Timeout(30)
class LocalProviderFactoryIT {
  @TempDir Path dataDir;

  @Test
  void serviceLoaderOffersLocalBesideSimulatedAndItIsAvailableHere() {
    NetnsRequirement.require();
    NetworkProviderFactory local =
        ServiceLoader.load(NetworkProviderFactory.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(f -> f.name().equals("local"))
            .findFirst()
            .orElseThrow();

    NetworkProvider provider =
        local
            .create(new ProviderSettings(dataDir, Map.of(), Duration.ZERO))
            .asOptional()
            .orElseThrow();

    assertThat(provider).isInstanceOf(LocalProvider.class);
    assertThat(provider.account().providerAccountId()).isEqualTo("local");
    assertThat(provider.account().id()).isEqualTo(LocalProvider.ACCOUNT_ID);
    assertThat(provider.regions())
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.availabilityZones()).containsExactly("local-1", "local-2", "local-3"));
    assertThat(ServiceLoader.load(NetworkProviderFactory.class).stream().map(p -> p.get().name()))
        .contains("simulated", "local");
    assertThat(new Netns(Ip.find().orElseThrow()).namespaces())
        .noneMatch(n -> n.startsWith("cw-probe-" + ProcessHandle.current().pid() + "-"));
  }
}
