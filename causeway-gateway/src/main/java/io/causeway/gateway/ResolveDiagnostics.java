package io.causeway.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
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

  static final String PATH = "/diagnostics/resolve";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_NAME_LENGTH = 253;

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
      case DnsAnswer.Services v -> "found";
      case DnsAnswer.NotFound n -> n.nxdomain() ? "nxdomain" : "nodata";
      case DnsAnswer.Unreachable u -> "unreachable";
      case DnsAnswer.Alias a -> "alias";
    };
    List<String> addresses = switch (answer) {
      case DnsAnswer.Found f -> f.addresses().stream().map(InetAddress::getHostAddress).toList();
      case DnsAnswer.Services v -> v.records().stream()
          .map(r -> r.target() + ":" + r.port() + " (priority " + r.priority() + ", weight " + r.weight() + ")")
          .toList();
      default -> List.of();
    };
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

  /** A status-port answer: HTTP status and JSON body. */
  record Reply(int status, String json) {}

  /**
   * Answers {@code GET /diagnostics/resolve?name=...} ({@code uri} as received, query included).
   * The future completes on {@code loop}; it never fails (a bad name is a 400 reply).
   */
  static Future<Reply> serve(HostResolver resolver, String uri, EventLoop loop) {
    List<String> names = new QueryStringDecoder(uri).parameters().getOrDefault("name", List.of());
    String name = names.isEmpty() ? "" : names.get(0).trim();
    Optional<String> problem = checkName(name);
    if (problem.isPresent()) {
      return loop.newSucceededFuture(new Reply(400, message(problem.get())));
    }
    if (!(resolver instanceof ForwardingResolver forwarding)) {
      return loop.newSucceededFuture(new Reply(404, message("DNS forwarding is not in use")));
    }
    Promise<Reply> promise = loop.newPromise();
    forwarding.diagnose(name, loop).addListener(f -> promise.trySuccess(f.isSuccess()
        ? new Reply(200, ((ResolveDiagnostics) f.getNow()).toJson())
        : new Reply(500, message("diagnosis failed: " + f.cause().getMessage()))));
    return promise;
  }

  private static Optional<String> checkName(String name) {
    if (name.isEmpty()) {
      return Optional.of("name: required (expected: ?name=<host name>)");
    }
    if (name.length() > MAX_NAME_LENGTH) {
      return Optional.of("name: " + name.length() + " characters (expected: at most " + MAX_NAME_LENGTH + ")");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '.' || c == '-' || c == '_' || c == ':';
      if (!ok) {
        return Optional.of("name: " + name + " (expected: a host name or IP address)");
      }
    }
    return Optional.empty();
  }

  private static String message(String text) {
    try {
      return JSON.writeValueAsString(Map.of("message", text));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a one-entry map always serialises", e);
    }
  }
}
