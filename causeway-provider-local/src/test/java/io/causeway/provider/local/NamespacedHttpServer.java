package io.causeway.provider.local;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real HTTP server (Python's {@code http.server}) inside a namespace the test created, serving
 * {@code /hello.txt} with a known body. The namespace is private to the test, so a fixed port is
 * safe. {@link #get} is the client side: a Python process in another namespace.
 */
final class NamespacedHttpServer implements AutoCloseable {
  static final int PORT = 8080;

  /** Prints the body, or the error to stderr with exit code 3. */
  private static final String CLIENT =
      """
      import sys, urllib.request
      try:
          body = urllib.request.urlopen(sys.argv[1], timeout=float(sys.argv[2])).read()
          sys.stdout.write(body.decode())
      except Exception as e:
          sys.stderr.write(type(e).__name__ + ": " + str(e))
          sys.exit(3)
      """;

  private final Process process;
  private final String address;

  private NamespacedHttpServer(Process process, String address) {
    this.process = process;
    this.address = address;
  }

  /** Starts the server in {@code namespace} on {@code address} and waits until it answers there. */
  static NamespacedHttpServer start(
      LocalFixture fixture, String namespace, String address, String body, Path directory) {
    try {
      Files.createDirectories(directory);
      Files.writeString(directory.resolve("hello.txt"), body);
      List<String> command =
          fixture
              .netns
              .ip()
              .netnsExec(
                  namespace,
                  List.of(
                      "python3",
                      "-m",
                      "http.server",
                      "--bind",
                      address,
                      "--directory",
                      directory.toString(),
                      String.valueOf(PORT)));
      Process process =
          new ProcessBuilder(command)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      NamespacedHttpServer server = new NamespacedHttpServer(process, address);
      await("http server on " + address + " in " + namespace)
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> get(fixture, namespace, server.url(), 2).ok());
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String url() {
    return "http://" + address + ":" + PORT + "/hello.txt";
  }

  /** A GET from inside {@code namespace}; exit code 0 and the body on success. */
  static Ip.Result get(LocalFixture fixture, String namespace, String url, int timeoutSeconds) {
    return fixture.python(namespace, CLIENT, url, String.valueOf(timeoutSeconds));
  }

  boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void close() {
    process.destroy();
  }
}
