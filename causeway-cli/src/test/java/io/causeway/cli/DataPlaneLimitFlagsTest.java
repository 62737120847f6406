package io.causeway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.causeway.gateway.ClientLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code causeway data-plane}'s client-limit flags: defaults, parsing, validation. */
class DataPlaneLimitFlagsTest {

  private static DataPlaneCommand.ClientLimitFlags parse(String... args) {
    CommandLine root = Main.commandLine(Environment.of(Map.of(), Path.of("/h")));
    String[] full = new String[args.length + 1];
    full[0] = "data-plane";
    System.arraycopy(args, 0, full, 1, args.length);
    CommandLine.ParseResult parsed = root.parseArgs(full);
    return ((DataPlaneCommand) parsed.subcommand().commandSpec().userObject()).limits;
  }

  @Test
  void defaultFlagsGiveTheLibraryDefaults() {
    assertThat(parse().toLimits()).isEqualTo(ClientLimits.defaults());
  }

  @Test
  void everyLimitIsSetByItsFlag() {
    ClientLimits limits = parse(
            "--header-timeout", "5s", "--idle-timeout", "2m", "--body-timeout", "10s",
            "--body-min-rate", "4096", "--send-timeout", "500ms", "--max-connections-per-client", "0",
            "--http2-max-concurrent-streams", "64", "--http2-max-resets", "100", "--http2-reset-window", "10s")
        .toLimits();
    assertThat(limits).isEqualTo(new ClientLimits(Duration.ofSeconds(5), Duration.ofMinutes(2),
        Duration.ofSeconds(10), 4096, Duration.ofMillis(500), 0, 64, 100, Duration.ofSeconds(10)));
  }

  @Test
  void refusesALimitOutOfRangeNamingIt() {
    assertThatThrownBy(() -> parse("--body-min-rate", "0").toLimits())
        .hasMessageContaining("bodyMinRate: 0 (expected: at least 1 byte/s)");
  }
}
