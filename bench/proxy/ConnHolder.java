// Keep-alive connection holder for bench/conns-bench.sh: opens COUNT connections to
// 127.0.0.1:PORT, sends one GET PATH on each and reads the response, prints "holding COUNT", keeps
// them all open for HOLD_SECONDS, then sends a second GET on each to prove they stayed open, and
// prints "reused N of COUNT". Run with: java bench/proxy/ConnHolder.java PORT PATH COUNT HOLD_SECONDS
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

public class ConnHolder {
  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    byte[] request = ("GET " + args[1] + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    int count = Integer.parseInt(args[2]);
    List<Socket> sockets = new ArrayList<>();
    List<InputStream> inputs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Socket socket = new Socket();
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      socket.setSoTimeout(10_000);
      sockets.add(socket);
      inputs.add(new BufferedInputStream(socket.getInputStream()));
      exchange(socket, inputs.get(i), request);
    }
    System.out.println("holding " + count);
    Thread.sleep(Long.parseLong(args[3]) * 1000);
    int reused = 0;
    for (int i = 0; i < count; i++) {
      try {
        exchange(sockets.get(i), inputs.get(i), request);
        reused++;
      } catch (IOException e) {
        // counted as not reused
      }
    }
    System.out.println("reused " + reused + " of " + count);
    for (Socket socket : sockets) {
      socket.close();
    }
  }

  static void exchange(Socket socket, InputStream in, byte[] request) throws IOException {
    socket.getOutputStream().write(request);
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed");
      }
      head.write(b);
      matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    String text = head.toString(StandardCharsets.US_ASCII);
    if (!text.startsWith("HTTP/1.1 200")) {
      throw new IOException("unexpected " + text.lines().findFirst().orElse(""));
    }
    long length = text.lines().filter(l -> l.toLowerCase().startsWith("content-length:"))
        .mapToLong(l -> Long.parseLong(l.substring(15).trim())).findFirst()
        .orElseThrow(() -> new IOException("no content-length"));
    in.skipNBytes(length);
  }
}
