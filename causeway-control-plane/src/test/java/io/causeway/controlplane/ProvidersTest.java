package io.causeway.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.causeway.model.NetworkProviderFactory;
import io.causeway.model.ProviderSettings;
import io.causeway.provider.local.SimulatedProviderFactory;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProvidersTest {
  @TempDir Path dir;

  /** A second factory claiming the simulated provider's name. */
  public static final class Impostor implements NetworkProviderFactory {
    @Override
    public String name() {
      return "simulated";
    }

    @Override
    public Availability create(ProviderSettings settings) {
      return new Availability.Unavailable("impostor");
    }
  }

  private ProviderSettings settings() {
    return new ProviderSettings(dir, Map.of(), Duration.ofMillis(10));
  }

  @Test
  void findsTheSimulatedProviderThroughTheServiceLoader() {
    Map<String, NetworkProviderFactory> found = Providers.discover(getClass().getClassLoader());
    assertThat(found).containsKey("simulated");
    assertThat(found.get("simulated")).isInstanceOf(SimulatedProviderFactory.class);
  }

  @Test
  void refusesTwoFactoriesWithOneName() throws Exception {
    Path services = dir.resolve("META-INF/services");
    Files.createDirectories(services);
    Files.writeString(services.resolve(NetworkProviderFactory.class.getName()),
        Impostor.class.getName() + "\n");
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
      assertThatThrownBy(() -> Providers.discover(loader))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("simulated")
          .hasMessageContaining(Impostor.class.getName());
    }
  }

  @Test
  void autoPrefersLocalAndOtherwiseFallsBackToSimulatedSayingWhy() {
    Map<String, NetworkProviderFactory> found = Providers.discover(getClass().getClassLoader());
    Providers.Chosen chosen = Providers.choose("auto", found, settings());
    boolean localRuns =
        found.containsKey("local") && found.get("local").create(settings()).asOptional().isPresent();
    if (localRuns) {
      assertThat(chosen.name()).isEqualTo("local");
    } else {
      assertThat(chosen.name()).isEqualTo("simulated");
      assertThat(chosen.why()).startsWith("auto: the local provider");
    }
  }

  @Test
  void autoWithoutALocalProviderChoosesSimulatedAndSaysSo() {
    Map<String, NetworkProviderFactory> onlySimulated =
        Map.of("simulated", new SimulatedProviderFactory());
    Providers.Chosen chosen = Providers.choose("auto", onlySimulated, settings());
    assertThat(chosen.name()).isEqualTo("simulated");
    assertThat(chosen.why()).contains("local provider is not installed");
  }

  @Test
  void aProviderThatIsNotInstalledIsRefusedByName() {
    assertThatThrownBy(() ->
            Providers.choose("nimbus", Providers.discover(getClass().getClassLoader()), settings()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nimbus")
        .hasMessageContaining("simulated");
  }
}
