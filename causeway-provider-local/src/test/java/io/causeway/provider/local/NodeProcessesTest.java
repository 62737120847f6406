package io.causeway.provider.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Adoption never trusts a pid file alone: pids are reused. */
class NodeProcessesTest {
  /** Never run here: nothing below launches. */
  private static final Ip IP = new Ip("/nonexistent/ip", Ip.DEFAULT_TIMEOUT);
  @TempDir Path root;

  @Test
  void aLivePidWithoutTheNodeMarkerIsNotTheNode() throws Exception {
    NodeProcesses nodes = new NodeProcesses(IP, root);
    Path dir = nodes.directory(UUID.randomUUID(), UUID.randomUUID(), 0);
    Files.createDirectories(dir);
    // This JVM is alive but was not launched as that node (a reused pid looks like this).
    Files.writeString(dir.resolve(NodeProcesses.PID_FILE), "" + ProcessHandle.current().pid());

    assertThat(nodes.running(dir)).isEmpty();
    assertThat(nodes.wasLaunched(dir)).isTrue();
  }

  @Test
  void groupsAreListedUnderTheirNetworksAndRemovingOneDeletesItsDirectory() throws Exception {
    NodeProcesses nodes = new NodeProcesses(IP, root);
    UUID network = UUID.randomUUID();
    UUID group = UUID.randomUUID();
    Path dir = nodes.directory(network, group, 0);
    Files.createDirectories(dir.resolve(NodeProcesses.DATA));

    assertThat(nodes.groups()).containsExactly(root.resolve(network.toString())
        .resolve(group.toString()));
    assertThat(nodes.nodes(root)).containsExactly(dir);

    nodes.removeAll(root.resolve(network.toString()));
    assertThat(nodes.groups()).isEmpty();
  }

  @Test
  void theLastLinesOfALogAreJoinedForAStateReason() throws Exception {
    Path dir = root.resolve("n");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(NodeProcesses.LOG_FILE), "one\ntwo\n\nthree\nfour\n");

    assertThat(NodeProcesses.lastLines(dir, 2)).isEqualTo("three | four");
    assertThat(NodeProcesses.lastLines(root.resolve("absent"), 2)).isEqualTo("(no log)");
  }
}
