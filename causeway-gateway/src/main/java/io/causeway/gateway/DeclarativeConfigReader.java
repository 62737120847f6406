package io.causeway.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.causeway.gateway.DeclarativeConfigFields.Element;
import io.causeway.gateway.ServiceDef.Protocol;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Reads one declarative document into a {@link GatewayConfig}, collecting every problem with its
 * path. Services (with nested routes) come first, then top-level routes, then upstreams (with
 * nested targets), then top-level targets; a route's creation order is the order it is read in.
 */
final class DeclarativeConfigReader {

  static final String FORMAT_VERSION = "3.0";

  /** Kong entities a file may carry that Causeway does not serve yet. */
  static final List<String> REFUSED_ENTITIES =
      List.of(
          "plugins", "consumers", "consumer_groups", "certificates", "ca_certificates", "snis",
          "vaults", "key_sets", "keys", "acls", "basicauth_credentials", "keyauth_credentials",
          "hmacauth_credentials", "jwt_secrets", "oauth2_credentials", "mtls_auth_credentials",
          "filter_chains", "workspaces", "partials", "parameters", "licenses");

  private static final Set<String> OTHER_PROTOCOLS =
      Set.of("grpc", "grpcs", "tcp", "tls", "tls_passthrough", "udp", "ws", "wss");

  final List<ConfigProblem> problems = new ArrayList<>();
  private final List<ServiceDef> services = new ArrayList<>();
  private final List<RouteDef> routes = new ArrayList<>();
  private final List<UpstreamDef> upstreams = new ArrayList<>();
  private final Map<UUID, List<TargetDef>> targetsByUpstream = new LinkedHashMap<>();
  private final List<DnsForwardingEntry> dnsForwarding = new ArrayList<>();
  private final Map<String, ServiceDef> serviceByKey = new HashMap<>();
  private final Map<String, UpstreamDef> upstreamByKey = new HashMap<>();
  private final Map<String, String> firstPathOf = new HashMap<>();
  private int routeOrder;

  GatewayConfig read(JsonNode root) {
    Optional<DeclarativeConfigFields> doc = DeclarativeConfigFields.of(root, "", problems);
    if (doc.isEmpty()) {
      throw new ConfigException(problems);
    }
    DeclarativeConfigFields top = doc.get();
    formatVersion(top);
    top.bool("_transform");
    for (String entity : REFUSED_ENTITIES) {
      top.refuse(
          entity,
          "Kong entity '"
              + entity
              + "' is not served by Causeway yet (expected only: services, routes, upstreams,"
              + " targets, _causeway)");
    }
    top.refuse("_workspace", "workspaces are not supported (expected: no _workspace)");
    for (Element e : top.array("services")) {
      DeclarativeConfigFields.of(e.node(), e.path(), problems).ifPresent(f -> service(f, e.index()));
    }
    for (Element e : top.array("routes")) {
      DeclarativeConfigFields.of(e.node(), e.path(), problems).ifPresent(f -> topLevelRoute(f, e.index()));
    }
    DeclarativeConfigUpstreams upstreamReader = new DeclarativeConfigUpstreams(this);
    for (Element e : top.array("upstreams")) {
      DeclarativeConfigFields.of(e.node(), e.path(), problems).ifPresent(upstreamReader::upstream);
    }
    for (Element e : top.array("targets")) {
      DeclarativeConfigFields.of(e.node(), e.path(), problems).ifPresent(upstreamReader::topLevelTarget);
    }
    top.object("_causeway").ifPresent(this::causeway);
    top.finish();
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    List<UpstreamDef> withTargets =
        upstreams.stream()
            .map(u -> u.withTargets(targetsByUpstream.getOrDefault(u.id(), List.of())))
            .toList();
    return GatewayConfig.of(services, routes, withTargets, dnsForwarding);
  }

  private void formatVersion(DeclarativeConfigFields top) {
    Optional<JsonNode> v = top.raw("_format_version");
    if (v.isEmpty()) {
      top.problem("_format_version", "required field missing (expected: \"" + FORMAT_VERSION + "\")");
    } else if (!v.get().isTextual()) {
      top.problem(
          "_format_version",
          "expected the string \"" + FORMAT_VERSION + "\", got " + DeclarativeConfigFields.describe(v.get())
              + " (quote it in YAML)");
    } else if (!v.get().asText().equals(FORMAT_VERSION)) {
      top.problem(
          "_format_version",
          "unsupported version \""
              + v.get().asText()
              + "\" (expected: \""
              + FORMAT_VERSION
              + "\"; convert Kong 1.x/2.x files with `deck file convert` first)");
    }
  }

  // ---- shared helpers (also used by DeclarativeConfigUpstreams) ----

