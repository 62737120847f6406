package io.causeway.gateway;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;

/**
 * Kong's request-path handling ({@code kong/tools/uri.lua}): normalisation before routing and
 * escaping before proxying.
 *
 * <p>Paths are handled as byte strings: each {@code char} holds one byte (ISO-8859-1 view), which
 * is how Netty hands over the request line. Percent-decoding therefore yields raw bytes, exactly as
 * Kong's byte-oriented Lua does, and {@link #escape} turns them back into {@code %XX}.
 */
final class RouterPath {
  private RouterPath() {}

  /** RFC 3986 reserved characters (plus {@code %}): their triplets stay encoded. */
  private static final String RESERVED = "!*'();:@&=+$,/?%#[]";

  /** Characters sent upstream as they are; everything else is percent-escaped. */
  private static final String SAFE_PUNCTUATION = "!#$&'()*+,/:;=?@[]-_.~%";

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  /** Which ASCII characters {@link #escape} keeps: a table, as it runs over every request path. */
  private static final boolean[] SAFE = new boolean[128];

  static {
    for (char c = 0; c < 128; c++) {
      SAFE[c] =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || SAFE_PUNCTUATION.indexOf(c) >= 0;
    }
  }

  /**
   * Percent-decodes unreserved and other characters (reserved ones stay encoded, upper-cased),
   * removes {@code .} and {@code ..} segments and merges repeated slashes.
   */
  static String normalize(String rawPath) {
    if (isNormal(rawPath)) {
      return rawPath;
    }
    String uri = byteView(rawPath);
    if (uri.isEmpty() || uri.equals("/")) {
      return uri;
    }
    if (uri.indexOf('%') >= 0) {
      uri = decodeUnreserved(uri);
    }
    if ((uri.indexOf('.') < 0 || (uri.charAt(0) == '/' && !hasDotSegment(uri))) && !uri.contains("//")) {
      // Nothing to remove; a dot inside a segment (/1k.txt) is common and needs no rewrite.
      return uri;
    }
    return removeDotSegments(uri);
  }

  /**
   * Whether {@link #normalize} would return the path as it is: absolute, bytes only, no {@code %},
   * no {@code //}, no dot segment. One pass, as it runs on every request and nearly always holds.
   */
  private static boolean isNormal(String uri) {
    int n = uri.length();
    if (n == 0 || uri.charAt(0) != '/') {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = uri.charAt(i);
      if (c > 0xff || c == '%') {
        return false;
      }
      if (c == '/' && i + 1 < n) {
        char next = uri.charAt(i + 1);
        int j = i + 2;
        if (next == '/'
            || (next == '.' && (j == n || uri.charAt(j) == '/'))
            || (next == '.'
                && uri.charAt(j) == '.'
                && (j + 1 == n || uri.charAt(j + 1) == '/'))) {
          return false;
        }
      }
    }
    return true;
  }

  /** Whether a segment of an absolute path is {@code .} or {@code ..}. */
  private static boolean hasDotSegment(String uri) {
    for (int i = uri.indexOf("/."); i >= 0; i = uri.indexOf("/.", i + 1)) {
      int j = i + 2;
      if (j == uri.length() || uri.charAt(j) == '/') {
        return true;
      }
      if (uri.charAt(j) == '.' && (j + 1 == uri.length() || uri.charAt(j + 1) == '/')) {
        return true;
      }
    }
    return false;
  }

  private static String decodeUnreserved(String uri) {
    StringBuilder out = new StringBuilder(uri.length());
    for (int i = 0; i < uri.length(); i++) {
      char c = uri.charAt(i);
      if (c == '%' && i + 2 < uri.length()) {
        int hi = Character.digit(uri.charAt(i + 1), 16);
        int lo = Character.digit(uri.charAt(i + 2), 16);
        if (hi >= 0 && lo >= 0) {
          char decoded = (char) (hi * 16 + lo);
          if (RESERVED.indexOf(decoded) >= 0) {
            out.append('%').append(HEX[hi]).append(HEX[lo]);
          } else {
            out.append(decoded);
          }
          i += 2;
          continue;
        }
      }
      out.append(c);
    }
    return out.toString();
  }

