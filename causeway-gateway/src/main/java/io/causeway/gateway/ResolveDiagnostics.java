package io.causeway.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a name resolves now, for {@code GET /diagnostics/resolve?name=...} on the status port:
 * which forwarding entry matched, which server answered, the addresses, the TTL left and whether
 * the answer came from the cache.
 *
 * @param resolver {@code forwarder}, {@code system} (no entry matched) or {@code literal}
 * @param outcome {@code found}, {@code nxdomain}, {@code nodata} or {@code unreachable}
 * @param ttlLeftSeconds 0 once expired (a stale answer) and for the system resolver
 */
record ResolveDiagnostics(
    String name,
    String resolver,
    Optional<String> matchedDomain,
    List<String> entryDomains,
    List<String> entryServers,
    Optional<String> server,
    String outcome,
    List<String> addresses,
    long ttlLeftSeconds,
    boolean fromCache,
    boolean stale,
    Optional<String> error) {

  private static final ObjectMapper JSON = new ObjectMapper();

  ResolveDiagnostics {
    entryDomains = List.copyOf(entryDomains);
    entryServers = List.copyOf(entryServers);
    addresses = List.copyOf(addresses);
  }

  static ResolveDiagnostics system(String name, boolean literal, InetAddress address) {
    return new ResolveDiagnostics(name, literal ? "literal" : "system", Optional.empty(), List.of(),
        List.of(), Optional.empty(), "found", List.of(address.getHostAddress()), 0, false, false,
        Optional.empty());
  }

  static ResolveDiagnostics systemFailure(String name, String error) {
    return new ResolveDiagnostics(name, "system", Optional.empty(), List.of(), List.of(),
        Optional.empty(), "unreachable", List.of(), 0, false, false, Optional.of(error));
  }

  static ResolveDiagnostics forwarded(String name, ForwardingTable.Match match,
      DnsAnswerCache.Entry entry, boolean fromCache, long now) {
    DnsAnswer answer = entry.answer();
    String outcome = switch (answer) {
      case DnsAnswer.Found f -> "found";
      case DnsAnswer.NotFound n -> n.nxdomain() ? "nxdomain" : "nodata";
      case DnsAnswer.Unreachable u -> "unreachable";
      case DnsAnswer.Alias a -> "alias";
    };
    List<String> addresses = answer instanceof DnsAnswer.Found f
        ? f.addresses().stream().map(InetAddress::getHostAddress).toList() : List.of();
    Optional<String> error = answer instanceof DnsAnswer.Unreachable u
        ? Optional.of(u.reason()) : Optional.empty();
    Optional<String> server = answer instanceof DnsAnswer.Unreachable
        ? Optional.empty() : Optional.of(answer.server());
    long ttlLeft = Math.max(0, (entry.expiresAt() - now + 999) / 1000);
    return new ResolveDiagnostics(name, "forwarder", Optional.of(match.domain()),
        match.entry().domains(), match.entry().servers(), server, outcome, addresses, ttlLeft,
        fromCache, entry.stale() || now >= entry.expiresAt(), error);
  }

  /** The JSON object served on the status port, snake_case like the rest of the API. */
  Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("name", name);
    map.put("resolver", resolver);
    map.put("matched_domain", matchedDomain.orElse(null));
    map.put("entry", matchedDomain.isEmpty() ? null
        : Map.of("domain_proxy_list", entryDomains, "remote_dns_server_ip_addresses", entryServers));
    map.put("server", server.orElse(null));
    map.put("outcome", outcome);
    map.put("addresses", addresses);
    map.put("ttl_left_seconds", ttlLeftSeconds);
    map.put("from_cache", fromCache);
    map.put("stale", stale);
    map.put("error", error.orElse(null));
    return map;
  }

  String toJson() {
    try {
      return JSON.writeValueAsString(toMap());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("diagnostics are plain maps and lists", e);
    }
  }
}
