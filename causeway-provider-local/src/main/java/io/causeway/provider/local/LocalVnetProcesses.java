package io.causeway.provider.local;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.causeway.model.InvalidParameter;
import io.causeway.model.InvalidParameter.Rule;
import io.causeway.model.ProviderException;
import io.causeway.model.ValidationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The named long-running processes of the VNET namespaces, started detached ({@link
 * DetachedProcess}): one {@code <name>.json} (pid and
 * command) and one {@code <name>.log} per process under {@code processes/<namespace>/}. A recorded
 * pid counts as running only while that pid is alive inside the namespace ({@code ip netns pids}),
 * so a reused pid is never mistaken for ours. Callers hold the state lock for changes.
 */
final class LocalVnetProcesses {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
  private static final Duration STARTUP_CHECK = Duration.ofMillis(300);
  private static final Duration STOP_GRACE = Duration.ofSeconds(3);
  private static final int LOG_TAIL = 2000;

  private final Netns netns;
  private final Path root;

  LocalVnetProcesses(Netns netns, Path root) {
    this.netns = requireNonNull(netns, "netns");
    this.root = requireNonNull(root, "root");
  }

  static void validate(String name, List<String> command) {
    requireNonNull(name, "name");
    requireNonNull(command, "command");
    List<InvalidParameter> problems = new ArrayList<>();
    if (!NAME.matcher(name).matches()) {
      problems.add(
          InvalidParameter.of(
              "name",
              Rule.INVALID,
              "name: "
                  + name
                  + " (expected: 1-63 lowercase letters, digits and dashes, starting with a"
                  + " letter or digit)"));
    }
    if (command.isEmpty()) {
      problems.add(
          InvalidParameter.minimum(
              "command", Rule.MIN_ITEMS, 1, "command: [] (expected: the program then its arguments)"));
    }
    if (!problems.isEmpty()) {
      throw new ValidationException(problems);
    }
  }

  LocalVnetProcess start(String namespace, String name, List<String> command) {
    Optional<LocalVnetProcess> existing = find(namespace, name, running(namespace));
    if (existing.isPresent() && existing.get().running()) {
      if (!existing.get().command().equals(command)) {
        throw new IllegalStateException(
            "process "
                + name
                + " already runs in "
                + namespace
                + " with command "
                + existing.get().command()
                + " (expected: "
                + command
                + "; stop it first to change it)");
      }
      return existing.get();
    }
    Path dir = root.resolve(namespace);
    Path log = dir.resolve(name + ".log");
    try {
      Files.createDirectories(dir);
      Files.writeString(
          log, Instant.now() + " starting " + command + "\n", StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new ProviderException(
          "local: cannot start " + command + " in " + namespace + ": " + e.getMessage(),
          Optional.empty(),
          e);
    }
    Process process = DetachedProcess.start(netns.ip(), namespace, command, log,
        Optional.empty(), Map.of(), command.toString());
    write(dir.resolve(name + ".json"), process.pid(), command);
    try {
      if (process.waitFor(STARTUP_CHECK.toMillis(), TimeUnit.MILLISECONDS)) {
        Files.deleteIfExists(dir.resolve(name + ".json"));
        throw new ProviderException(
            "local: "
                + command
                + " exited at once in "
                + namespace
                + " (exit "
                + process.exitValue()
                + "); its log "
                + log
                + " ends with:\n"
                + DetachedProcess.tail(log, LOG_TAIL));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProviderException("local: interrupted while starting " + name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new LocalVnetProcess(name, process.pid(), command, log.toString(), true, true);
  }

  List<LocalVnetProcess> list(String namespace) {
    Path dir = root.resolve(namespace);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    Set<Long> running = running(namespace);
    List<LocalVnetProcess> all = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.sorted(Comparator.naturalOrder()).toList()) {
        String fileName = file.getFileName().toString();
        if (fileName.endsWith(".json")) {
          find(namespace, fileName.substring(0, fileName.length() - 5), running)
              .ifPresent(all::add);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return all;
  }

  /** Stops and forgets the process; false when none of that name was recorded. */
  boolean stop(String namespace, String name) {
    Optional<LocalVnetProcess> process = find(namespace, name, running(namespace));
    if (process.isEmpty()) {
      return false;
    }
    if (process.get().running()) {
      ProcessHandle.of(process.get().pid()).ifPresent(p -> DetachedProcess.stop(p, STOP_GRACE));
    }
    try {
      Files.deleteIfExists(root.resolve(namespace).resolve(name + ".json"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return true;
  }

  /** Forgets every process of a namespace that is gone (its processes ended with it). */
  void forget(String namespace) {
    Path dir = root.resolve(namespace);
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.toList()) {
        Files.deleteIfExists(file);
      }
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Forgets every recorded process of every namespace and removes the records directory (a reset:
   * the namespaces, and the processes with them, are gone by then).
   */
  void forgetAll() {
    if (!Files.isDirectory(root)) {
      return;
    }
    try (Stream<Path> namespaces = Files.list(root)) {
      for (Path dir : namespaces.toList()) {
        if (Files.isDirectory(dir)) {
          forget(dir.getFileName().toString());
        } else {
          Files.deleteIfExists(dir);
        }
      }
      Files.deleteIfExists(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Optional<LocalVnetProcess> find(String namespace, String name, Set<Long> running) {
    Path file = root.resolve(namespace).resolve(name + ".json");
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    JsonNode doc;
    try {
      doc = JSON.readTree(file.toFile());
    } catch (IOException e) {
      return Optional.empty();
    }
    long pid = doc.path("pid").asLong(-1);
    List<String> command = new ArrayList<>();
    doc.path("command").forEach(w -> command.add(w.asText()));
    String log = root.resolve(namespace).resolve(name + ".log").toString();
    return Optional.of(
        new LocalVnetProcess(name, pid, command, log, running.contains(pid), false));
  }

  private Set<Long> running(String namespace) {
    if (!netns.exists(namespace)) {
      return Set.of();
    }
    return Set.copyOf(netns.processes(namespace).stream().map(ProcessHandle::pid).toList());
  }

  private static void write(Path file, long pid, List<String> command) {
    ObjectNode doc = JSON.createObjectNode();
    doc.put("pid", pid);
    command.forEach(doc.putArray("command")::add);
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      JSON.writeValue(tmp.toFile(), doc);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
