package io.causeway.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;

/**
 * A deliberately simple HTTP/1.1 origin on loopback that can misbehave, chosen by path:
 * {@code /reset} (TCP RST, no response), {@code /stall} (never answers), {@code /garbage} (bytes
 * that are not HTTP), {@code /status/N}, {@code /big/N} (N bytes, chunked), {@code /ws} (101 then
 * echoes raw bytes), {@code /close} (answers with Connection: close); anything else echoes the
 * request as JSON with the body's length and CRC32. Bodies are never held in memory whole.
 */
final class FakeUpstream implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A request as the origin saw it; header names lower-case. */
  record Seen(String method, String target, Map<String, List<String>> headers, long bodyLength) {
    String header(String name) {
      List<String> v = headers.get(name);
      return v == null || v.isEmpty() ? null : v.get(0);
    }
  }

  private final ServerSocket server;
  private final AtomicInteger connections = new AtomicInteger();
  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final Thread acceptor;

  FakeUpstream() throws IOException {
    this(new ServerSocket());
  }

  private FakeUpstream(ServerSocket socket) throws IOException {
    server = socket;
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    acceptor = Thread.ofVirtual().start(this::acceptLoop);
  }

  /** The same origin behind TLS, with the self-signed test certificate in {@code tls/}. */
  static FakeUpstream tls() throws Exception {
    byte[] der = java.util.Base64.getMimeDecoder().decode(resource("tls/key.pem")
        .replaceAll("-----[A-Z ]+-----", ""));
    java.security.PrivateKey key = java.security.KeyFactory.getInstance("RSA")
        .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(der));
    java.security.cert.Certificate cert = java.security.cert.CertificateFactory.getInstance("X.509")
        .generateCertificate(new java.io.ByteArrayInputStream(resource("tls/cert.pem").getBytes(StandardCharsets.US_ASCII)));
    java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry("origin", key, new char[0], new java.security.cert.Certificate[] {cert});
    javax.net.ssl.KeyManagerFactory kmf =
        javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, new char[0]);
    javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), null, null);
    return new FakeUpstream(ctx.getServerSocketFactory().createServerSocket());
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = FakeUpstream.class.getClassLoader().getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    }
  }

  int port() {
    return server.getLocalPort();
  }

  int connections() {
    return connections.get();
  }

  List<Seen> seen() {
    return List.copyOf(seen);
  }

  Seen last() {
    return seen.get(seen.size() - 1);
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        connections.incrementAndGet();
        sockets.add(s);
        Thread.ofVirtual().start(() -> serve(s));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket s) {
    try (s) {
      InputStream in = new BufferedInputStream(s.getInputStream(), 65536);
      OutputStream out = s.getOutputStream();
      while (true) {
        String line = readLine(in);
        if (line == null || line.isEmpty()) {
          return;
        }
        String[] parts = line.split(" ");
        Map<String, List<String>> headers = readHeaders(in);
        String path = parts[1];
        if (!handle(s, in, out, parts[0], path, headers)) {
          return;
        }
      }
    } catch (IOException | RuntimeException e) {
      // The proxy closed or reset the connection; nothing to do.
    }
  }

  private boolean handle(
      Socket s, InputStream in, OutputStream out, String method, String path, Map<String, List<String>> headers)
      throws IOException {
    if (path.startsWith("/reset")) {
      s.setSoLinger(true, 0);
      return false;
    }
    if (path.startsWith("/garbage")) {
      out.write("SSH-2.0-nonsense\r\n\r\n\0\0\0".getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      return false;
    }
    if (path.startsWith("/bad-line-then-stall") || path.startsWith("/alien-then-stall")) {
      String part = path.startsWith("/alien")
          ? "SSH-2.0-OpenSSH_9.6"
          : "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nBad Header: x\r\n";
      out.write(part.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      while (in.read() >= 0) {
        // Hold the connection open: the proxy must not wait for the rest.
      }
      return false;
    }
    if (path.startsWith("/stall")) {
      while (in.read() >= 0) {
        // Hold the connection open until the proxy gives up.
      }
      return false;
    }
    if ("100-continue".equalsIgnoreCase(first(headers, "expect"))) {
      out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
    }
    long[] body = readBody(in, headers);
    seen.add(new Seen(method, path, headers, body[0]));
    if (path.startsWith("/ws")) {
      out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
              + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      in.transferTo(out);
      return false;
    }
    if (path.startsWith("/status/")) {
      int code = Integer.parseInt(path.substring("/status/".length()));
      respond(out, code, "text/plain", ("status " + code).getBytes(StandardCharsets.UTF_8), false);
      return true;
    }
    if (path.startsWith("/slow/")) {
      try {
        Thread.sleep(Long.parseLong(path.substring("/slow/".length())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
      respond(out, 200, "text/plain", "slow".getBytes(StandardCharsets.UTF_8), false);
      return true;
    }
    if (path.startsWith("/big/")) {
      streamBig(out, Long.parseLong(path.substring("/big/".length())), method.equals("HEAD"));
      return true;
    }
    boolean close = path.startsWith("/close");
    Map<String, Object> echo = new LinkedHashMap<>();
    echo.put("method", method);
    echo.put("target", path);
    echo.put("headers", headers);
    echo.put("body_length", body[0]);
    echo.put("body_crc32", body[1]);
    respond(out, 200, "application/json", JSON.writeValueAsBytes(echo), close);
    return !close;
  }

  private static void respond(OutputStream out, int code, String type, byte[] body, boolean close) throws IOException {
    String head = "HTTP/1.1 " + code + " X\r\nContent-Type: " + type + "\r\nContent-Length: " + body.length
        + "\r\nKeep-Alive: timeout=5\r\nX-Origin: fake\r\n" + (close ? "Connection: close\r\n" : "") + "\r\n";
    out.write(head.getBytes(StandardCharsets.ISO_8859_1));
    out.write(body);
    out.flush();
  }

  private static void streamBig(OutputStream out, long n, boolean head) throws IOException {
    out.write("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
        .getBytes(StandardCharsets.ISO_8859_1));
    if (!head) {
      byte[] chunk = pattern(65536);
      long left = n;
      while (left > 0) {
        int len = (int) Math.min(chunk.length, left);
        out.write((Integer.toHexString(len) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(chunk, 0, len);
        out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        left -= len;
      }
      out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    }
    out.flush();
  }

  /** The bytes {@code /big/N} sends: 0..250 repeating, so a CRC pins content and order. */
  static byte[] pattern(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i % 251);
    }
    return b;
  }

  private static long[] readBody(InputStream in, Map<String, List<String>> headers) throws IOException {
    CRC32 crc = new CRC32();
    long total = 0;
    byte[] buf = new byte[65536];
    if ("chunked".equalsIgnoreCase(first(headers, "transfer-encoding"))) {
      while (true) {
        String size = readLine(in);
        int semi = size.indexOf(';');
        long len = Long.parseLong((semi >= 0 ? size.substring(0, semi) : size).trim(), 16);
        if (len == 0) {
          while (!readLine(in).isEmpty()) {
            // trailers
          }
          break;
        }
        total += copy(in, len, buf, crc);
        readLine(in);
      }
    } else if (first(headers, "content-length") != null) {
      total = copy(in, Long.parseLong(first(headers, "content-length")), buf, crc);
    }
    return new long[] {total, crc.getValue()};
  }

  private static long copy(InputStream in, long len, byte[] buf, CRC32 crc) throws IOException {
    long left = len;
    while (left > 0) {
      int r = in.read(buf, 0, (int) Math.min(buf.length, left));
      if (r < 0) {
        throw new IOException("body ended early");
      }
      crc.update(buf, 0, r);
      left -= r;
    }
    return len;
  }

  private static String first(Map<String, List<String>> headers, String name) {
    List<String> v = headers.get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  private static Map<String, List<String>> readHeaders(InputStream in) throws IOException {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    String line;
    while ((line = readLine(in)) != null && !line.isEmpty()) {
      int colon = line.indexOf(':');
      headers.computeIfAbsent(line.substring(0, colon).toLowerCase(Locale.ROOT), k -> new ArrayList<>())
          .add(line.substring(colon + 1).trim());
    }
    return headers;
  }

  static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        byte[] bytes = b.toByteArray();
        int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, len, StandardCharsets.ISO_8859_1);
      }
      b.write(c);
    }
    return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : sockets) {
      s.close();
    }
    acceptor.interrupt();
  }
}
