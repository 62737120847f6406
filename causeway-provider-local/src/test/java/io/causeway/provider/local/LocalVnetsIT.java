package io.causeway.provider.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.causeway.model.ProviderException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The customer VNET registry against the real kernel. */
@Timeout(60)
class LocalVnetsIT {
  @TempDir Path dataDir;
  @TempDir Path otherDataDir;
  private LocalFixture fixture;

  @BeforeEach
  void setUp() {
    NetnsRequirement.require();
    fixture = new LocalFixture(dataDir);
  }

  @AfterEach
  void tearDown() {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void createMakesANamespaceHoldingTheFirstAddressAndIsIdempotent() {
    LocalVnet vnet = fixture.vnet("api", "10.1.0.0/16");
    LocalVnet again =
        fixture
            .provider
            .vnets()
            .create(
                LocalFixture.SUBSCRIPTION.toUpperCase(),
                fixture.resourceGroup.toUpperCase(),
                "API",
                "10.1.0.0/16");

    assertThat(again).isEqualTo(vnet);
    assertThat(vnet.namespace()).startsWith("cw-v-");
    assertThat(vnet.address()).isEqualTo("10.1.0.1");
    assertThat(vnet.present()).isTrue();
    assertThat(fixture.provider.vnets().list()).containsExactly(vnet);
    assertThat(fixture.netns.link(Netns.Where.ns(vnet.namespace()), "lo").orElseThrow().addresses())
        .contains("10.1.0.1/16");
  }

  @Test
  void creatingAnExistingVnetWithAnotherAddressSpaceIsAConflict() {
    fixture.vnet("api", "10.1.0.0/16");

    assertThatThrownBy(() -> fixture.vnet("api", "10.2.0.0/16"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("10.1.0.0/16")
        .hasMessageContaining("10.2.0.0/16");
  }

  @Test
  void execRunsACommandInsideTheVnet() {
    LocalVnet vnet = fixture.vnet("exec", "10.3.0.0/16");

    LocalExecResult result =
        fixture
            .provider
            .vnets()
            .exec(
                "exec",
                List.of("ip", "-4", "-o", "addr", "show", "dev", "lo"),
                Duration.ofSeconds(10));

    assertThat(result.exitCode()).isZero();
    assertThat(result.stdout()).contains("10.3.0.1/16");
    assertThat(fixture.provider.vnets().execCommand("exec", List.of("true")))
        .contains(vnet.namespace());
  }

  @Test
  void deleteEndsItsProcessesAndForgetsIt() throws Exception {
    LocalVnet vnet = fixture.vnet("gone", "10.4.0.0/16");
    Process sleeper =
        new ProcessBuilder(fixture.provider.vnets().execCommand("gone", List.of("sleep", "600")))
            .start();

    assertThat(
            fixture
                .provider
                .vnets()
                .delete(LocalFixture.SUBSCRIPTION, fixture.resourceGroup, "gone"))
        .isTrue();

    assertThat(sleeper.isAlive()).isFalse();
    assertThat(fixture.netns.exists(vnet.namespace())).isFalse();
    assertThat(fixture.provider.vnets().list()).isEmpty();
    assertThat(
            fixture
                .provider
                .vnets()
                .delete(LocalFixture.SUBSCRIPTION, fixture.resourceGroup, "gone"))
        .isFalse();
    assertThatThrownBy(() -> fixture.provider.vnets().resolve("gone"))
        .isInstanceOf(NoSuchElementException.class);
  }

  @Test
  void aNamespaceOfAnotherDataDirectoryIsNeitherAdoptedNorRemoved() {
    LocalVnet vnet = fixture.vnet("shared-name", "10.6.0.0/16");
    LocalProvider other = LocalProvider.create(otherDataDir);

    assertThatThrownBy(
            () ->
                other
                    .vnets()
                    .create(
                        LocalFixture.SUBSCRIPTION,
                        fixture.resourceGroup,
                        "shared-name",
                        "10.6.0.0/16"))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining(vnet.namespace())
        .hasMessageContaining("another Causeway data directory");
    assertThat(other.vnets().list()).isEmpty();
    assertThat(other.reset()).isEmpty();
    assertThat(fixture.netns.exists(vnet.namespace())).isTrue();
  }

  @Test
  void aRegisteredVnetWhoseNamespaceVanishedIsRecreatedByCreate() {
    LocalVnet vnet = fixture.vnet("reboot", "10.5.0.0/16");
    fixture.netns.delete(vnet.namespace());

    assertThat(fixture.provider.vnets().list())
        .singleElement()
        .satisfies(v -> assertThat(v.present()).isFalse());
    assertThat(fixture.vnet("reboot", "10.5.0.0/16").present()).isTrue();
  }

  @Test
  void vnetsOfTheStateFileAreImportedIntoAnotherRegistryAndStayUsable() {
    LocalVnet vnet = fixture.vnet("before", "10.7.0.0/16");
    MemoryVnetRegistry registry = new MemoryVnetRegistry();

    LocalProvider moved = fixture.provider.withVnetRegistry(registry);

    assertThat(moved.vnets().list()).containsExactly(vnet);
    assertThat(registry.list()).extracting(LocalVnetRegistry.Entry::namespace)
        .containsExactly(vnet.namespace());
    assertThat(new LocalState(dataDir).read().vnets()).isEmpty();
    assertThat(fixture.provider.vnets().list()).isEmpty();
    assertThat(moved.vnets().delete(LocalFixture.SUBSCRIPTION, fixture.resourceGroup, "before"))
        .isTrue();
    assertThat(registry.list()).isEmpty();
    assertThat(fixture.netns.exists(vnet.namespace())).isFalse();
  }

  @Test
  void resetForgetsTheRegistryAndTheRecordsOfProcessesStartedInVnets() {
    MemoryVnetRegistry registry = new MemoryVnetRegistry();
    LocalProvider provider = fixture.provider.withVnetRegistry(registry);
    LocalVnet vnet =
        provider.vnets().create(LocalFixture.SUBSCRIPTION, fixture.resourceGroup, "busy",
            "10.8.0.0/16");
    assertThat(provider.vnets().startProcess("busy", "sleeper", List.of("sleep", "600")).running())
        .isTrue();
    Path records = dataDir.resolve("local").resolve("processes");
    assertThat(records.resolve(vnet.namespace())).isDirectory();

    assertThat(provider.reset()).contains(vnet.namespace());

    assertThat(registry.list()).isEmpty();
    assertThat(records).doesNotExist();
    assertThat(fixture.netns.exists(vnet.namespace())).isFalse();
  }
}
