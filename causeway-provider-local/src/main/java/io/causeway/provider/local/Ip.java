package io.causeway.provider.local;

import static java.util.Objects.requireNonNull;

import io.causeway.model.ProviderException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one way this module runs commands: {@code ip} (iproute2) and commands inside a namespace
 * ({@code ip netns exec}). Arguments go to {@link ProcessBuilder} as a list, never through a shell,
 * so names and CIDRs cannot be interpreted as shell syntax. Every run has a timeout; a failure
 * carries the command line, exit code and captured stderr.
 *
 * <p>Thread-safe (stateless apart from the resolved binary path).
 */
final class Ip {
  /** Where iproute2 lives on the distributions we know; the JVM's PATH may lack the sbin ones. */
  private static final List<String> SEARCH_PATH = List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin");

  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /** Exit code, stdout and stderr of a finished command. */
  record Result(List<String> command, int exitCode, String stdout, String stderr) {
    Result {
      command = List.copyOf(command);
    }

    boolean ok() {
      return exitCode == 0;
    }
  }

  private final String binary;
  private final Duration timeout;

  Ip(String binary, Duration timeout) {
    this.binary = requireNonNull(binary, "binary");
    this.timeout = requireNonNull(timeout, "timeout");
  }

  /** The {@code ip} binary found on this host, or empty when iproute2 is not installed. */
  static Optional<Ip> find() {
    for (String dir : SEARCH_PATH) {
      Path candidate = Path.of(dir, "ip");
      if (Files.isExecutable(candidate)) {
        return Optional.of(new Ip(candidate.toString(), DEFAULT_TIMEOUT));
      }
    }
    return Optional.empty();
  }

  static String searchPath() {
    return String.join(", ", SEARCH_PATH);
  }

  /** Runs {@code ip args...}; a non-zero exit is a {@link ProviderException}. */
  String run(String... args) {
    Result result = tryRun(List.of(args));
    if (!result.ok()) {
      throw failure(result);
    }
    return result.stdout();
  }

  /** Runs {@code ip args...} and returns the result whatever the exit code. */
  Result tryRun(List<String> args) {
    List<String> command = new ArrayList<>(args.size() + 1);
    command.add(binary);
    command.addAll(args);
    return exec(command, timeout);
  }

  /** Runs {@code command} inside namespace {@code namespace}, whatever its exit code. */
  Result inNamespace(String namespace, List<String> command, Duration limit) {
    return exec(netnsExec(namespace, command), limit);
  }

  /** The argv that runs {@code command} inside {@code namespace}, for long-running processes. */
  List<String> netnsExec(String namespace, List<String> command) {
    if (command.isEmpty()) {
      throw new IllegalArgumentException("command: [] (expected: a program and its arguments)");
    }
    List<String> argv = new ArrayList<>(command.size() + 4);
    argv.addAll(List.of(binary, "netns", "exec", namespace));
    argv.addAll(command);
    return argv;
  }

  static ProviderException failure(Result result) {
    return new ProviderException(
        "local: `"
            + String.join(" ", result.command())
            + "` failed (exit "
            + result.exitCode()
            + "): "
            + result.stderr().strip());
  }

  private static Result exec(List<String> command, Duration limit) {
    Process process;
    try {
      process = new ProcessBuilder(command).start();
      // Nothing is ever fed to a command; closing stdin makes one that reads it see end of input.
      process.getOutputStream().close();
    } catch (IOException e) {
      throw new ProviderException(
          "local: cannot start `" + String.join(" ", command) + "`: " + e.getMessage(),
          Optional.empty(),
          e);
    }
    // Both streams are drained concurrently: a command that fills one pipe while we block on the
    // other would otherwise never finish.
    CompletableFuture<String> out = drain(process.getInputStream());
    CompletableFuture<String> err = drain(process.getErrorStream());
    try {
      if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new ProviderException(
            "local: `" + String.join(" ", command) + "` did not finish within " + limit);
      }
      return new Result(
          command,
          process.exitValue(),
          out.get(limit.toMillis(), TimeUnit.MILLISECONDS),
          err.get(limit.toMillis(), TimeUnit.MILLISECONDS));
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new ProviderException(
          "local: interrupted while running " + command, Optional.empty(), e);
    } catch (ExecutionException | TimeoutException e) {
      process.destroyForcibly();
      throw new ProviderException(
          "local: cannot read the output of " + command, Optional.empty(), e);
    }
  }

  private static CompletableFuture<String> drain(InputStream stream) {
    CompletableFuture<String> text = new CompletableFuture<>();
    Thread.ofVirtual()
        .start(
            () -> {
              try (stream) {
                text.complete(new String(stream.readAllBytes(), StandardCharsets.UTF_8));
              } catch (IOException e) {
                text.completeExceptionally(new UncheckedIOException(e));
              }
            });
    return text;
  }
}
