package io.causeway.gateway;

import io.causeway.gateway.DeclarativeConfigFields.Element;
import io.causeway.gateway.HealthcheckDef.CheckType;
import io.causeway.gateway.HealthcheckDef.Healthy;
import io.causeway.gateway.HealthcheckDef.Unhealthy;
import io.causeway.gateway.UpstreamDef.Algorithm;
import io.causeway.gateway.UpstreamDef.HashOn;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Reads upstreams, their health checks and targets (nested or top-level). */
final class DeclarativeConfigUpstreams {

  private final DeclarativeConfigReader reader;

  DeclarativeConfigUpstreams(DeclarativeConfigReader reader) {
    this.reader = reader;
  }

  void upstream(DeclarativeConfigFields f) {
    int before = reader.problems.size();
    Optional<String> name = f.string("name");
    if (name.isEmpty() && !f.has("name")) {
      f.problem("name", "required field missing");
    }
    name.ifPresent(n -> checkUpstreamName(f, n));
    UUID id = reader.id(f, "upstreams", name);
    f.allow("created_at", "updated_at");
    f.refuse("client_certificate", "certificates are not served by Causeway yet");
    if (f.bool("use_srv_name").orElse(false)) {
      f.problem("use_srv_name", "SRV names are not supported (expected: false)");
    }
    Algorithm algorithm = algorithm(f);
    HashOn hashOn = hashOn(f, "hash_on");
    HashOn fallback = hashOn(f, "hash_fallback");
    for (String key :
        List.of(
            "hash_on_query_arg",
            "hash_fallback_query_arg",
            "hash_on_uri_capture",
            "hash_fallback_uri_capture")) {
      f.refuse(key, "hashing on query arguments or uri captures is not supported yet");
    }
    Optional<String> onHeader = headerName(f, "hash_on_header");
    Optional<String> fallbackHeader = headerName(f, "hash_fallback_header");
    Optional<String> cookie = f.string("hash_on_cookie");
    String cookiePath = f.string("hash_on_cookie_path").orElse("/");
    DeclarativeConfigChecks.path(cookiePath).ifPresent(r -> f.problem("hash_on_cookie_path", r));
    hashRules(f, hashOn, fallback, onHeader, fallbackHeader, cookie);
    int slots = f.integer("slots", 10, 65536).orElse(UpstreamDef.DEFAULT_SLOTS);
    Optional<String> hostHeader = f.string("host_header");
    hostHeader.ifPresent(
        h ->
            DeclarativeConfigChecks.hostWithOptionalPort(h)
                .ifPresent(r -> f.problem("host_header", r)));
    HealthcheckDef healthchecks =
        f.object("healthchecks").map(this::healthchecks).orElse(HealthcheckDef.defaults());
    List<String> tags = reader.tags(f);
    List<Element> targets = f.array("targets");
    f.finish();
    if (reader.problems.size() > before || name.isEmpty()) {
      targets.forEach(
          e ->
              DeclarativeConfigFields.of(e.node(), e.path(), reader.problems)
                  .ifPresent(t -> target(t, id, Optional.empty())));
      return;
    }
    reader
        .build(
            f.path(),
            () ->
                new UpstreamDef(
                    id,
                    name.get(),
                    algorithm,
                    hashOn,
                    fallback,
                    onHeader,
                    fallbackHeader,
                    cookie,
                    cookiePath,
                    slots,
                    hostHeader,
                    healthchecks,
                    List.of(),
                    tags))
        .ifPresent(reader::addUpstream);
    for (Element e : targets) {
      DeclarativeConfigFields.of(e.node(), e.path(), reader.problems)
          .ifPresent(
              t -> {
                t.refuse("upstream", "must not be set on a target nested under an upstream");
                target(t, id, name);
              });
    }
  }

