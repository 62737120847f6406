package io.causeway.provider.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node launcher through the {@link Ip} it is given, with real processes but without root: a
 * stand-in {@code ip} records its arguments and runs the command of {@code ip netns exec NS CMD}
 * right here, so what is proven is the launch (detached, pid file, marker), adoption and the stop.
 * The real namespaces are {@link LocalPlacementIT}'s.
 */
@Timeout(60)
class DetachedProcessIT {
  @TempDir Path dir;

  @Test
  void aNodeIsLaunchedThroughTheGivenIpFoundByItsMarkerAndStopped() throws Exception {
    Path args = dir.resolve("ip.args");
    Path fakeIp = dir.resolve("ip");
    Files.writeString(fakeIp, """
        #!/bin/sh
        echo "$@" > '%s'
        shift 3
        exec "$@"
        """.formatted(args));
    Files.setPosixFilePermissions(fakeIp, PosixFilePermissions.fromString("rwxr-xr-x"));
    NodeProcesses nodes =
        new NodeProcesses(new Ip(fakeIp.toString(), Ip.DEFAULT_TIMEOUT), dir.resolve("nodes"));
    Path node = nodes.directory(UUID.randomUUID(), UUID.randomUUID(), 0);

    long pid = nodes.launch("cw-test-ns", node, List.of("sleep", "300"), Map.of());
    ProcessHandle launched = ProcessHandle.of(pid).orElseThrow();
    try {
      assertThat(Files.readString(args)).startsWith("netns exec cw-test-ns sh -c ");
      assertThat(nodes.running(node)).contains(launched);
      assertThat(launched.info().command())
          .hasValueSatisfying(c -> assertThat(c).endsWith("sleep"));

      nodes.removeAll(nodes.root());

      await().atMost(Duration.ofSeconds(10)).until(() -> !launched.isAlive());
      assertThat(node).doesNotExist();
    } finally {
      launched.destroyForcibly();
    }
  }
}
