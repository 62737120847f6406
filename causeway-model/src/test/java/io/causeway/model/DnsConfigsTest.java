package io.causeway.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.causeway.model.InvalidParameter.Rule;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DnsConfigsTest {

  static Validated<List<DnsMapping>> decode(String json) {
    return DnsConfigs.decode(Json.parse(json), "dns_config");
  }

  static String entry(String servers, String domains) {
    return "{'remote_dns_server_ip_addresses':["
        + servers
        + "],'domain_proxy_list':["
        + domains
        + "]}";
  }

  static String quoted(int count, String format) {
    return IntStream.range(0, count)
        .mapToObj(i -> "'" + format.formatted(i) + "'")
        .collect(Collectors.joining(","));
  }

  @Test
  void acceptsOneToOneManyToOneAndManyToManyMappings() {
    String json =
        "["
            + entry("'192.168.1.1'", "'example.com'")
            + ","
            + entry("'192.168.1.1'", "'example2.com','example3.com'")
            + ","
            + entry("'192.168.1.1','192.168.1.2'", "'example4.com'")
            + "]";

    assertThat(decode(json).orElseThrow()).hasSize(3);
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.0.0.2", "fd00::53", "2001:db8::1", "::ffff:10.0.0.2", "127.0.0.1"})
  void acceptsIpLiterals(String ip) {
    assertThat(decode("[" + entry("'" + ip + "'", "'corp.example'") + "]").isValid()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "10.0.0",
        "010.0.0.2",
        "10.0.0.2/32",
        "10.0.0.2:53",
        "fe80::1%eth0",
        "dns.corp.example",
        "",
        "0.0.0.0",
        "::",
        "224.0.0.1",
        "255.255.255.255",
        "10.0.0.*"
      })
  void refusesWhatIsNotAUnicastIpLiteral(String ip) {
    assertThat(decode("[" + entry("'" + ip + "'", "'corp.example'") + "]").problems())
        .extracting(InvalidParameter::field, InvalidParameter::rule)
        .containsExactly(tuple("dns_config.0.remote_dns_server_ip_addresses.0", Rule.INVALID));
  }

  @Test
  void keepsServersInTheirCanonicalTextAndOrder() {
    assertThat(
            decode(
                    "["
                        + entry("'FD00:0:0::0053','::FFFF:10.0.0.2','10.0.0.1'", "'c.example'")
                        + "]")
                .orElseThrow()
                .getFirst()
                .remoteDnsServerIpAddresses())
        .containsExactly("fd00::53", "::ffff:10.0.0.2", "10.0.0.1");
  }

  @Test
  void refusesTheSameServerTwiceInOneEntryNamingTheFirst() {
    assertThat(decode("[" + entry("'fd00::1','FD00:0:0::1'", "'corp.example'") + "]").problems())
        .extracting(InvalidParameter::field, InvalidParameter::reason)
        .containsExactly(
            tuple(
                "dns_config.0.remote_dns_server_ip_addresses.1",
                "dns_config.0.remote_dns_server_ip_addresses.1: FD00:0:0::1 (expected: each server"
                    + " once per entry; already at"
                    + " dns_config.0.remote_dns_server_ip_addresses.0)"));
  }

  @Test
  void refusesADomainInTwoEntriesNamingBothPositionsAfterNormalisation() {
    String json =
        "["
            + entry("'10.0.0.2'", "'a.example','corp.example'")
            + ","
            + entry("'10.0.0.3'", "'CORP.example.'")
            + "]";

    assertThat(decode(json).problems())
        .extracting(InvalidParameter::field, InvalidParameter::rule, InvalidParameter::reason)
        .containsExactly(
            tuple(
                "dns_config.1.domain_proxy_list.0",
                Rule.INVALID,
                "dns_config.1.domain_proxy_list.0: corp.example (expected: each domain in at most"
                    + " one dns_config entry; already at dns_config.0.domain_proxy_list.1)"));
  }

  @Test
  void refusesADuplicateDomainWithinOneEntry() {
    assertThat(decode("[" + entry("'10.0.0.2'", "'corp.example','Corp.Example'") + "]").problems())
        .extracting(InvalidParameter::field)
        .containsExactly("dns_config.0.domain_proxy_list.1");
  }

  @Test
  void enforcesTheEntryLimit() {
    String fifty =
        IntStream.range(0, 50)
            .mapToObj(i -> entry("'10.0.0.2'", "'d%d.example'".formatted(i)))
            .collect(Collectors.joining(","));
    assertThat(decode("[" + fifty + "]").isValid()).isTrue();

    InvalidParameter problem =
        decode("[" + fifty + "," + entry("'10.0.0.2'", "'x.example'") + "]").problems().getFirst();
    assertThat(problem.field()).isEqualTo("dns_config");
    assertThat(problem.rule()).isEqualTo(Rule.MAX_ITEMS);
    assertThat(problem.maximum()).contains(50);
  }

  @Test
  void enforcesTheDomainAndServerLimitsPerEntry() {
    assertThat(
            decode("[" + entry(quoted(8, "10.0.0.%d"), quoted(100, "d%d.example")) + "]").isValid())
        .isTrue();

    assertThat(
            decode("[" + entry(quoted(9, "10.0.0.%d"), quoted(101, "d%d.example")) + "]")
                .problems())
        .extracting(InvalidParameter::field, InvalidParameter::rule, InvalidParameter::maximum)
        .containsExactly(
            tuple(
                "dns_config.0.remote_dns_server_ip_addresses",
                Rule.MAX_ITEMS,
                java.util.Optional.of(8)),
            tuple("dns_config.0.domain_proxy_list", Rule.MAX_ITEMS, java.util.Optional.of(100)));
  }

  @Test
  void requiresAtLeastOneServerAndOneDomain() {
    assertThat(decode("[" + entry("", "") + "]").problems())
        .extracting(InvalidParameter::field, InvalidParameter::rule, InvalidParameter::minimum)
        .containsExactly(
            tuple(
                "dns_config.0.remote_dns_server_ip_addresses",
                Rule.MIN_ITEMS,
                java.util.Optional.of(1)),
            tuple("dns_config.0.domain_proxy_list", Rule.MIN_ITEMS, java.util.Optional.of(1)));
  }

  @Test
  void reportsStructuralProblemsAtNestedPaths() {
    String json =
        "[{'domain_proxy_list':'corp.example','extra':1},"
            + "{'remote_dns_server_ip_addresses':[1],'domain_proxy_list':[null]},"
            + "'not an object']";

    assertThat(decode(json).problems())
        .extracting(InvalidParameter::field, InvalidParameter::rule)
        .containsExactly(
            tuple("dns_config.0.extra", Rule.UNKNOWN_PROPERTY),
            tuple("dns_config.0.remote_dns_server_ip_addresses", Rule.REQUIRED),
            tuple("dns_config.0.domain_proxy_list", Rule.IS_ARRAY),
            tuple("dns_config.1.remote_dns_server_ip_addresses.0", Rule.IS_STRING),
            tuple("dns_config.1.domain_proxy_list.0", Rule.IS_STRING),
            tuple("dns_config.2", Rule.IS_OBJECT));
  }

  @Test
  void acceptsAnEmptyList() {
    assertThat(decode("[]").orElseThrow()).isEmpty();
  }
}
