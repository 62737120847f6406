package io.causeway.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForwardingTableTest {

  private static final DnsForwardingEntry CORP =
      new DnsForwardingEntry(List.of("corp.example"), List.of("10.0.0.2"));
  private static final DnsForwardingEntry EU =
      new DnsForwardingEntry(List.of("eu.corp.example", "lab.example"), List.of("10.1.0.2:5353"));

  @Test
  void picksTheLongestMatchingDomain() {
    ForwardingTable table = ForwardingTable.of(List.of(CORP, EU));

    assertThat(table.match("orders.eu.corp.example").orElseThrow().entry()).isEqualTo(EU);
    assertThat(table.match("orders.eu.corp.example").orElseThrow().domain())
        .isEqualTo("eu.corp.example");
    assertThat(table.match("orders.us.corp.example").orElseThrow().entry()).isEqualTo(CORP);
    assertThat(table.match("db.lab.example").orElseThrow().entry()).isEqualTo(EU);
  }

  @Test
  void matchesOnlyOnLabelBoundaries() {
    ForwardingTable table = ForwardingTable.of(List.of(CORP));

    assertThat(table.match("xcorp.example")).isEmpty();
    assertThat(table.match("corp.example.org")).isEmpty();
    assertThat(table.match("example")).isEmpty();
    assertThat(table.match("corp.example")).isPresent();
  }

  @Test
  void ignoresCaseAndTheTrailingDot() {
    ForwardingTable table = ForwardingTable.of(List.of(CORP));

    assertThat(table.match("Orders.CORP.Example.")).isPresent();
  }

  @Test
  void letsTheFirstEntryKeepADomainListedTwice() {
    DnsForwardingEntry again = new DnsForwardingEntry(List.of("corp.example"), List.of("10.9.9.9"));

    assertThat(ForwardingTable.of(List.of(CORP, again)).match("a.corp.example").orElseThrow().entry())
        .isEqualTo(CORP);
  }

  @Test
  void matchesNothingWhenEmpty() {
    assertThat(ForwardingTable.empty().match("a.corp.example")).isEmpty();
    assertThat(ForwardingTable.of(List.of()).isEmpty()).isTrue();
  }

  @Test
  void refusesSettingsOutsideTheirRange() {
    ForwardingSettings d = ForwardingSettings.defaults();

    assertThatThrownBy(() -> d.withAttempts(0)).hasMessage("attempts: 0 (expected: 1-10)");
    assertThatThrownBy(() -> d.withQueryTimeout(Duration.ZERO))
        .hasMessage("queryTimeout: PT0S (expected: positive)");
    assertThatThrownBy(() -> d.withTtlBounds(Duration.ofSeconds(10), Duration.ofSeconds(5)))
        .hasMessage("minTtl: PT10S (expected: at most maxTtl PT5S)");
  }
}
