package io.causeway.gateway;

import io.causeway.gateway.DeclarativeConfigFields.Element;
import io.causeway.gateway.ServiceDef.Protocol;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Reads services (Kong's {@code url} shorthand or its parts) and their nested routes. */
final class DeclarativeConfigServices {

  private final DeclarativeConfigReader reader;

  DeclarativeConfigServices(DeclarativeConfigReader reader) {
    this.reader = reader;
  }

  void service(DeclarativeConfigFields f, int index) {
    Optional<String> name = reader.name(f, "service");
    UUID id = reader.id(f, "services", name.orElse("#" + index));
    f.allow("created_at", "updated_at");
    f.refuse("plugins", "Kong entity 'plugins' is not served by Causeway yet");
    f.refuse("ca_certificates", "certificates are not served by Causeway yet");
    f.refuse("client_certificate", "certificates are not served by Causeway yet");
    f.refuse("tls_verify_depth", "not supported yet (expected: absent or null)");
    Endpoint endpoint = endpoint(f);
    int connect =
        f.integer("connect_timeout", 1, Integer.MAX_VALUE - 1)
            .orElse(ServiceDef.DEFAULT_TIMEOUT_MS);
    int write =
        f.integer("write_timeout", 1, Integer.MAX_VALUE - 1).orElse(ServiceDef.DEFAULT_TIMEOUT_MS);
    int read =
        f.integer("read_timeout", 1, Integer.MAX_VALUE - 1).orElse(ServiceDef.DEFAULT_TIMEOUT_MS);
    int retries = f.integer("retries", 0, 32767).orElse(ServiceDef.DEFAULT_RETRIES);
    boolean enabled = f.bool("enabled").orElse(true);
    Optional<Boolean> tlsVerify = f.bool("tls_verify");
    if (tlsVerify.isPresent() && endpoint.protocol() != Protocol.HTTPS) {
      f.problem("tls_verify", "value must be null when protocol is not https");
    }
    List<String> tags = reader.tags(f);
    List<Element> nested = f.array("routes");
    Optional<ServiceDef> service =
        endpoint.valid()
            ? reader.build(
                f.path(),
                () ->
                    new ServiceDef(
                        id,
                        name,
                        endpoint.protocol(),
                        endpoint.host(),
                        endpoint.port(),
                        endpoint.path(),
                        connect,
                        write,
                        read,
                        retries,
                        enabled,
                        tlsVerify,
                        tags))
            : Optional.empty();
    service.ifPresent(reader::addService);
    String serviceKey = name.orElse(id.toString());
    for (Element e : nested) {
      DeclarativeConfigFields.of(e.node(), e.path(), reader.problems)
          .ifPresent(
              r -> {
                r.refuse("service", "must not be set on a route nested under a service");
                reader.route(r, Optional.of(id), serviceKey + "#" + e.index());
              });
    }
    f.finish();
  }

  private record Endpoint(
      boolean valid, Protocol protocol, String host, int port, Optional<String> path) {}

  /** Kong's {@code url} shorthand or {@code protocol}/{@code host}/{@code port}/{@code path}. */
  private Endpoint endpoint(DeclarativeConfigFields f) {
    Optional<String> url = f.string("url");
    boolean explicit = f.has("protocol") || f.has("host") || f.has("port") || f.has("path");
    if (url.isPresent() && explicit) {
      f.problem("url", "cannot be combined with protocol, host, port or path (expected: one form)");
      return new Endpoint(false, Protocol.HTTP, "", 0, Optional.empty());
    }
    if (url.isPresent()) {
      return fromUrl(f, url.get());
    }
    boolean valid = true;
    Protocol protocol = Protocol.HTTP;
    Optional<String> p = f.string("protocol");
    if (p.isPresent()) {
      Optional<Protocol> parsed = reader.protocol(f, "protocol", p.get());
      valid = parsed.isPresent();
      protocol = parsed.orElse(Protocol.HTTP);
    }
    Optional<String> host = f.string("host");
    if (host.isEmpty() && !f.has("host")) {
      f.problem("host", "required field missing");
      valid = false;
    }
    if (host.isPresent()) {
      Optional<String> bad = DeclarativeConfigChecks.host(host.get());
      bad.ifPresent(reason -> f.problem("host", reason));
      valid &= bad.isEmpty();
    }
    Optional<Integer> port = f.integer("port", 0, 65535);
    valid &= port.isPresent() || !f.has("port");
    Optional<String> path = f.string("path");
    if (path.isPresent()) {
      Optional<String> bad = DeclarativeConfigChecks.path(path.get());
      bad.ifPresent(reason -> f.problem("path", reason));
      valid &= bad.isEmpty();
    }
    // Kong's default port is 80 whatever the protocol (only the url shorthand infers 443).
    return new Endpoint(
        valid && host.isPresent(), protocol, unbracket(host.orElse("")), port.orElse(80), path);
  }

  private Endpoint fromUrl(DeclarativeConfigFields f, String text) {
    Endpoint invalid = new Endpoint(false, Protocol.HTTP, "", 0, Optional.empty());
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      f.problem("url", "could not parse url '" + text + "': " + e.getReason());
      return invalid;
    }
    String host = uri.getHost();
    int explicitPort = uri.getPort();
    if (host == null && uri.getRawAuthority() != null && uri.getRawUserInfo() == null) {
      // java.net.URI refuses host names with '_', which Kong (and DNS in practice) accept.
      RouterHost authority = RouterHost.parse(uri.getRawAuthority());
      if (DeclarativeConfigChecks.isHostOrIp(authority.name())) {
        host = authority.name();
        explicitPort = authority.port();
      }
    }
    if (uri.getScheme() == null || host == null) {
      f.problem(
          "url",
          "missing scheme or host in url '"
              + text
              + "' (expected: e.g. http://example.com:8080/path)");
      return invalid;
    }
    Optional<Protocol> protocol = reader.protocol(f, "url", uri.getScheme());
    if (protocol.isEmpty()) {
      return invalid;
    }
    if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
      f.problem("url", "must not carry user info, a query or a fragment: '" + text + "'");
      return invalid;
    }
    Optional<String> path = Optional.ofNullable(uri.getRawPath()).filter(p -> !p.isEmpty());
    if (path.isPresent()) {
      Optional<String> bad = DeclarativeConfigChecks.path(path.get());
      if (bad.isPresent()) {
        f.problem("url", "path " + bad.get());
        return invalid;
      }
    }
    int port = explicitPort >= 0 ? explicitPort : protocol.get().defaultPort();
    return new Endpoint(true, protocol.get(), unbracket(host), port, path);
  }

  private static String unbracket(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }
}
