package io.causeway.provider.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class UplinksTest {
  private static final UUID ID = UUID.fromString("00000000-0000-4000-8000-000000000001");

  @Test
  void slotsAreConsecutiveSlash30sOfTheLinkLocalPool() {
    assertThat(Uplinks.uplink(ID, 0))
        .extracting(LocalUplink::hostAddress, LocalUplink::namespaceAddress)
        .containsExactly("169.254.100.1", "169.254.100.2");
    assertThat(Uplinks.uplink(ID, 1).namespaceAddress()).isEqualTo("169.254.100.6");
    assertThat(Uplinks.uplink(ID, 64).hostAddress()).isEqualTo("169.254.101.1");
    assertThat(Uplinks.uplink(ID, 255).namespaceAddress()).isEqualTo("169.254.103.254");
    assertThatThrownBy(() -> Uplinks.uplink(ID, 256)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aHostAddressMapsBackToItsSlot() {
    for (int slot : new int[] {0, 1, 63, 64, 200, 255}) {
      assertThat(Uplinks.slotOf(Uplinks.uplink(ID, slot).hostAddress() + "/30")).contains(slot);
    }
    assertThat(Uplinks.slotOf("169.254.99.1/30")).isEmpty();
    assertThat(Uplinks.slotOf("169.254.104.1/30")).isEmpty();
    assertThat(Uplinks.slotOf("10.0.0.1/16")).isEmpty();
  }
}
