// Upload sink for bench/stream-bench.sh: reads every request body to the end, discards it and
// answers 200 with the byte count. Handles content-length and chunked bodies.
// Run with: java bench/proxy/SinkServer.java PORT
import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

public class SinkServer {
  public static void main(String[] args) throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])), 64);
    server.createContext("/", exchange -> {
      long total = 0;
      byte[] buffer = new byte[64 * 1024];
      try (InputStream body = exchange.getRequestBody()) {
        for (int n; (n = body.read(buffer)) > 0; ) {
          total += n;
        }
      }
      byte[] answer = ("received " + total + "\n").getBytes(StandardCharsets.US_ASCII);
      exchange.sendResponseHeaders(200, answer.length);
      exchange.getResponseBody().write(answer);
      exchange.close();
    });
    server.start();
    System.out.println("sink on 127.0.0.1:" + server.getAddress().getPort());
  }
}