  void topLevelTarget(DeclarativeConfigFields f) {
    Optional<String> ref = reader.reference(f, "upstream");
    if (ref.isEmpty()) {
      if (!f.has("upstream")) {
        f.problem("upstream", "required field missing");
      }
      f.string("target");
      f.integer("weight", 0, 65535);
      reader.tags(f);
      f.allow("id", "created_at", "updated_at");
      f.finish();
      return;
    }
    Optional<UpstreamDef> upstream = reader.upstreamByReference(ref.get());
    if (upstream.isEmpty()) {
      f.problem("upstream", "no upstream with name or id '" + ref.get() + "'");
      f.allow("id", "target", "weight", "tags", "created_at", "updated_at");
      f.finish();
      return;
    }
    target(f, upstream.get().id(), Optional.of(upstream.get().name()));
  }

  /** A target; without an upstream name (the upstream is refused) it is only checked. */
  private void target(DeclarativeConfigFields f, UUID upstreamId, Optional<String> upstreamName) {
    f.allow("created_at", "updated_at");
    Optional<String> target = f.string("target");
    if (target.isEmpty() && !f.has("target")) {
      f.problem("target", "required field missing");
    }
    int weight = f.integer("weight", 0, 65535).orElse(TargetDef.DEFAULT_WEIGHT);
    List<String> tags = reader.tags(f);
    Optional<RouterHost> address = target.flatMap(t -> parseTarget(f, t));
    Optional<String> key =
        upstreamName.flatMap(u -> address.map(a -> u + "/" + a.name() + ":" + a.port()));
    UUID id = reader.id(f, "targets", key);
    key.ifPresent(
        k ->
            reader.unique(
                f.pathOf("target"),
                "target of upstream " + upstreamName.get(),
                k.substring(upstreamName.get().length() + 1)));
    f.finish();
    address
        .flatMap(
            a -> reader.build(f.path(), () -> new TargetDef(id, a.name(), a.port(), weight, tags)))
        .ifPresent(t -> reader.addTarget(upstreamId, t));
  }

  /** {@code host[:port]}, {@code [v6]:port} or a bare IPv6; the port defaults to 8000 (Kong). */
  private static Optional<RouterHost> parseTarget(DeclarativeConfigFields f, String text) {
    RouterHost h = RouterHost.parse(text);
    String bare = h.name();
    boolean ok = DeclarativeConfigChecks.isHostOrIp(bare) && !bare.contains("*");
    if (!ok || (text.contains(":") && !h.hasPort() && !HostMatcher.isIpv6(bare))) {
      f.problem("target", "Invalid target ('" + text + "'); not a valid hostname or ip address");
      return Optional.empty();
    }
    if (h.hasPort() && h.port() == 0) {
      f.problem("target", "Invalid target ('" + text + "'); port must be 1-65535");
      return Optional.empty();
    }
    return Optional.of(new RouterHost(bare, h.hasPort() ? h.port() : TargetDef.DEFAULT_PORT));
  }

  private static void checkUpstreamName(DeclarativeConfigFields f, String n) {
    if (HostMatcher.isIpLiteral(n) || n.startsWith("[")) {
      f.problem("name", "Invalid name ('" + n + "'); no ip addresses allowed");
    } else if (RouterHost.parse(n).hasPort()) {
      f.problem("name", "Invalid name ('" + n + "'); no port allowed");
    } else if (!DeclarativeConfigChecks.isHostName(n)) {
      f.problem("name", "Invalid name ('" + n + "'); must be a valid hostname");
    }
  }

  private static Algorithm algorithm(DeclarativeConfigFields f) {
    String text = f.string("algorithm").orElse("round-robin");
    for (Algorithm a : Algorithm.values()) {
      if (a.wireName().equals(text)) {
        return a;
      }
    }
    f.problem(
        "algorithm",
        text.equals("latency")
            ? "algorithm 'latency' is not implemented by Causeway (expected: round-robin,"
                + " consistent-hashing, least-connections)"
            : "expected one of: round-robin, consistent-hashing, least-connections (got '"
                + text
                + "')");
    return Algorithm.ROUND_ROBIN;
  }

