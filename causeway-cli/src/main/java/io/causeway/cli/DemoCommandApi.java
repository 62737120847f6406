package io.causeway.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code causeway demo serve-api}: the demo's private HTTP API, a tiny JDK HTTP server that
 * answers every GET with a JSON document naming the path it was asked for. The demo starts it
 * inside the customer VNET; hidden from help because nobody needs to run it by hand.
 */
@Command(
    name = DemoCommandApi.NAME,
    hidden = true,
    mixinStandardHelpOptions = true,
    description = {
      "Serve the demo's private HTTP API until stopped (the demo runs this in its VNET).",
      "",
      "Example:",
      "  ./causeway demo serve-api --address 127.0.0.1 --port 8080"
    })
final class DemoCommandApi implements java.util.concurrent.Callable<Integer> {
  static final String NAME = "serve-api";
  static final String DEFAULT_MESSAGE = "hello from the private API inside the customer VNET";

  @Option(names = "--address", defaultValue = "0.0.0.0", description = "Address to bind.")
  String address;

  @Option(names = "--port", defaultValue = "8080", description = "Port to bind.")
  int port;

  @Option(names = "--message", defaultValue = DEFAULT_MESSAGE, description = "What to answer.")
  String message;

  /** The document served for {@code path}: what tests and the demo compare against. */
  static String body(String message, String path) {
    ObjectNode doc = Api.JSON.createObjectNode();
    doc.put("message", message);
    doc.put("path", path);
    return Api.write(doc) + "\n";
  }

  @Override
  public Integer call() throws InterruptedException {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(address, port), 64);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind " + address + ":" + port, e);
    }
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", this::answer);
    server.start();
    System.out.println("demo API listening on " + address + ":" + port);
    System.out.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.stop(0);
                  stopped.countDown();
                }));
    stopped.await();
    return 0;
  }

  private void answer(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] bytes =
          body(message, exchange.getRequestURI().getRawPath()).getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      boolean head = exchange.getRequestMethod().equals("HEAD");
      exchange.sendResponseHeaders(200, head ? -1 : bytes.length);
      if (!head) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
    }
  }
}
