package io.causeway.gateway;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * One entry of {@code _causeway.dns_forwarding}: names under any of {@code domains} are resolved by
 * {@code servers}, tried in order.
 *
 * @param domains lower case, without a trailing dot
 * @param servers IP literals, optionally with {@code :port} (IPv6 then in brackets, e.g. {@code
 *     [::1]:5353}); port 53 when absent
 */
record DnsForwardingEntry(List<String> domains, List<String> servers) {

  static final int DEFAULT_DNS_PORT = 53;

  DnsForwardingEntry {
    domains = domains.stream().map(DnsForwardingEntry::normaliseDomain).toList();
    servers = List.copyOf(servers);
    if (domains.isEmpty()) {
      throw new IllegalArgumentException("domain_proxy_list: must not be empty");
    }
    if (servers.isEmpty()) {
      throw new IllegalArgumentException("remote_dns_server_ip_addresses: must not be empty");
    }
    servers.forEach(DnsForwardingEntry::parseServer);
  }

  /** The servers as socket addresses; IP literals only, so nothing is resolved. */
  List<InetSocketAddress> serverAddresses() {
    return servers.stream().map(DnsForwardingEntry::parseServer).toList();
  }

  static String normaliseDomain(String domain) {
    String d = domain.trim().toLowerCase(Locale.ROOT);
    return d.endsWith(".") ? d.substring(0, d.length() - 1) : d;
  }

  /**
   * Parses {@code 10.0.0.2}, {@code 10.0.0.2:5353}, {@code ::1}, {@code [::1]} or {@code
   * [::1]:5353}.
   *
   * @throws IllegalArgumentException when the text is not an IP literal with an optional port
   */
  static InetSocketAddress parseServer(String text) {
    String host = text;
    int port = DEFAULT_DNS_PORT;
    if (text.startsWith("[")) {
      int close = text.indexOf(']');
      if (close < 0) {
        throw badServer(text);
      }
      host = text.substring(1, close);
      String rest = text.substring(close + 1);
      if (!rest.isEmpty()) {
        if (!rest.startsWith(":")) {
          throw badServer(text);
        }
        port = parsePort(text, rest.substring(1));
      }
    } else if (text.indexOf(':') >= 0 && text.indexOf(':') == text.lastIndexOf(':')) {
      host = text.substring(0, text.indexOf(':'));
      port = parsePort(text, text.substring(text.indexOf(':') + 1));
    }
    if (!HostMatcher.isIpLiteral(host)) {
      throw badServer(text);
    }
    try {
      return new InetSocketAddress(InetAddress.getByName(host), port);
    } catch (UnknownHostException e) {
      throw badServer(text);
    }
  }

  private static int parsePort(String text, String digits) {
    try {
      int port = Integer.parseInt(digits);
      if (port >= 1 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below with the whole value
    }
    throw badServer(text);
  }

  private static IllegalArgumentException badServer(String text) {
    return new IllegalArgumentException(
        text + " (expected: an IP address, optionally with :port; IPv6 with a port in brackets)");
  }
}