  private static HashOn hashOn(DeclarativeConfigFields f, String key) {
    String text = f.string(key).orElse("none");
    for (HashOn h : HashOn.values()) {
      if (h.wireName().equals(text)) {
        return h;
      }
    }
    f.problem(
        key,
        List.of("consumer", "path", "query_arg", "uri_capture").contains(text)
            ? "hashing on '"
                + text
                + "' is not supported by Causeway (expected: none, ip, header, cookie)"
            : "expected one of: none, ip, header, cookie (got '" + text + "')");
    return HashOn.NONE;
  }

  private static Optional<String> headerName(DeclarativeConfigFields f, String key) {
    Optional<String> v = f.string(key);
    v.ifPresent(h -> DeclarativeConfigChecks.headerName(h).ifPresent(r -> f.problem(key, r)));
    return v;
  }

  /** Kong's entity checks on the hash fields. */
  private static void hashRules(
      DeclarativeConfigFields f,
      HashOn on,
      HashOn fallback,
      Optional<String> onHeader,
      Optional<String> fallbackHeader,
      Optional<String> cookie) {
    if (on == HashOn.HEADER && onHeader.isEmpty()) {
      f.problem("hash_on_header", "required field missing when hash_on is 'header'");
    }
    if (fallback == HashOn.HEADER && fallbackHeader.isEmpty()) {
      f.problem("hash_fallback_header", "required field missing when hash_fallback is 'header'");
    }
    if ((on == HashOn.COOKIE || fallback == HashOn.COOKIE) && cookie.isEmpty()) {
      f.problem("hash_on_cookie", "required field missing when hashing on 'cookie'");
    }
    if ((on == HashOn.NONE || on == HashOn.COOKIE) && fallback != HashOn.NONE) {
      f.problem("hash_fallback", "must be 'none' when hash_on is '" + on.wireName() + "'");
    }
    if (on == fallback && on != HashOn.NONE && on != HashOn.HEADER) {
      f.problem("hash_fallback", "must differ from hash_on ('" + on.wireName() + "')");
    }
    if (onHeader.isPresent()
        && fallbackHeader.isPresent()
        && onHeader.get().equalsIgnoreCase(fallbackHeader.get())) {
      f.problem(
          "hash_fallback_header",
          "values of these fields must be distinct: 'hash_on_header', 'hash_fallback_header'");
    }
  }

  // ---- health checks ----

  private HealthcheckDef healthchecks(DeclarativeConfigFields f) {
    HealthcheckDef d = HealthcheckDef.defaults();
    HealthcheckDef.Active active =
        f.object("active").map(a -> active(a, d.active())).orElse(d.active());
    HealthcheckDef.Passive passive =
        f.object("passive").map(p -> passive(p, d.passive())).orElse(d.passive());
    double threshold = f.number("threshold", 0, 100).orElse(0.0);
    f.finish();
    return new HealthcheckDef(active, passive, threshold);
  }

  private HealthcheckDef.Active active(DeclarativeConfigFields f, HealthcheckDef.Active d) {
    CheckType type = checkType(f, d.type());
    Duration timeout =
        f.number("timeout", 0, 65535).map(DeclarativeConfigUpstreams::seconds).orElse(d.timeout());
    int concurrency = f.integer("concurrency", 1, Integer.MAX_VALUE).orElse(d.concurrency());
    String httpPath = f.string("http_path").orElse(d.httpPath());
    DeclarativeConfigChecks.path(httpPath).ifPresent(r -> f.problem("http_path", r));
    Optional<String> sni = f.string("https_sni");
    sni.ifPresent(s -> DeclarativeConfigChecks.sni(s).ifPresent(r -> f.problem("https_sni", r)));
    boolean verify = f.bool("https_verify_certificate").orElse(true);
    Map<String, List<String>> headers = f.stringListMap("headers").orElse(Map.of());
    headers
        .keySet()
        .forEach(
            h ->
                DeclarativeConfigChecks.headerName(h).ifPresent(r -> f.problem("headers." + h, r)));
    Healthy healthy =
        f.object("healthy").map(h -> healthy(h, d.healthy(), true)).orElse(d.healthy());
    Unhealthy unhealthy =
        f.object("unhealthy").map(u -> unhealthy(u, d.unhealthy(), true)).orElse(d.unhealthy());
    f.finish();
    return new HealthcheckDef.Active(
        type, timeout, concurrency, httpPath, sni, verify, headers, healthy, unhealthy);
  }

