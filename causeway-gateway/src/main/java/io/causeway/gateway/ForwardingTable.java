package io.causeway.gateway;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The forwarding table of {@code _causeway.dns_forwarding}: which entry's servers resolve a name.
 * The longest domain that is a suffix of the name on a label boundary wins, so
 * {@code a.b.corp.example} picks {@code b.corp.example} over {@code corp.example}, and
 * {@code xcorp.example} matches neither. Immutable and safe to share across threads.
 */
final class ForwardingTable {

  private static final ForwardingTable EMPTY = new ForwardingTable(List.of());

  private final List<DnsForwardingEntry> entries;
  private final Map<String, DnsForwardingEntry> byDomain;

  private ForwardingTable(List<DnsForwardingEntry> entries) {
    this.entries = List.copyOf(entries);
    Map<String, DnsForwardingEntry> map = new HashMap<>();
    // The same domain in two entries is ambiguous; the first entry keeps it, as in file order.
    for (DnsForwardingEntry entry : this.entries) {
      for (String domain : entry.domains()) {
        map.putIfAbsent(domain, entry);
      }
    }
    this.byDomain = Map.copyOf(map);
  }

  static ForwardingTable of(List<DnsForwardingEntry> entries) {
    return entries.isEmpty() ? EMPTY : new ForwardingTable(entries);
  }

  static ForwardingTable empty() {
    return EMPTY;
  }

  List<DnsForwardingEntry> entries() {
    return entries;
  }

  boolean isEmpty() {
    return entries.isEmpty();
  }

  /** The entry whose longest domain covers {@code name}, with that domain. */
  Optional<Match> match(String name) {
    if (byDomain.isEmpty()) {
      return Optional.empty();
    }
    String candidate = normalise(name);
    while (!candidate.isEmpty()) {
      DnsForwardingEntry entry = byDomain.get(candidate);
      if (entry != null) {
        return Optional.of(new Match(candidate, entry));
      }
      int dot = candidate.indexOf('.');
      if (dot < 0) {
        return Optional.empty();
      }
      candidate = candidate.substring(dot + 1);
    }
    return Optional.empty();
  }

  static String normalise(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
  }

  /** The domain that matched and the entry that owns it. */
  record Match(String domain, DnsForwardingEntry entry) {}

  @Override
  public String toString() {
    return "ForwardingTable" + entries;
  }
}
