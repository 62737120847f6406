package io.causeway.provider.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.causeway.model.InvalidParameter;
import io.causeway.model.ValidationException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Input checks of the VNET registry: they happen before any command runs, so no root needed. */
class LocalVnetsTest {
  @TempDir Path dataDir;

  @Test
  void badFieldsAreReportedTogetherWithTheirNamesAndValues() {
    LocalVnets vnets = LocalProvider.create(dataDir).vnets();

    assertThatThrownBy(() -> vnets.create("not-a-guid", "rg.", "-bad", "10.1.0.1/16"))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> {
              assertThat(e.problems())
                  .extracting(InvalidParameter::field)
                  .containsExactly("subscription_id", "resource_group_name", "name", "cidr");
              assertThat(e.problems().get(3).reason())
                  .isEqualTo("cidr: 10.1.0.1/16 (expected: the network address 10.1.0.0/16)");
            });
  }

  @Test
  void cidrMustBeIpv4WithAUsablePrefix() {
    LocalVnets vnets = LocalProvider.create(dataDir).vnets();
    String subscription = LocalFixture.SUBSCRIPTION;

    for (String cidr : new String[] {"10.1.0.0", "10.1.0.0/31", "fd00::/64", "10.1.0.0/7", "x"}) {
      assertThatThrownBy(() -> vnets.create(subscription, "rg", "name", cidr))
          .as(cidr)
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("cidr: " + cidr);
    }
  }
}