  /** The entity's id, or a name-based one; records duplicates. */
  UUID id(DeclarativeConfigFields f, String entity, String fallbackKey) {
    Optional<String> text = f.string("id");
    UUID id = GatewayConfig.nameBasedId(entity, fallbackKey);
    if (text.isPresent()) {
      Optional<String> bad = DeclarativeConfigChecks.uuid(text.get());
      if (bad.isPresent()) {
        f.problem("id", bad.get());
      } else {
        id = DeclarativeConfigChecks.toUuid(text.get());
      }
    }
    unique(f.pathOf("id"), entity.substring(0, entity.length() - 1) + " id", id.toString());
    return id;
  }

  /** Records a duplicate (per kind) with the path of its first occurrence. */
  void unique(String path, String kind, String value) {
    String first = firstPathOf.putIfAbsent(kind + "\u0000" + value, path);
    if (first != null) {
      problems.add(new ConfigProblem(path, "duplicate " + kind + " '" + value + "' (first at " + first + ")"));
    }
  }

  Optional<String> name(DeclarativeConfigFields f, String entity) {
    Optional<String> name = f.string("name");
    name.ifPresent(
        n -> {
          DeclarativeConfigChecks.name(n).ifPresent(reason -> f.problem("name", reason));
          unique(f.pathOf("name"), entity + " name", n);
        });
    return name;
  }

  List<String> tags(DeclarativeConfigFields f) {
    List<String> tags = f.strings("tags").orElse(List.of());
    for (int i = 0; i < tags.size(); i++) {
      int index = i;
      DeclarativeConfigChecks.tag(tags.get(i))
          .ifPresent(reason -> problems.add(new ConfigProblem(f.pathOf("tags") + "[" + index + "]", reason)));
    }
    return tags;
  }

  /** Runs a record constructor, turning its own checks into a problem at {@code path}. */
  <T> Optional<T> build(String path, java.util.function.Supplier<T> constructor) {
    try {
      return Optional.of(constructor.get());
    } catch (IllegalArgumentException e) {
      problems.add(new ConfigProblem(path, e.getMessage()));
      return Optional.empty();
    }
  }

  void addUpstream(UpstreamDef upstream) {
    upstreams.add(upstream);
    upstreamByKey.put(upstream.id().toString(), upstream);
    upstreamByKey.putIfAbsent("name:" + upstream.name().toLowerCase(Locale.ROOT), upstream);
  }

  Optional<UpstreamDef> upstreamByReference(String reference) {
    UpstreamDef byId = upstreamByKey.get(reference.toLowerCase(Locale.ROOT));
    return byId != null
        ? Optional.of(byId)
        : Optional.ofNullable(upstreamByKey.get("name:" + reference.toLowerCase(Locale.ROOT)));
  }

  void addTarget(UUID upstreamId, TargetDef target) {
    targetsByUpstream.computeIfAbsent(upstreamId, k -> new ArrayList<>()).add(target);
  }

  /**
   * A foreign key: {@code "name-or-id"}, or {@code {id: ...}} / {@code {name: ...}} as deck
   * writes it. Empty (with a problem recorded) when malformed.
   */
  Optional<String> reference(DeclarativeConfigFields f, String key) {
    Optional<JsonNode> raw = f.raw(key);
    if (raw.isEmpty()) {
      return Optional.empty();
    }
    if (raw.get().isTextual()) {
      return Optional.of(raw.get().asText());
    }
    Optional<DeclarativeConfigFields> obj = DeclarativeConfigFields.of(raw.get(), f.pathOf(key), problems);
    if (obj.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> ref = obj.get().string("id").or(() -> obj.get().string("name"));
    obj.get().finish();
    if (ref.isEmpty()) {
      f.problem(key, "expected a name or an id, or an object with 'id' or 'name'");
    }
    return ref;
  }

  // ---- services ----

  private void service(DeclarativeConfigFields f, int index) {
    Optional<String> name = name(f, "service");
    UUID id = id(f, "services", name.orElse("#" + index));
    f.allow("created_at", "updated_at");
    f.refuse("plugins", "Kong entity 'plugins' is not served by Causeway yet");
    f.refuse("ca_certificates", "certificates are not served by Causeway yet");
    f.refuse("client_certificate", "certificates are not served by Causeway yet");
    f.refuse("tls_verify_depth", "not supported yet (expected: absent or null)");
    Endpoint endpoint = endpoint(f);
    int connect = f.integer("connect_timeout", 1, Integer.MAX_VALUE - 1).orElse(ServiceDef.DEFAULT_TIMEOUT_MS);
    int write = f.integer("write_timeout", 1, Integer.MAX_VALUE - 1).orElse(ServiceDef.DEFAULT_TIMEOUT_MS);
    int read = f.integer("read_timeout", 1, Integer.MAX_VALUE - 1).orElse(ServiceDef.DEFAULT_TIMEOUT_MS);
    int retries = f.integer("retries", 0, 32767).orElse(ServiceDef.DEFAULT_RETRIES);
    boolean enabled = f.bool("enabled").orElse(true);
    Optional<Boolean> tlsVerify = f.bool("tls_verify");
    if (tlsVerify.isPresent() && endpoint.protocol() != Protocol.HTTPS) {
      f.problem("tls_verify", "value must be null when protocol is not https");
    }
    List<String> tags = tags(f);
    List<Element> nested = f.array("routes");
    Optional<ServiceDef> service =
        endpoint.valid()
            ? build(
                f.path(),
                () ->
                    new ServiceDef(
                        id, name, endpoint.protocol(), endpoint.host(), endpoint.port(), endpoint.path(),
                        connect, write, read, retries, enabled, tlsVerify, tags))
            : Optional.empty();
    service.ifPresent(
        s -> {
          services.add(s);
          serviceByKey.put(s.id().toString(), s);
          s.name().ifPresent(n -> serviceByKey.putIfAbsent("name:" + n, s));
        });
    String serviceKey = name.orElse(id.toString());
    for (Element e : nested) {
      DeclarativeConfigFields.of(e.node(), e.path(), problems)
          .ifPresent(
              r -> {
                r.refuse("service", "must not be set on a route nested under a service");
                route(r, Optional.of(id), serviceKey + "#" + e.index());
              });
    }
    f.finish();
  }

  private record Endpoint(boolean valid, Protocol protocol, String host, int port, Optional<String> path) {}

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
      Optional<Protocol> parsed = protocol(f, "protocol", p.get());
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
    return new Endpoint(valid && host.isPresent(), protocol, unbracket(host.orElse("")), port.orElse(80), path);
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
      f.problem("url", "missing scheme or host in url '" + text + "' (expected: e.g. http://example.com:8080/path)");
      return invalid;
    }
    Optional<Protocol> protocol = protocol(f, "url", uri.getScheme());
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

