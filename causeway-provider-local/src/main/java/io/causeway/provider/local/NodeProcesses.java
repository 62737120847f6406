package io.causeway.provider.local;

import static java.util.Objects.requireNonNull;

import io.causeway.model.ProviderException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Long-lived processes launched inside a network namespace, one directory each: {@code
 * DATA_DIR/local/nodes/<network id>/<group id>/<index>/} holds {@code node.pid}, {@code node.log}
 * (stdout and stderr, appended) and {@code data/} (the node's own data directory).
 *
 * <p>A process is started detached ({@link DetachedProcess}) as {@code sh -c 'echo $$ > node.pid;
 * exec CMD'}: the shell writes the pid of the very process that then becomes {@code CMD} ({@code
 * setsid} may fork). It keeps running when the launching JVM ends.
 *
 * <p>A pid file alone is not proof (pids are reused): a process counts as this node only if it is
 * alive and its initial environment carries {@code CAUSEWAY_NODE=<node directory>}, which every
 * launch sets. That is how a new instance adopts what an earlier one launched instead of starting a
 * duplicate. Not thread-safe on one directory: callers hold the data directory's lock.
 */
final class NodeProcesses {
  static final String MARKER = "CAUSEWAY_NODE";
  static final String PID_FILE = "node.pid";
  static final String LOG_FILE = "node.log";
  static final String DATA = "data";
  private static final Duration PID_WAIT = Duration.ofSeconds(10);
  private static final Duration STOP_GRACE = Duration.ofSeconds(5);
  private static final String WRITE_PID_THEN_EXEC =
      "echo $$ > \"$0.tmp\" && mv \"$0.tmp\" \"$0\" && exec \"$@\"";

  private final Ip ip;
  private final Path root;

  NodeProcesses(Ip ip, Path root) {
    this.ip = requireNonNull(ip, "ip");
    this.root = requireNonNull(root, "root").toAbsolutePath().normalize();
  }

  Path root() {
    return root;
  }

  Path directory(UUID networkId, UUID groupId, int index) {
    return root.resolve(networkId.toString()).resolve(groupId.toString()).resolve("" + index);
  }

  /** The running process of the node in {@code dir}, if one is alive and really is that node. */
  Optional<ProcessHandle> running(Path dir) {
    return pid(dir)
        .flatMap(ProcessHandle::of)
        .filter(ProcessHandle::isAlive)
        .filter(p -> carriesMarker(p.pid(), dir));
  }

  /** Whether the node in {@code dir} was launched at least once (it may have ended since). */
  boolean wasLaunched(Path dir) {
    return Files.exists(dir.resolve(PID_FILE));
  }

  /**
   * Starts {@code command} in {@code namespace} as the node of {@code dir} and waits until its pid
   * file is written; returns that pid (the process may already have ended: observe it to know).
   * Secrets (a join token) go in {@code environment}, never on the command line, which every
   * local user can read; neither is logged here.
   */
  long launch(String namespace, Path dir, List<String> command, Map<String, String> environment) {
    try {
      Files.createDirectories(dir.resolve(DATA));
      Files.deleteIfExists(dir.resolve(PID_FILE));
    } catch (IOException e) {
      throw new UncheckedIOException("local: cannot prepare " + dir + ": " + e.getMessage(), e);
    }
    List<String> argv = new ArrayList<>(
        List.of("sh", "-c", WRITE_PID_THEN_EXEC, dir.resolve(PID_FILE).toString()));
    argv.addAll(command);
    Process launcher = DetachedProcess.start(ip, namespace, argv, dir.resolve(LOG_FILE),
        Optional.of(dir), withMarker(environment, dir), "a node");
    Instant deadline = Instant.now().plus(PID_WAIT);
    while (Instant.now().isBefore(deadline)) {
      Optional<Long> pid = pid(dir);
      if (pid.isPresent()) {
        return pid.get();
      }
      // Exit 0 without a pid file yet: setsid forked and the child has not written it.
      if (!launcher.isAlive() && launcher.exitValue() != 0 && pid(dir).isEmpty()) {
        throw new ProviderException("local: the node in " + namespace + " did not start (exit "
            + launcher.exitValue() + "): " + lastLines(dir, 5));
      }
      pause();
    }
    throw new ProviderException("local: the node in " + namespace + " wrote no pid file within "
        + PID_WAIT.toSeconds() + " s (see " + dir.resolve(LOG_FILE) + ")");
  }

  /** Every node directory under {@code parent} ({@code root}, a network's or a group's). */
  List<Path> nodes(Path parent) {
    if (!Files.isDirectory(parent)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(parent, 3)) {
      return walk.filter(p -> isNodeDirName(p, parent)).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("local: cannot list " + parent + ": " + e.getMessage(), e);
    }
  }

  /** The group directories ({@code <network id>/<group id>}) that exist. */
  List<Path> groups() {
    List<Path> groups = new ArrayList<>();
    for (Path network : children(root)) {
      groups.addAll(children(network));
    }
    return groups;
  }

  /** Ends every node under {@code parent} and deletes {@code parent}. */
  void removeAll(Path parent) {
    nodes(parent).forEach(dir -> running(dir).ifPresent(p -> DetachedProcess.stop(p, STOP_GRACE)));
    deleteTree(parent);
  }

  /** The last {@code count} lines of the node's log, joined with " | " (for state reasons). */
  static String lastLines(Path dir, int count) {
    return String.join(" | ", DetachedProcess.lastLines(dir.resolve(LOG_FILE), count));
  }

  private static boolean isNodeDirName(Path p, Path parent) {
    return !p.equals(parent) && p.getFileName().toString().matches("[0-9]+")
        && Files.isDirectory(p.resolve(DATA));
  }

  private static List<Path> children(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> list = Files.list(dir)) {
      return list.filter(Files::isDirectory).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("local: cannot list " + dir + ": " + e.getMessage(), e);
    }
  }

  private static Optional<Long> pid(Path dir) {
    try {
      String text = Files.readString(dir.resolve(PID_FILE), StandardCharsets.US_ASCII).strip();
      return text.matches("[0-9]{1,10}") ? Optional.of(Long.parseLong(text)) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static Map<String, String> withMarker(Map<String, String> environment, Path dir) {
    Map<String, String> all = new java.util.HashMap<>(environment);
    all.put(MARKER, dir.toString());
    return all;
  }

  /** The process's initial environment names this node directory (not a reused pid). */
  private static boolean carriesMarker(long pid, Path dir) {
    try {
      byte[] environ = Files.readAllBytes(Path.of("/proc", "" + pid, "environ"));
      String wanted = MARKER + "=" + dir;
      for (String entry : new String(environ, StandardCharsets.UTF_8).split("\0")) {
        if (entry.equals(wanted)) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      return false;
    }
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("local: cannot delete " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Polling a pid file the child writes; a short pause between looks, not a timing guess. */
  private static void pause() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProviderException("local: interrupted while starting a node");
    }
  }
}
