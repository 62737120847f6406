package io.causeway.provider.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HostPrivilegesTest {
  private static final String ROOT =
      "Name:\tjava\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\nCapEff:\t000001ffffffffff\n";
  private static final String USER =
      "Name:\tjava\nUid:\t1000\t1000\t1000\t1000\nCapEff:\t0000000000000000\n";
  private static final String NET_ADMIN_ONLY =
      "Uid:\t1000\t1000\t1000\t1000\nCapEff:\t0000000000001000\n";

  @Test
  void rootWithFullCapabilitiesMayRunTheLocalProvider() {
    assertThat(HostPrivileges.parse("Linux", ROOT).missing()).isEmpty();
  }

  @Test
  void anUnprivilegedUserIsToldWhatIsNeeded() {
    assertThat(HostPrivileges.parse("Linux", USER).missing())
        .contains(
            "needs root or CAP_NET_ADMIN and CAP_SYS_ADMIN on Linux (running as uid 1000,"
                + " without CAP_NET_ADMIN)");
    assertThat(HostPrivileges.parse("Linux", NET_ADMIN_ONLY).missing().orElseThrow())
        .endsWith("without CAP_SYS_ADMIN)");
  }

  @Test
  void otherSystemsHaveNoNetworkNamespaces() {
    assertThat(new HostPrivileges("Mac OS X", -1, 0).missing())
        .contains("needs Linux network namespaces (this is Mac OS X)");
  }
}
