package io.causeway.provider.local;

import io.causeway.model.ProviderException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A long-lived process inside a network namespace, detached from the JVM that starts it: the
 * launch, the stop and the tail of its log that {@link NodeProcesses} (data-plane nodes) and
 * {@link LocalVnetProcesses} (processes of customer VNETs) share; what each records about its
 * processes (a pid file, a JSON record) stays with it.
 *
 * <p>A process is started as {@code setsid ip netns exec NS CMD} ({@link Ip#netnsExec}): {@code
 * setsid} puts it in its own session, so a Ctrl-C of the launching terminal does not reach it; its
 * input is {@code /dev/null} and its output is appended to a log file rather than a pipe, so it
 * does not die of SIGPIPE when the launcher goes. It keeps running when the launching JVM ends.
 */
final class DetachedProcess {
  private static final List<String> SETSID = List.of("/usr/bin/setsid", "/bin/setsid",
      "/usr/sbin/setsid", "/sbin/setsid");
  /** Enough of a log's end for any tail asked for here; a node's log grows without bound. */
  private static final int TAIL_BYTES = 16_384;

  private DetachedProcess() {}

  /**
   * Starts {@code command} in {@code namespace}, its output appended to {@code log}, with {@code
   * environment} added to this JVM's; returns the launcher ({@code setsid}, which becomes {@code
   * ip}, then {@code command}, each by exec). {@code what} names the process in errors: neither the
   * command line nor the environment (which may hold a secret, a join token) is put in a message.
   *
   * @param directory the working directory, or empty for this JVM's
   */
  static Process start(Ip ip, String namespace, List<String> command, Path log,
      Optional<Path> directory, Map<String, String> environment, String what) {
    List<String> argv = new ArrayList<>();
    argv.add(setsid());
    argv.addAll(ip.netnsExec(namespace, command));
    ProcessBuilder builder = new ProcessBuilder(argv)
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    directory.ifPresent(d -> builder.directory(d.toFile()));
    builder.environment().putAll(environment);
    try {
      return builder.start();
    } catch (IOException e) {
      throw new ProviderException("local: cannot start " + what + " in " + namespace + ": "
          + e.getMessage(), Optional.empty(), e);
    }
  }

  /** Asks the process to end, and kills it if it has not within {@code grace}. */
  static void stop(ProcessHandle process, Duration grace) {
    process.destroy();
    try {
      process.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    } catch (ExecutionException | TimeoutException e) {
      process.destroyForcibly();
    }
  }

  /**
   * The last {@code count} non-blank lines of {@code log} (at most its last {@value #TAIL_BYTES}
   * bytes are read); {@code (no log)} or {@code (log unreadable: ...)} in their place.
   */
  static List<String> lastLines(Path log, int count) {
    Optional<String> text;
    try {
      text = readTail(log, TAIL_BYTES);
    } catch (IOException e) {
      return List.of("(log unreadable: " + e.getMessage() + ")");
    }
    if (text.isEmpty()) {
      return List.of("(no log)");
    }
    List<String> lines = text.get().lines().filter(l -> !l.isBlank()).toList();
    return lines.subList(Math.max(0, lines.size() - count), lines.size());
  }

  /** The last {@code maxBytes} of {@code log} as text, or {@code (no log)} and the like. */
  static String tail(Path log, int maxBytes) {
    try {
      return readTail(log, maxBytes).orElse("(no log)");
    } catch (IOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }

  /** At most the last {@code maxBytes} of the file, starting at a whole line when cut. */
  private static Optional<String> readTail(Path log, int maxBytes) throws IOException {
    if (!Files.exists(log)) {
      return Optional.empty();
    }
    try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
      long length = file.length();
      long start = Math.max(0, length - maxBytes);
      byte[] bytes = new byte[(int) (length - start)];
      file.seek(start);
      file.readFully(bytes);
      String text = new String(bytes, StandardCharsets.UTF_8);
      int firstBreak = text.indexOf('\n');
      // A cut line (or a cut UTF-8 sequence) would read as garbage: start after it.
      return Optional.of(start > 0 && firstBreak >= 0 ? text.substring(firstBreak + 1) : text);
    } catch (FileNotFoundException e) {
      // RandomAccessFile says both "gone since the look above" and "not readable" this way.
      if (Files.exists(log)) {
        throw e;
      }
      return Optional.empty();
    }
  }

  private static String setsid() {
    return SETSID.stream()
        .filter(p -> Files.isExecutable(Path.of(p)))
        .findFirst()
        .orElseThrow(() -> new ProviderException("local: setsid (util-linux) not found in "
            + SETSID + "; it is needed to detach processes started in a namespace"));
  }
}
