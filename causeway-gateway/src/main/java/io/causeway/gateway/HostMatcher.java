package io.causeway.gateway;

/** Host name helpers shared by the router and the loader. */
final class HostMatcher {
  private HostMatcher() {}

  /** True for an IPv4 dotted quad or an IPv6 literal (without brackets). */
  static boolean isIpLiteral(String host) {
    return isIpv4(host) || isIpv6(host);
  }

  static boolean isIpv4(String host) {
    String[] parts = host.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String p : parts) {
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
        return false;
      }
      if (Integer.parseInt(p) > 255) {
        return false;
      }
    }
    return true;
  }

  static boolean isIpv6(String host) {
    if (host.indexOf(':') < 0 || host.isEmpty()) {
      return false;
    }
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      boolean ok =
          (c >= '0' && c <= '9')
              || (c >= 'a' && c <= 'f')
              || (c >= 'A' && c <= 'F')
              || c == ':'
              || c == '.';
      if (!ok) {
        return false;
      }
    }
    try {
      return java.net.InetAddress.getByName(host) instanceof java.net.Inet6Address;
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }
}
