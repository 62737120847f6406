package io.causeway.gateway;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http2.HttpConversionUtil;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.Iterator;
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
    // Per request on both legs: no list, and no substring for the usual tokens (keep-alive,
    // upgrade), only for a token that names another header to drop.
    Iterator<? extends CharSequence> values = headers.valueCharSequenceIterator(HttpHeaderNames.CONNECTION);
    List<String> named = null;
    while (values.hasNext()) {
      CharSequence value = values.next();
      int start = 0;
      int length = value.length();
      while (start <= length) {
        int end = start;
        while (end < length && value.charAt(end) != ',') {
          end++;
        }
        int from = start;
        int to = end;
        while (from < to && isSpace(value.charAt(from))) {
          from++;
        }
        while (to > from && isSpace(value.charAt(to - 1))) {
          to--;
        }
        if (to > from) {
          if (regionIs(value, from, to, HttpHeaderValues.UPGRADE)) {
            String upgrade = headers.get(HttpHeaderNames.UPGRADE);
            websocket |= upgrade != null && upgrade.trim().equalsIgnoreCase("websocket");
          } else if (!isHopByHop(value, from, to)) {
            if (named == null) {
              named = new ArrayList<>(2);
            }
            named.add(value.subSequence(from, to).toString());
          }
        }
        start = end + 1;
      }
    }
    if (named != null) {
      for (String name : named) {
        headers.remove(name);
      }
    }
    for (AsciiString name : HOP_BY_HOP) {
      headers.remove(name);
    }
    return websocket;
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t';
  }

  private static boolean regionIs(CharSequence value, int from, int to, AsciiString word) {
    return to - from == word.length() && AsciiString.regionMatches(value, true, from, word, 0, word.length());
  }

  private static boolean isHopByHop(CharSequence value, int from, int to) {
    for (AsciiString name : HOP_BY_HOP) {
      if (regionIs(value, from, to, name)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the field name {@code a[s, s + n)} is a hop-by-hop one, in any case (no copy). */
  static boolean isHopByHopName(byte[] a, int s, int n) {
    for (AsciiString name : HOP_BY_HOP) {
      if (nameIs(a, s, n, name)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the token {@code a[s, s + n)} spells {@code name} (letters, digits, '-') in any case. */
  static boolean nameIs(byte[] a, int s, int n, AsciiString name) {
    if (n != name.length()) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      // `| 0x20` folds A-Z and leaves '-' and digits as they are.
      if ((a[s + i] | 0x20) != (name.byteAt(i) | 0x20)) {
        return false;
      }
    }
    return true;
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
      CharSequence via) {
    String xff = headers.get(X_FORWARDED_FOR);
    headers.set(X_FORWARDED_FOR, xff == null || xff.isBlank() ? clientIp : xff + ", " + clientIp);
    headers.set(X_FORWARDED_PROTO, "https".equals(proto) ? HTTPS : HTTP);
    headers.set(X_FORWARDED_HOST, hostWithoutPort(clientHost));
    headers.set(X_FORWARDED_PORT, portText(localPort));
    if (prefix.isPresent()) {
      headers.set(X_FORWARDED_PREFIX, prefix.get());
    } else {
      headers.remove(X_FORWARDED_PREFIX);
    }
    headers.set(X_REAL_IP, clientIp);
    appendVia(headers, via);
  }

  private static final AsciiString[] PORT_TEXT = new AsciiString[65536];
  // Header values the proxy sets on every request, as ASCII bytes the encoder copies in bulk.
  private static final AsciiString HTTP = AsciiString.cached("http");
  private static final AsciiString HTTPS = AsciiString.cached("https");

  /** A port as text, made once per port: listeners are few and every request names one. */
  private static AsciiString portText(int port) {
    if (port < 0 || port >= PORT_TEXT.length) {
      return AsciiString.of(Integer.toString(port));
    }
    AsciiString text = PORT_TEXT[port];
    if (text == null) {
      // A benign race: two threads may both make the same immutable value.
      text = AsciiString.cached(Integer.toString(port));
      PORT_TEXT[port] = text;
    }
    return text;
  }

  static void appendVia(HttpHeaders headers, CharSequence via) {
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
