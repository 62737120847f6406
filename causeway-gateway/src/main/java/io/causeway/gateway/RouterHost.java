package io.causeway.gateway;

import java.util.Locale;

/**
 * A host as the router compares it: lower case, IPv6 without brackets, and the port when one was
 * given ({@code -1} otherwise).
 */
record RouterHost(String name, int port) {

  static final int NO_PORT = -1;

  /**
   * Splits {@code example.com}, {@code example.com:8080}, {@code [::1]:8080}, {@code [::1]} or
   * {@code ::1}. A port that is not a number is kept as part of the name, as Kong does.
   */
  static RouterHost parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.startsWith("[")) {
      int close = t.indexOf(']');
      if (close > 0) {
        String name = t.substring(1, close);
        String rest = t.substring(close + 1);
        if (rest.startsWith(":")) {
          int port = parsePort(rest.substring(1));
          return new RouterHost(port == NO_PORT ? t : name, port);
        }
        return new RouterHost(rest.isEmpty() ? name : t, NO_PORT);
      }
      return new RouterHost(t, NO_PORT);
    }
    int colon = t.indexOf(':');
    if (colon < 0 || colon != t.lastIndexOf(':')) {
      return new RouterHost(t, NO_PORT);
    }
    int port = parsePort(t.substring(colon + 1));
    return port == NO_PORT
        ? new RouterHost(t, NO_PORT)
        : new RouterHost(t.substring(0, colon), port);
  }

  private static int parsePort(String digits) {
    return portAt(digits, 0);
  }

  /**
   * The port written from {@code from} to the end of {@code text}, or {@link #NO_PORT} when that is
   * not 1-5 digits up to 65535. Reads in place: a request's Host header is parsed on every lookup.
   */
  static int portAt(String text, int from) {
    int length = text.length() - from;
    if (length <= 0 || length > 5) {
      return NO_PORT;
    }
    int port = 0;
    for (int i = from; i < text.length(); i++) {
      // Character.digit, as Integer.parseInt reads the digits Character.isDigit accepts.
      int d = Character.isDigit(text.charAt(i)) ? Character.digit(text.charAt(i), 10) : -1;
      if (d < 0) {
        return NO_PORT;
      }
      port = port * 10 + d;
    }
    return port <= 65535 ? port : NO_PORT;
  }

  boolean hasPort() {
    return port != NO_PORT;
  }
}
