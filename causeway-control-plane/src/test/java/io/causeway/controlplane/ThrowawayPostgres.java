package io.causeway.controlplane;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A PostgreSQL server of our own, for tests that stop and start the database: the machine's
 * server is shared by every other test and must never be restarted. {@code initdb} runs as the
 * {@code postgres} user into a temporary directory, the server listens on a free loopback port
 * (trust authentication, no Unix socket outside its directory), and {@link #close} stops it
 * immediately and removes the directory. Needs root (to run as {@code postgres}) and the
 * PostgreSQL server binaries; without them the test skips loudly, unless {@code
 * CAUSEWAY_REQUIRE_POSTGRES=1} makes that a failure.
 */
final class ThrowawayPostgres implements AutoCloseable {
  private final Path bin;
  private final Path dir;
  private final int port;

  private ThrowawayPostgres(Path bin, Path dir, int port) {
    this.bin = bin;
    this.dir = dir;
    this.port = port;
  }

  static ThrowawayPostgres start() throws IOException, InterruptedException {
    Optional<Path> bin = serverBinaries();
    boolean root = "root".equals(System.getProperty("user.name"));
    if (bin.isEmpty() || !root) {
      String message = bin.isEmpty()
          ? "no PostgreSQL server binaries under /usr/lib/postgresql/*/bin (apt-get install"
              + " postgresql)"
          : "a throwaway PostgreSQL needs root (to run initdb as the postgres user)";
      if ("1".equals(System.getenv("CAUSEWAY_REQUIRE_POSTGRES"))) {
        throw new AssertionError(message + " and CAUSEWAY_REQUIRE_POSTGRES=1");
      }
      System.err.println("\n*** SKIPPED LOUDLY: " + message
          + "; set CAUSEWAY_REQUIRE_POSTGRES=1 to fail instead ***\n");
      Assumptions.abort(message);
    }
    Path dir = Files.createTempDirectory("cw-pg-");
    UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
    Files.setOwner(dir, users.lookupPrincipalByName("postgres"));
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    ThrowawayPostgres pg = new ThrowawayPostgres(bin.get(), dir, port);
    try {
      pg.run(List.of(bin.get().resolve("initdb").toString(), "-D", dir.resolve("data").toString(),
          "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8"));
      pg.startServer();
    } catch (RuntimeException | IOException | InterruptedException e) {
      pg.close();
      throw e;
    }
    return pg;
  }

  private static Optional<Path> serverBinaries() throws IOException {
    Path root = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(root)) {
      return Optional.empty();
    }
    try (Stream<Path> versions = Files.list(root)) {
      return versions.map(v -> v.resolve("bin"))
          .filter(b -> Files.isExecutable(b.resolve("initdb")))
          .max(Comparator.comparing(Path::toString));
    }
  }

  /** {@code jdbc:postgresql://127.0.0.1:PORT/postgres?user=postgres}. */
  String url() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
  }

  /** A fast shutdown: open connections are terminated, as when the service restarts. */
  void stopServer() throws IOException, InterruptedException {
    run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-w",
        "-m", "fast", "stop"));
  }

  void startServer() throws IOException, InterruptedException {
    run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-w",
        "-t", "60", "-l", dir.resolve("server.log").toString(), "-o",
        "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off",
        "start"));
  }

  private void run(List<String> command) throws IOException, InterruptedException {
    List<String> asPostgres = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
    asPostgres.addAll(command);
    Process p = new ProcessBuilder(asPostgres).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(90, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
    }
  }

  @Override
  public void close() {
    try {
      if (Files.exists(dir.resolve("data").resolve("postmaster.pid"))) {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(),
            "-w", "-m", "immediate", "stop"));
      }
    } catch (IOException | InterruptedException | IllegalStateException e) {
      System.err.println("throwaway PostgreSQL in " + dir + " did not stop: " + e);
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
