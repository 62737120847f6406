package io.causeway.provider.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LocalCidrTest {
  @Test
  void theFirstUsableAddressFollowsTheNetworkAddress() {
    assertThat(LocalCidr.of("10.1.0.0/16").firstAddress()).isEqualTo("10.1.0.1");
    assertThat(LocalCidr.of("192.168.7.8/30").firstAddress()).isEqualTo("192.168.7.9");
    assertThat(LocalCidr.of("10.1.0.0/16")).hasToString("10.1.0.0/16");
  }

  @Test
  void overlapIsSharingAnyAddress() {
    assertThat(LocalCidr.of("10.10.0.0/16").overlaps(LocalCidr.of("10.10.4.0/24"))).isTrue();
    assertThat(LocalCidr.of("10.10.0.0/16").overlaps(LocalCidr.of("10.11.0.0/16"))).isFalse();
  }

  @Test
  void badBlocksSayWhatIsExpected() {
    assertThat(LocalCidr.parse("10.1.0.1/16").problem())
        .isEqualTo("the network address 10.1.0.0/16");
    assertThat(LocalCidr.parse("10.1.0.0/31").problem()).isEqualTo("prefix length 8-30");
    assertThat(LocalCidr.parse("010.1.0.0/16").cidr()).isEmpty();
    assertThat(LocalCidr.parse("10.1.0.0").cidr()).isEmpty();
  }
}
