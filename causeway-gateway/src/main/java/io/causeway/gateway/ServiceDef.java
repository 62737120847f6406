package io.causeway.gateway;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * A Kong Service: where matched requests go. Defaults are Kong's (timeouts 60000 ms, retries 5).
 *
 * @param path the path prefix added upstream; when present it starts with {@code /}
 * @param host a host name, an IP literal, or the name of an {@link UpstreamDef}
 */
record ServiceDef(
    UUID id,
    Optional<String> name,
    Protocol protocol,
    String host,
    int port,
    Optional<String> path,
    int connectTimeoutMs,
    int writeTimeoutMs,
    int readTimeoutMs,
    int retries,
    boolean enabled,
    Optional<Boolean> tlsVerify,
    List<String> tags) {

  static final int DEFAULT_TIMEOUT_MS = 60_000;
  static final int DEFAULT_RETRIES = 5;

  /** Protocols Causeway serves (on both the route and the service side). */
  enum Protocol {
    HTTP("http", 80),
    HTTPS("https", 443);

    private final String wireName;
    private final int defaultPort;

    Protocol(String wireName, int defaultPort) {
      this.wireName = wireName;
      this.defaultPort = defaultPort;
    }

    String wireName() {
      return wireName;
    }

    int defaultPort() {
      return defaultPort;
    }

    static Optional<Protocol> parse(String text) {
      return switch (text.toLowerCase(Locale.ROOT)) {
        case "http" -> Optional.of(HTTP);
        case "https" -> Optional.of(HTTPS);
        default -> Optional.empty();
      };
    }
  }

  ServiceDef {
    requireNonNull(id, "id");
    requireNonNull(name, "name");
    requireNonNull(protocol, "protocol");
    requireNonNull(host, "host");
    requireNonNull(path, "path");
    requireNonNull(tlsVerify, "tlsVerify");
    if (host.isEmpty()) {
      throw new IllegalArgumentException("host: must not be empty");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port: " + port + " (expected: 0-65535)");
    }
    path.ifPresent(
        p -> {
          if (!p.startsWith("/")) {
            throw new IllegalArgumentException("path: " + p + " (expected: starts with /)");
          }
        });
    checkTimeout("connect_timeout", connectTimeoutMs);
    checkTimeout("write_timeout", writeTimeoutMs);
    checkTimeout("read_timeout", readTimeoutMs);
    if (retries < 0 || retries > 32767) {
      throw new IllegalArgumentException("retries: " + retries + " (expected: 0-32767)");
    }
    tags = List.copyOf(tags);
  }

  /** A plain http service with Kong's defaults; for tests and programmatic configs. */
  static ServiceDef of(
      String name, Protocol protocol, String host, int port, Optional<String> path) {
    return new ServiceDef(
        GatewayConfig.nameBasedId("services", name),
        Optional.of(name),
        protocol,
        host,
        port,
        path,
        DEFAULT_TIMEOUT_MS,
        DEFAULT_TIMEOUT_MS,
        DEFAULT_TIMEOUT_MS,
        DEFAULT_RETRIES,
        true,
        Optional.empty(),
        List.of());
  }

  /** The value Kong sends as {@code Host} when the route does not preserve the client's. */
  String hostHeader() {
    String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    return port == protocol.defaultPort() ? h : h + ":" + port;
  }

  private static void checkTimeout(String field, int ms) {
    if (ms < 1 || ms > Integer.MAX_VALUE - 1) {
      throw new IllegalArgumentException(field + ": " + ms + " (expected: 1-2147483646)");
    }
  }
}
