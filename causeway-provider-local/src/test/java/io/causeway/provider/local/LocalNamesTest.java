package io.causeway.provider.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LocalNamesTest {
  private static final UUID ID = UUID.fromString("00000000-0000-4000-8000-000000000001");

  @Test
  void linkNamesFitTheKernelLimitAndStartWithThePrefix() {
    for (String name :
        new String[] {
          LocalNames.uplinkHostLink(ID), LocalNames.peeringLink(ID), LocalNames.UPLINK_INSIDE
        }) {
      assertThat(name).startsWith("cw-");
      assertThat(name.length()).isLessThanOrEqualTo(LocalNames.MAX_LINK_NAME);
    }
    assertThat(LocalNames.networkNamespace(ID)).matches("cw-n-[0-9a-f]{10}");
  }

  @Test
  void namesAreDerivedFromIdsSoARepeatedCallFindsTheSameResource() {
    assertThat(LocalNames.networkNamespace(ID)).isEqualTo(LocalNames.networkNamespace(ID));
    assertThat(LocalNames.networkNamespace(ID))
        .isNotEqualTo(
            LocalNames.networkNamespace(UUID.fromString("00000000-0000-4000-8000-000000000002")));
  }

  @Test
  void vnetNamespacesIgnoreCaseAsAzureDoes() {
    assertThat(LocalNames.vnetNamespace("5B5C0000-0000-4000-8000-0000000010CA", "RG", "Api"))
        .isEqualTo(LocalNames.vnetNamespace("5b5c0000-0000-4000-8000-0000000010ca", "rg", "api"))
        .matches("cw-v-[0-9a-f]{10}");
    assertThat(LocalNames.vnetNamespace("s", "rg", "api"))
        .isNotEqualTo(LocalNames.vnetNamespace("s", "rg2", "api"));
  }

  @Test
  void theOwnerMarkDependsOnTheAbsoluteDataDirectory() {
    assertThat(LocalNames.ownerMark(Path.of("/var/lib/causeway/../causeway")))
        .isEqualTo(LocalNames.ownerMark(Path.of("/var/lib/causeway")))
        .matches("causeway:[0-9a-f]{16}")
        .isNotEqualTo(LocalNames.ownerMark(Path.of("/var/lib/other")));
  }
}