  /** RFC 3986 §5.2.4 as Kong implements it, merging {@code //} too. */
  private static String removeDotSegments(String input) {
    StringBuilder out = new StringBuilder(input.length());
    int[] segmentStarts = new int[input.length() + 1];
    int segments = 0;
    String uri = input;
    while (!uri.isEmpty()) {
      if (uri.equals("/.")) {
        uri = "/";
      } else if (uri.equals("/..")) {
        uri = "/";
        segments = dropLast(out, segmentStarts, segments);
      } else if (uri.equals(".") || uri.equals("..")) {
        uri = "";
      } else if (uri.startsWith("../")) {
        uri = uri.substring(3);
      } else if (uri.startsWith("./")) {
        uri = uri.substring(2);
      } else if (uri.startsWith("/./")) {
        uri = uri.substring(2);
      } else if (uri.startsWith("/../")) {
        uri = uri.substring(3);
        segments = dropLast(out, segmentStarts, segments);
      } else if (uri.startsWith("//")) {
        uri = uri.substring(1);
      } else {
        int next = uri.indexOf('/', 1);
        segmentStarts[segments++] = out.length();
        if (next >= 0) {
          out.append(uri, 0, next);
          uri = uri.substring(next);
        } else {
          out.append(uri);
          uri = "";
        }
      }
    }
    return out.toString();
  }

  private static int dropLast(StringBuilder out, int[] starts, int segments) {
    if (segments == 0) {
      return 0;
    }
    out.setLength(starts[segments - 1]);
    return segments - 1;
  }

  /**
   * Kong's {@code sanitize_uri_postfix}: a remainder that starts with a dot segment loses it, so
   * {@code /route./x} stripped of {@code /route} continues with {@code x}.
   */
  static String sanitizePostfix(String postfix) {
    if (postfix.isEmpty()) {
      return postfix;
    }
    if (postfix.equals(".") || postfix.equals("..")) {
      return "";
    }
    if (postfix.startsWith("./")) {
      return postfix.substring(2);
    }
    if (postfix.startsWith("../")) {
      return postfix.substring(3);
    }
    return postfix;
  }

  /** Percent-escapes every byte outside RFC 3986's unreserved and reserved sets. */
  static String escape(String bytePath) {
    StringBuilder out = null;
    for (int i = 0; i < bytePath.length(); i++) {
      char c = bytePath.charAt(i);
      if (c < 128 && SAFE[c]) {
        if (out != null) {
          out.append(c);
        }
        continue;
      }
      if (out == null) {
        out = new StringBuilder(bytePath.length() + 16).append(bytePath, 0, i);
      }
      out.append('%').append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
    }
    return out == null ? bytePath : out.toString();
  }

  /**
   * The byte view of a string: unchanged when every char is a byte already, else its UTF-8 encoding
   * (a path given as Unicode text, e.g. a route path from a configuration file).
   */
  static String byteView(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) > 0xff) {
        return new String(text.getBytes(UTF_8), ISO_8859_1);
      }
    }
    return text;
  }

  /** Route paths are Unicode text; requests arrive as bytes, so compare their UTF-8 bytes. */
  static String configuredToByteView(String configured) {
    for (int i = 0; i < configured.length(); i++) {
      if (configured.charAt(i) > 0x7f) {
        return new String(configured.getBytes(UTF_8), ISO_8859_1);
      }
    }
    return configured;
  }

  /** Turns a byte view back into text: UTF-8 when the bytes are valid UTF-8, else ISO-8859-1. */
  static String toText(String byteView) {
    boolean ascii = byteView.chars().allMatch(c -> c < 0x80);
    if (ascii) {
      return byteView;
    }
    try {
      return UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(byteView.getBytes(ISO_8859_1)))
          .toString();
    } catch (CharacterCodingException e) {
      return byteView;
    }
  }
}
