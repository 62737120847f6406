package io.causeway.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DnsNamesTest {

  @ParameterizedTest
  @CsvSource({
    "corp.example, corp.example",
    "Corp.Example., corp.example",
    "ORDERS.CORP.EXAMPLE, orders.corp.example",
    "internal, internal",
    "a-b.c0.example, a-b.c0.example",
    "xn--bcher-kva.example, xn--bcher-kva.example",
    "0.10.in-addr.arpa, 0.10.in-addr.arpa",
    "1corp.example, 1corp.example"
  })
  void normalisesValidNames(String raw, String normalised) {
    assertThat(DnsNames.normalise(raw)).isEqualTo(new DnsNames.Result.Name(normalised));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        ".",
        "*.corp.example",
        "corp..example",
        ".corp.example",
        "-corp.example",
        "corp-.example",
        "cor_p.example",
        "corp.example..",
        "bücher.example",
        "corp example",
        "10.0.0.2"
      })
  void refusesInvalidNames(String raw) {
    assertThat(DnsNames.normalise(raw)).isInstanceOf(DnsNames.Result.Refused.class);
  }

  @ParameterizedTest
  @CsvSource({"63, true", "64, false"})
  void limitsLabelsTo63Characters(int length, boolean valid) {
    assertThat(DnsNames.normalise("a".repeat(length) + ".example") instanceof DnsNames.Result.Name)
        .isEqualTo(valid);
  }

  @ParameterizedTest
  @CsvSource({"253, true", "254, false"})
  void limitsNamesTo253CharactersWithoutTheTrailingDot(int length, boolean valid) {
    // Three labels of 63 characters and a last one that makes up the length (61 or 62).
    String label = "a".repeat(63);
    String name = String.join(".", label, label, label, label).substring(0, length);

    assertThat(DnsNames.normalise(name) instanceof DnsNames.Result.Name).isEqualTo(valid);
    assertThat(DnsNames.normalise(name + ".") instanceof DnsNames.Result.Name).isEqualTo(valid);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "*.corp.example | a domain without wildcards; corp.example already covers *.corp.example",
        "10.0.0.2 | a domain name, not an IP address",
        "bücher.example | an ASCII domain name; write internationalised names in xn-- form"
      })
  void explainsWhyANameIsRefused(String raw, String expectation) {
    assertThat(DnsNames.normalise(raw)).isEqualTo(new DnsNames.Result.Refused(expectation));
  }
}
