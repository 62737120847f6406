package io.causeway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Building a create body from --file and --set. */
class EntityBodyTest {
  private static final InputStream NO_INPUT = InputStream.nullInputStream();

  @Test
  void readsJsonValuesAndFallsBackToStrings() {
    var body =
        EntityBody.of(
            Optional.empty(),
            List.of("name=orders", "port=8080", "paths=[\"/a\"]", "url=http://x:1/y", "e="),
            NO_INPUT);
    assertThat(body.toString())
        .isEqualTo(
            "{\"name\":\"orders\",\"port\":8080,\"paths\":[\"/a\"],\"url\":\"http://x:1/y\","
                + "\"e\":\"\"}");
  }

  @Test
  void setsOverrideAYamlFileAndStandardInputWorks(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("service.yaml");
    Files.writeString(file, "name: orders\nport: 80\n");
    var body = EntityBody.of(Optional.of(file), List.of("port=8080"), NO_INPUT);
    assertThat(body.toString()).isEqualTo("{\"name\":\"orders\",\"port\":8080}");
    var stdin = new ByteArrayInputStream("{\"name\": \"in\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(EntityBody.of(Optional.of(Path.of("-")), List.of(), stdin).toString())
        .isEqualTo("{\"name\":\"in\"}");
  }

  @Test
  void refusesASetWithoutKeyAndAFileThatIsNoObject(@TempDir Path dir) throws IOException {
    assertThatThrownBy(() -> EntityBody.of(Optional.empty(), List.of("=x"), NO_INPUT))
        .hasMessageContaining("expected: KEY=VALUE");
    Path list = dir.resolve("list.yaml");
    Files.writeString(list, "- a\n- b\n");
    assertThatThrownBy(() -> EntityBody.of(Optional.of(list), List.of(), NO_INPUT))
        .hasMessageContaining("expected: one JSON or YAML object");
  }
}
