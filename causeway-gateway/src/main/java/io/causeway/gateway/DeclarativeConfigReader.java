package io.causeway.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.causeway.gateway.DeclarativeConfigFields.Element;
import io.causeway.gateway.ServiceDef.Protocol;
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
          "plugins",
          "consumers",
          "consumer_groups",
          "certificates",
          "ca_certificates",
          "snis",
          "vaults",
          "key_sets",
          "keys",
          "acls",
          "basicauth_credentials",
          "keyauth_credentials",
          "hmacauth_credentials",
          "jwt_secrets",
          "oauth2_credentials",
          "mtls_auth_credentials",
          "filter_chains",
          "workspaces",
          "partials",
          "parameters",
          "licenses");

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
  private final DeclarativeConfigMemo previous;
  private final DeclarativeConfigMemo.Builder memo = new DeclarativeConfigMemo.Builder();

  DeclarativeConfigReader() {
    this(DeclarativeConfigMemo.EMPTY);
  }

  /** A reader that takes the routes {@code previous} holds as read (see DeclarativeConfigMemo). */
  DeclarativeConfigReader(DeclarativeConfigMemo previous) {
    this.previous = previous;
  }

  /** The routes this reader accepted, for the next read; meaningful after a successful read. */
  DeclarativeConfigMemo memo() {
    return memo.build();
  }

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
    DeclarativeConfigServices serviceReader = new DeclarativeConfigServices(this);
    for (Element e : top.array("services")) {
      DeclarativeConfigFields.of(e.node(), e.path(), problems)
          .ifPresent(f -> serviceReader.service(f, e.index()));
    }
    for (Element e : top.array("routes")) {
      DeclarativeConfigFields.of(e.node(), e.path(), problems)
          .ifPresent(f -> topLevelRoute(f, e.index()));
    }
    DeclarativeConfigUpstreams upstreamReader = new DeclarativeConfigUpstreams(this);
    for (Element e : top.array("upstreams")) {
      DeclarativeConfigFields.of(e.node(), e.path(), problems).ifPresent(upstreamReader::upstream);
    }
    for (Element e : top.array("targets")) {
      DeclarativeConfigFields.of(e.node(), e.path(), problems)
          .ifPresent(upstreamReader::topLevelTarget);
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
      top.problem(
          "_format_version", "required field missing (expected: \"" + FORMAT_VERSION + "\")");
    } else if (!v.get().isTextual()) {
      top.problem(
          "_format_version",
          "expected the string \""
              + FORMAT_VERSION
              + "\", got "
              + DeclarativeConfigFields.describe(v.get())
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

  // ---- shared helpers (also used by the services and upstreams readers) ----

  /** The entity's id, or a name-based one; records duplicates. */
  UUID id(DeclarativeConfigFields f, String entity, String fallbackKey) {
    return id(f, entity, Optional.of(fallbackKey));
  }

  /**
   * As {@link #id(DeclarativeConfigFields, String, String)}; without a fallback key (the entity is
   * already refused for lack of a name or address) the id only serves to go on checking.
   */
  UUID id(DeclarativeConfigFields f, String entity, Optional<String> fallbackKey) {
    Optional<String> text = f.string("id");
    Optional<UUID> given =
        text.filter(t -> DeclarativeConfigChecks.uuid(t).isEmpty())
            .map(DeclarativeConfigChecks::toUuid);
    text.flatMap(DeclarativeConfigChecks::uuid).ifPresent(reason -> f.problem("id", reason));
    if (given.isEmpty() && fallbackKey.isEmpty()) {
      return GatewayConfig.nameBasedId(entity, "@" + f.path());
    }
    UUID id = given.orElseGet(() -> GatewayConfig.nameBasedId(entity, fallbackKey.get()));
    unique(f.pathOf("id"), entity.substring(0, entity.length() - 1) + " id", id.toString());
    return id;
  }

  /** Records a duplicate (per kind) with the path of its first occurrence. */
  void unique(String path, String kind, String value) {
    String first = firstPathOf.putIfAbsent(kind + "\u0000" + value, path);
    if (first != null) {
      problems.add(
          new ConfigProblem(
              path, "duplicate " + kind + " '" + value + "' (first at " + first + ")"));
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
          .ifPresent(
              reason ->
                  problems.add(new ConfigProblem(f.pathOf("tags") + "[" + index + "]", reason)));
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

  void addService(ServiceDef s) {
    services.add(s);
    serviceByKey.put(s.id().toString(), s);
    s.name().ifPresent(n -> serviceByKey.putIfAbsent("name:" + n, s));
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
   * A foreign key: {@code "name-or-id"}, or {@code {id: ...}} / {@code {name: ...}} as deck writes
   * it. Empty (with a problem recorded) when malformed.
   */
  Optional<String> reference(DeclarativeConfigFields f, String key) {
    Optional<JsonNode> raw = f.raw(key);
    if (raw.isEmpty()) {
      return Optional.empty();
    }
    if (raw.get().isTextual()) {
      return Optional.of(raw.get().asText());
    }
    Optional<DeclarativeConfigFields> obj =
        DeclarativeConfigFields.of(raw.get(), f.pathOf(key), problems);
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

  void route(DeclarativeConfigFields f, Optional<UUID> serviceId, String fallbackKey) {
    int index = routeOrder++;
    Optional<DeclarativeConfigMemo.Key> key = DeclarativeConfigMemo.key(f.node(), serviceId);
    Optional<RouteDef> known = key.flatMap(previous::route);
    if (known.isPresent()) {
      // Same JSON, same service: its own checks passed last time. Uniqueness depends on the
      // other entities, so it is checked again, in the same order as a full read does.
      RouteDef route = known.get();
      route.name().ifPresent(n -> unique(f.pathOf("name"), "route name", n));
      unique(f.pathOf("id"), "route id", route.id().toString());
      routes.add(route.withCreatedIndex(index));
      memo.add(key.get(), route);
      return;
    }
    Optional<RouteDef> read = DeclarativeConfigRoutes.read(this, f, serviceId, fallbackKey, index);
    read.ifPresent(routes::add);
    int before = problems.size();
    f.finish();
    if (read.isPresent() && key.isPresent() && problems.size() == before) {
      memo.add(key.get(), read.get());
    }
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
        f.problem(
            "domain_proxy_list[" + i + "]",
            "invalid domain '" + domains.get(i) + "' (expected: e.g. corp.example)");
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
