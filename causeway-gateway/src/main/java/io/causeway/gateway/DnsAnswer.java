package io.causeway.gateway;

import java.net.InetAddress;
import java.util.Comparator;
import java.util.List;

/** What one lookup of a name against an entry's servers gave; the cache decides how long. */
sealed interface DnsAnswer {

  /** Where the answer came from: {@code ip:port} of a forwarder, or the system resolver. */
  String server();

  /**
   * Addresses for the name, IPv4 before IPv6 was asked for.
   *
   * @param ttlSeconds the smallest TTL of the records used, CNAMEs included
   */
  record Found(List<InetAddress> addresses, long ttlSeconds, String server) implements DnsAnswer {
    public Found {
      addresses = List.copyOf(addresses);
      if (addresses.isEmpty()) {
        throw new IllegalArgumentException("addresses: empty (expected: at least one)");
      }
    }
  }

  /**
   * SRV records of a {@code _service._proto.name} name (asked for SRV only, as Kong's resolver
   * does), sorted by priority.
   */
  record Services(List<SrvRecord> records, long ttlSeconds, String server) implements DnsAnswer {
    public Services {
      records = records.stream()
          .sorted(Comparator.comparingInt(SrvRecord::priority)).toList();
      if (records.isEmpty()) {
        throw new IllegalArgumentException("records: empty (expected: at least one)");
      }
    }
  }

  /** One SRV record (RFC 2782); {@code target} lower case, without the trailing dot. */
  record SrvRecord(int priority, int weight, int port, String target) {}

  /**
   * The name is an alias whose target the server did not resolve in the same answer; the target
   * is looked up on its own (it may belong to another entry, or to none).
   */
  record Alias(String target, long ttlSeconds, String server) implements DnsAnswer {}

  /**
   * NXDOMAIN, or NODATA for both A and AAAA.
   *
   * @param soaTtlSeconds the negative TTL from the authority's SOA (RFC 2308 §5), or -1 without
   */
  record NotFound(boolean nxdomain, long soaTtlSeconds, String server) implements DnsAnswer {}

  /** Every server of the entry failed every attempt (timeouts, SERVFAIL, REFUSED...). */
  record Unreachable(String reason) implements DnsAnswer {
    @Override
    public String server() {
      return "none";
    }
  }
}