  /** http or https; other Kong protocols are refused by name. */
  Optional<Protocol> protocol(DeclarativeConfigFields f, String key, String text) {
    return protocolAt(f.pathOf(key), text);
  }

  Optional<Protocol> protocolAt(String path, String text) {
    Optional<Protocol> p = Protocol.parse(text);
    if (p.isEmpty() || !text.equals(text.toLowerCase(Locale.ROOT))) {
      String reason =
          OTHER_PROTOCOLS.contains(text)
              ? "protocol '" + text + "' is not served by Causeway (expected: http or https)"
              : "expected one of: http, https (got '" + text + "')";
      problems.add(new ConfigProblem(path, reason));
      return Optional.empty();
    }
    return p;
  }

  // ---- routes ----

  private void topLevelRoute(DeclarativeConfigFields f, int index) {
    Optional<String> ref = reference(f, "service");
    Optional<UUID> serviceId = Optional.empty();
    if (ref.isPresent()) {
      ServiceDef s = serviceByKey.get(ref.get().toLowerCase(Locale.ROOT));
      if (s == null) {
        s = serviceByKey.get("name:" + ref.get());
      }
      if (s == null) {
        f.problem("service", "no service with name or id '" + ref.get() + "'");
        return;
      }
      serviceId = Optional.of(s.id());
    }
    route(f, serviceId, "routes#" + index);
  }

  private void route(DeclarativeConfigFields f, Optional<UUID> serviceId, String fallbackKey) {
    DeclarativeConfigRoutes.read(this, f, serviceId, fallbackKey, routeOrder++).ifPresent(routes::add);
    f.finish();
  }

  // ---- _causeway ----

  private void causeway(DeclarativeConfigFields f) {
    for (Element e : f.array("dns_forwarding")) {
      DeclarativeConfigFields.of(e.node(), e.path(), problems).ifPresent(this::dnsEntry);
    }
    f.finish();
  }

  private void dnsEntry(DeclarativeConfigFields f) {
    List<String> domains = f.strings("domain_proxy_list").orElse(List.of());
    List<String> servers = f.strings("remote_dns_server_ip_addresses").orElse(List.of());
    boolean valid = true;
    if (domains.isEmpty()) {
      f.problem("domain_proxy_list", "required: at least one domain");
      valid = false;
    }
    if (servers.isEmpty()) {
      f.problem("remote_dns_server_ip_addresses", "required: at least one server address");
      valid = false;
    }
    for (int i = 0; i < domains.size(); i++) {
      String d = DnsForwardingEntry.normaliseDomain(domains.get(i));
      if (!DeclarativeConfigChecks.isHostName(d) || HostMatcher.isIpLiteral(d)) {
        f.problem("domain_proxy_list[" + i + "]", "invalid domain '" + domains.get(i) + "' (expected: e.g. corp.example)");
        valid = false;
      }
    }
    for (int i = 0; i < servers.size(); i++) {
      try {
        DnsForwardingEntry.parseServer(servers.get(i));
      } catch (IllegalArgumentException e) {
        f.problem("remote_dns_server_ip_addresses[" + i + "]", e.getMessage());
        valid = false;
      }
    }
    if (valid) {
      build(f.path(), () -> new DnsForwardingEntry(domains, servers)).ifPresent(dnsForwarding::add);
    }
    f.finish();
  }

  static EnumSet<Protocol> defaultProtocols() {
    return EnumSet.of(Protocol.HTTP, Protocol.HTTPS);
  }
}
