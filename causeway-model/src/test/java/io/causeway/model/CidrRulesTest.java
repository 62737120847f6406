package io.causeway.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.causeway.model.InvalidParameter.Rule;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CidrRulesTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "10.4.0.0/16",
        "100.68.0.0/20",
        "172.20.0.0/21",
        "192.168.128.0/18",
        "198.18.0.0/16",
        "10.99.96.0/21",
        "10.0.0.0/16",
        "10.101.0.0/16",
        "172.16.0.0/16",
        "198.19.248.0/21"
      })
  void acceptsKonnectExamplesForAzure(String cidr) {
    assertThat(CidrRules.check("cidr_block", cidr, "azure", 3)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "10.0.0.0/12      | cidr_block: 10.0.0.0/12 (expected: prefix length 16-21 for azure)",
        "10.0.0.0/22      | cidr_block: 10.0.0.0/22 (expected: prefix length 16-21 for azure)",
        "10.0.0.1/16      | cidr_block: 10.0.0.1/16 (expected: the network address 10.0.0.0/16)",
        "10.0.0.0         | cidr_block: 10.0.0.0 (expected: an IPv4 block with a prefix length,"
            + " such as 10.0.0.0/16)",
        "fd00::/48        | cidr_block: fd00::/48 (expected: an IPv4 block with a prefix length,"
            + " such as 10.0.0.0/16)",
        "10.0.0/16        | cidr_block: 10.0.0/16 (expected: an IPv4 block with a prefix length,"
            + " such as 10.0.0.0/16)",
        "010.0.0.0/16     | cidr_block: 010.0.0.0/16 (expected: an IPv4 block with a prefix length,"
            + " such as 10.0.0.0/16)",
        "10.0.0.0/255.255.0.0 | cidr_block: 10.0.0.0/255.255.0.0 (expected: an IPv4 block with a"
            + " prefix length, such as 10.0.0.0/16)",
        "10.0.0.0/33      | cidr_block: 10.0.0.0/33 (expected: an IPv4 block with a prefix length,"
            + " such as 10.0.0.0/16)",
        "not-a-cidr       | cidr_block: not-a-cidr (expected: an IPv4 block with a prefix length,"
            + " such as 10.0.0.0/16)",
        "8.8.0.0/16       | 'cidr_block: 8.8.0.0/16 (expected: a block inside one of 10.0.0.0/8,"
            + " 100.64.0.0/10, 172.16.0.0/12, 192.168.0.0/16, 198.18.0.0/15)'",
        "10.100.0.0/16    | cidr_block: 10.100.0.0/16 (expected: no overlap with the reserved"
            + " 10.100.0.0/16)",
        "10.100.8.0/21    | cidr_block: 10.100.8.0/21 (expected: no overlap with the reserved"
            + " 10.100.0.0/16)",
        "172.17.0.0/16    | cidr_block: 172.17.0.0/16 (expected: no overlap with the reserved"
            + " 172.17.0.0/16)",
      })
  void refusesEachBrokenRuleWithAReasonNamingValueAndExpectation(String cidr, String reason) {
    List<InvalidParameter> problems = CidrRules.check("cidr_block", cidr, "azure", 1);

    assertThat(problems).extracting(InvalidParameter::reason).containsExactly(reason);
    assertThat(problems)
        .allSatisfy(
            p -> {
              assertThat(p.field()).isEqualTo("cidr_block");
              assertThat(p.rule()).isEqualTo(Rule.IS_SUPPORTED_NETWORK_CIDR_BLOCK);
            });
  }

  @Test
  void refusesABlockThatContainsAReservedOne() {
    assertThat(CidrRules.check("cidr_block", "172.16.0.0/12", "aws", 1))
        .extracting(InvalidParameter::reason)
        .containsExactly(
            "cidr_block: 172.16.0.0/12 (expected: prefix length 16-23 for aws)",
            "cidr_block: 172.16.0.0/12 (expected: no overlap with the reserved 172.17.0.0/16)");
  }

  @Test
  void refusesABlockThatStraddlesTheEdgeOfAnAllowedRange() {
    // 198.16.0.0/14 holds all of 198.18.0.0/15 but also 198.16/15, which is not allowed.
    assertThat(CidrRules.check("cidr_block", "198.16.0.0/14", "aws", 1))
        .extracting(InvalidParameter::reason)
        .contains(
            "cidr_block: 198.16.0.0/14 (expected: a block inside one of 10.0.0.0/8, 100.64.0.0/10,"
                + " 172.16.0.0/12, 192.168.0.0/16, 198.18.0.0/15)");
  }

  @ParameterizedTest
  @CsvSource({"1, 23", "2, 23", "3, 22", "4, 22", "5, 21"})
  void acceptsTheSmallestBlockForEachZoneCount(int zones, int prefix) {
    assertThat(CidrRules.check("cidr_block", "10.0.0.0/" + prefix, "aws", zones)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"2, 24, 23", "3, 23, 22", "4, 23, 22", "5, 22, 21"})
  void refusesABlockTooSmallForItsZones(int zones, int prefix, int longest) {
    String cidr = "10.0.0.0/" + prefix;
    List<InvalidParameter> problems = CidrRules.check("cidr_block", cidr, "aws", zones);

    assertThat(problems)
        .extracting(InvalidParameter::reason)
        .contains(
            "cidr_block: %s (expected: prefix length %d or shorter for %d availability zones)"
                .formatted(cidr, longest, zones));
  }

  @Test
  void keepsTheGeneralPrefixRuleForNonAzureProviders() {
    assertThat(CidrRules.prefixRange("aws")).isEqualTo(new CidrRules.PrefixRange(16, 23));
    assertThat(CidrRules.prefixRange("azure")).isEqualTo(new CidrRules.PrefixRange(16, 21));
    assertThat(CidrRules.check("cidr_block", "10.0.0.0/23", "gcp", 2)).isEmpty();
    assertThat(CidrRules.check("cidr_block", "10.0.0.0/23", "azure", 2)).hasSize(1);
  }

  @Test
  void reportsEveryBrokenRuleAtOnce() {
    assertThat(CidrRules.check("cidr_block", "8.8.8.8/24", "azure", 5))
        .extracting(InvalidParameter::reason)
        .containsExactly(
            "cidr_block: 8.8.8.8/24 (expected: the network address 8.8.8.0/24)",
            "cidr_block: 8.8.8.8/24 (expected: prefix length 16-21 for azure)",
            "cidr_block: 8.8.8.8/24 (expected: a block inside one of 10.0.0.0/8, 100.64.0.0/10,"
                + " 172.16.0.0/12, 192.168.0.0/16, 198.18.0.0/15)",
            "cidr_block: 8.8.8.8/24 (expected: prefix length 21 or shorter for 5 availability"
                + " zones)");
  }

  @Test
  void publishesTheBlocksOfTheAvailabilityDocument() {
    assertThat(CidrRules.ALLOWED_BLOCKS)
        .containsExactly(
            "10.0.0.0/8", "100.64.0.0/10", "172.16.0.0/12", "192.168.0.0/16", "198.18.0.0/15");
    assertThat(CidrRules.RESERVED_BLOCKS).containsExactly("10.100.0.0/16", "172.17.0.0/16");
  }
}
