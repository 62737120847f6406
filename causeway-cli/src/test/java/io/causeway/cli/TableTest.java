package io.causeway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Table and entity rendering of the table output format. */
class TableTest {
  private static JsonNode json(String text) {
    try {
      return Api.JSON.readTree(text);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void alignsColumnsAndReadsNestedFields() {
    Table table =
        new Table(
            List.of(
                Table.Column.of("NAME", "/name"),
                Table.Column.of("ZONES", "/zones"),
                Table.Column.of("REASON", "/meta/reason")));
    StringWriter text = new StringWriter();
    table.print(
        new PrintWriter(text),
        json(
            """
            [{"name": "a", "zones": ["z1", "z2"], "meta": {"reason": "line\\nbreak"}},
             {"name": "longer-name", "zones": []}]
            """));
    assertThat(text.toString().lines())
        .containsExactly(
            "NAME         ZONES  REASON", "a            z1,z2  line break", "longer-name");
  }

  @Test
  void flattensAnEntityIntoDottedFieldLines() {
    StringWriter text = new StringWriter();
    Table.printEntity(
        new PrintWriter(text),
        json(
            """
            {"id": "1", "dns_config": [{"domain_proxy_list": ["a", "b"]}],
             "state_metadata": {"reason": ""}}
            """));
    assertThat(text.toString().lines())
        .containsExactly(
            "id:                             1",
            "dns_config.0.domain_proxy_list: a,b",
            "state_metadata.reason:");
  }

  @Test
  void showsDnsConfigAsTheCommandLineWritesIt() {
    JsonNode config =
        DnsEntry.toJson(
            List.of(
                DnsEntry.parse("a.example,b.example=10.0.0.4,10.0.0.5"),
                DnsEntry.parse("c.example=10.0.0.6")));
    assertThat(DnsEntry.show(config))
        .isEqualTo("a.example,b.example=10.0.0.4,10.0.0.5; c.example=10.0.0.6");
  }
}