  private HealthcheckDef.Passive passive(DeclarativeConfigFields f, HealthcheckDef.Passive d) {
    CheckType type = checkType(f, d.type());
    Healthy healthy =
        f.object("healthy").map(h -> healthy(h, d.healthy(), false)).orElse(d.healthy());
    Unhealthy unhealthy =
        f.object("unhealthy").map(u -> unhealthy(u, d.unhealthy(), false)).orElse(d.unhealthy());
    f.finish();
    return new HealthcheckDef.Passive(type, healthy, unhealthy);
  }

  private Healthy healthy(DeclarativeConfigFields f, Healthy d, boolean active) {
    Duration interval =
        active
            ? f.number("interval", 0, 65535)
                .map(DeclarativeConfigUpstreams::seconds)
                .orElse(d.interval())
            : Duration.ZERO;
    List<Integer> statuses = statuses(f).orElse(d.httpStatuses());
    int successes = f.integer("successes", 0, 255).orElse(d.successes());
    f.finish();
    return new Healthy(interval, statuses, successes);
  }

  private Unhealthy unhealthy(DeclarativeConfigFields f, Unhealthy d, boolean active) {
    Duration interval =
        active
            ? f.number("interval", 0, 65535)
                .map(DeclarativeConfigUpstreams::seconds)
                .orElse(d.interval())
            : Duration.ZERO;
    List<Integer> statuses = statuses(f).orElse(d.httpStatuses());
    int tcp = f.integer("tcp_failures", 0, 255).orElse(d.tcpFailures());
    int timeouts = f.integer("timeouts", 0, 255).orElse(d.timeouts());
    int http = f.integer("http_failures", 0, 255).orElse(d.httpFailures());
    f.finish();
    return new Unhealthy(interval, statuses, tcp, timeouts, http);
  }

  private Optional<List<Integer>> statuses(DeclarativeConfigFields f) {
    if (!f.has("http_statuses")) {
      return Optional.empty();
    }
    List<Element> elements = f.array("http_statuses");
    List<Integer> out = new java.util.ArrayList<>();
    for (Element e : elements) {
      if (e.node().isIntegralNumber() && e.node().asInt() >= 100 && e.node().asInt() <= 999) {
        out.add(e.node().asInt());
      } else {
        reader.problems.add(
            new ConfigProblem(
                e.path(),
                "expected an integer status 100-999, got "
                    + DeclarativeConfigFields.describe(e.node())));
      }
    }
    return Optional.of(out);
  }

  private static CheckType checkType(DeclarativeConfigFields f, CheckType d) {
    Optional<String> text = f.string("type");
    if (text.isEmpty()) {
      return d;
    }
    return switch (text.get()) {
      case "http" -> CheckType.HTTP;
      case "https" -> CheckType.HTTPS;
      case "tcp" -> CheckType.TCP;
      default -> {
        f.problem(
            "type",
            text.get().startsWith("grpc")
                ? "health check type '"
                    + text.get()
                    + "' is not supported by Causeway (expected: http, https, tcp)"
                : "expected one of: http, https, tcp (got '" + text.get() + "')");
        yield d;
      }
    };
  }

  private static Duration seconds(double s) {
    return Duration.ofNanos(Math.round(s * 1_000_000_000L));
  }
}
