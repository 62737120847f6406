package io.causeway.provider.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tail of a detached process's log, which grows for as long as the process runs. */
class DetachedProcessTest {
  @TempDir Path dir;

  @Test
  void theLastLinesOfALongLogComeFromItsEndWithoutACutLine() throws Exception {
    Path log = dir.resolve("node.log");
    Files.writeString(log, IntStream.range(0, 200_000).mapToObj(i -> "line " + i)
        .collect(Collectors.joining("\n", "", "\n\n")));

    assertThat(DetachedProcess.lastLines(log, 2)).containsExactly("line 199998", "line 199999");
    // The last 30 bytes begin inside "line 199997": that cut line is left out.
    assertThat(DetachedProcess.tail(log, 30)).isEqualTo("line 199998\nline 199999\n\n");
  }

  @Test
  void aMissingLogIsSaidToBeMissing() {
    assertThat(DetachedProcess.lastLines(dir.resolve("absent.log"), 3)).containsExactly("(no log)");
    assertThat(DetachedProcess.tail(dir.resolve("absent.log"), 100)).isEqualTo("(no log)");
  }
}
