package io.causeway.gateway;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** A raw-socket HTTP/1.1 client for requests no well-behaved client would send. */
final class RawHttp implements AutoCloseable {

  /** One response: status, lower-case headers, body text. */
  record Response(int status, Map<String, String> headers, String body) {}

  private final Socket socket;
  private final InputStream in;

  RawHttp(int port) throws IOException {
    socket = new Socket(InetAddress.getLoopbackAddress(), port);
    socket.setSoTimeout(10_000);
    in = new BufferedInputStream(socket.getInputStream());
  }

  RawHttp send(String raw) throws IOException {
    socket.getOutputStream().write(raw.getBytes(StandardCharsets.ISO_8859_1));
    socket.getOutputStream().flush();
    return this;
  }

  /** Reads one response (Content-Length, chunked or close-delimited body). */
  Response read() throws IOException {
    String status = FakeUpstream.readLine(in);
    if (status == null) {
      throw new IOException("connection closed before a response");
    }
    Map<String, String> headers = new LinkedHashMap<>();
    String line;
    while ((line = FakeUpstream.readLine(in)) != null && !line.isEmpty()) {
      int colon = line.indexOf(':');
      headers.merge(line.substring(0, colon).toLowerCase(Locale.ROOT), line.substring(colon + 1).trim(), (a, b) -> a + ", " + b);
    }
    int code = Integer.parseInt(status.split(" ")[1]);
    String body;
    if (headers.containsKey("content-length")) {
      body = new String(in.readNBytes(Integer.parseInt(headers.get("content-length"))), StandardCharsets.UTF_8);
    } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      StringBuilder sb = new StringBuilder();
      while (true) {
        int len = Integer.parseInt(FakeUpstream.readLine(in).trim(), 16);
        if (len == 0) {
          FakeUpstream.readLine(in);
          break;
        }
        sb.append(new String(in.readNBytes(len), StandardCharsets.UTF_8));
        FakeUpstream.readLine(in);
      }
      body = sb.toString();
    } else if (code == 101 || code == 204 || code == 304 || code < 200) {
      body = "";
    } else {
      body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    return new Response(code, headers, body);
  }

  /** True when the proxy closed the connection (EOF) within the socket timeout. */
  boolean isClosedByPeer() throws IOException {
    try {
      return in.read() < 0;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  InputStream input() {
    return in;
  }

  Socket socket() {
    return socket;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
