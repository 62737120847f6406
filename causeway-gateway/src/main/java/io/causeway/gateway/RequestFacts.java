package io.causeway.gateway;

import static java.util.Objects.requireNonNull;

import io.causeway.gateway.ServiceDef.Protocol;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What the router looks at in a request.
 *
 * @param method the request method, e.g. {@code GET}
 * @param host the {@code Host} header (or HTTP/2 {@code :authority}) as received, possibly with a
 *     port; empty when the request has none (HTTP/1.0)
 * @param scheme how the client reached us ({@code https} when the downstream leg is TLS)
 * @param path the raw request path without the query string, as received (not yet normalised)
 * @param headers all values of a header by name; the lookup must be case-insensitive (Netty's
 *     {@code HttpHeaders::getAll} is); an absent header gives an empty list
 * @param localPort the port the request arrived on; hosts with a port match against the Host
 *     header's port, or this one when the Host header has none (Kong's {@code net.dst.port})
 * @param sni the TLS server name, when the downstream leg is TLS and the client sent one
 */
record RequestFacts(
    String method,
    String host,
    Protocol scheme,
    String path,
    Function<String, List<String>> headers,
    int localPort,
    Optional<String> sni) {

  RequestFacts {
    requireNonNull(method, "method");
    requireNonNull(host, "host");
    requireNonNull(scheme, "scheme");
    requireNonNull(path, "path");
    requireNonNull(headers, "headers");
    requireNonNull(sni, "sni");
  }

  /**
   * Facts from plain values; the local port is the scheme's default and there is no SNI. Header
   * names in {@code headers} compare case-insensitively.
   */
  static RequestFacts of(
      String method, String host, Protocol scheme, String path, Map<String, List<String>> headers) {
    TreeMap<String, List<String>> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((k, v) -> byName.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
    return new RequestFacts(
        method,
        host,
        scheme,
        path,
        name -> byName.getOrDefault(name, List.of()),
        scheme.defaultPort(),
        Optional.empty());
  }

  /** Facts without headers; for tests and simple callers. */
  static RequestFacts of(String method, String host, Protocol scheme, String path) {
    return of(method, host, scheme, path, Map.of());
  }
}
