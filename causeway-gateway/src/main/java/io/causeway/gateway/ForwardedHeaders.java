package io.causeway.gateway;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http2.HttpConversionUtil;
import io.netty.util.AsciiString;
import java.util.List;

/** Header rewriting on both legs: hop-by-hop removal (RFC 9110 §7.6.1) and proxy headers. */
final class ForwardedHeaders {

  private static final List<AsciiString> HOP_BY_HOP =
      List.of(
          HttpHeaderNames.CONNECTION,
          AsciiString.cached("keep-alive"),
          AsciiString.cached("proxy-connection"),
          HttpHeaderNames.TE,
          HttpHeaderNames.TRAILER,
          HttpHeaderNames.TRANSFER_ENCODING,
          HttpHeaderNames.UPGRADE,
          HttpHeaderNames.PROXY_AUTHENTICATE);

  // Cached AsciiStrings keep their case-insensitive hash: a String name is rehashed by Netty's
  // header map on every set/get/remove, and these run for every request.
  private static final AsciiString X_FORWARDED_FOR = AsciiString.cached("x-forwarded-for");
  private static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("x-forwarded-proto");
  private static final AsciiString X_FORWARDED_HOST = AsciiString.cached("x-forwarded-host");
  private static final AsciiString X_FORWARDED_PORT = AsciiString.cached("x-forwarded-port");
  private static final AsciiString X_FORWARDED_PREFIX = AsciiString.cached("x-forwarded-prefix");
  private static final AsciiString X_REAL_IP = AsciiString.cached("x-real-ip");
  /** The request id header, spelled as {@link Problems#REQUEST_ID_HEADER} on the wire. */
  static final AsciiString REQUEST_ID = AsciiString.cached(Problems.REQUEST_ID_HEADER);

  private ForwardedHeaders() {}

  /**
   * Removes hop-by-hop headers and the ones the Connection header names. Returns whether the
   * message asked for a websocket upgrade (Connection: upgrade with Upgrade: websocket), which the
   * caller may re-add for the next hop.
   */
  static boolean stripHopByHop(HttpHeaders headers) {
    boolean websocket = false;
    List<String> connection = headers.getAll(HttpHeaderNames.CONNECTION);
    // Per request on both legs: plain loops, no split/stream/list unless a token names a header.
    for (String value : connection) {
      int start = 0;
      while (start <= value.length()) {
        int comma = value.indexOf(',', start);
        int end = comma < 0 ? value.length() : comma;
        String token = value.substring(start, end).trim();
        if (!token.isEmpty()) {
          if (token.equalsIgnoreCase("upgrade")) {
            String upgrade = headers.get(HttpHeaderNames.UPGRADE);
            websocket |= upgrade != null && upgrade.trim().equalsIgnoreCase("websocket");
          } else if (!isHopByHop(token)) {
            headers.remove(token);
          }
        }
        start = end + 1;
      }
    }
    for (AsciiString name : HOP_BY_HOP) {
      headers.remove(name);
    }
    return websocket;
  }

  private static boolean isHopByHop(String token) {
    for (AsciiString name : HOP_BY_HOP) {
      if (name.contentEqualsIgnoreCase(token)) {
        return true;
      }
    }
    return false;
  }

  /** Drops the pseudo-header carriers Netty's HTTP/2-to-HTTP/1 conversion adds. */
  static void stripHttp2Extensions(HttpHeaders headers) {
    for (HttpConversionUtil.ExtensionHeaderNames n : HttpConversionUtil.ExtensionHeaderNames.values()) {
      headers.remove(n.text());
    }
  }

  static void markWebsocketUpgrade(HttpHeaders headers) {
    headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
    headers.set(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET);
  }

  /** Kong's X-Forwarded-* set, X-Real-IP and Via. */
  static void addForwarded(
      HttpHeaders headers,
      String clientIp,
      String proto,
      String clientHost,
      int localPort,
      java.util.Optional<String> prefix,
      String via) {
    String xff = headers.get(X_FORWARDED_FOR);
    headers.set(X_FORWARDED_FOR, xff == null || xff.isBlank() ? clientIp : xff + ", " + clientIp);
    headers.set(X_FORWARDED_PROTO, proto);
    headers.set(X_FORWARDED_HOST, hostWithoutPort(clientHost));
    headers.set(X_FORWARDED_PORT, Integer.toString(localPort));
    if (prefix.isPresent()) {
      headers.set(X_FORWARDED_PREFIX, prefix.get());
    } else {
      headers.remove(X_FORWARDED_PREFIX);
    }
    headers.set(X_REAL_IP, clientIp);
    appendVia(headers, via);
  }

  static void appendVia(HttpHeaders headers, String via) {
    String existing = headers.get(HttpHeaderNames.VIA);
    headers.set(HttpHeaderNames.VIA, existing == null ? via : existing + ", " + via);
  }

  static String hostWithoutPort(String host) {
    if (host.startsWith("[")) {
      int end = host.indexOf(']');
      return end > 0 ? host.substring(0, end + 1) : host;
    }
    int colon = host.lastIndexOf(':');
    return colon >= 0 && host.indexOf(':') == colon ? host.substring(0, colon) : host;
  }
}
