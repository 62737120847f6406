package io.causeway.gateway;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * An immutable, validated snapshot of what the data plane serves: services, routes, upstreams with
 * their targets, and the DNS forwarding table. Built once, then swapped in atomically; safe to
 * share between threads.
 */
final class GatewayConfig {

  private static final GatewayConfig EMPTY =
      new GatewayConfig(List.of(), List.of(), List.of(), List.of());

  /** Namespace of the name-based ids given to entities a declarative file leaves without one. */
  private static final UUID ID_NAMESPACE = UUID.fromString("5e0c2b53-7a8d-4f0e-9b7c-c4a05e3a7c11");

  private final List<ServiceDef> services;
  private final List<RouteDef> routes;
  private final List<UpstreamDef> upstreams;
  private final List<DnsForwardingEntry> dnsForwarding;
  private final Map<UUID, ServiceDef> servicesById;
  private final Map<String, UpstreamDef> upstreamsByName;
  /**
   * Computed on first use: printing and hashing 10,000 routes costs tens of milliseconds that a
   * data plane applying a snapshot should not spend before the swap. Racy single-check: every
   * thread computes the same value.
   */
  private volatile String hash;

  private GatewayConfig(
      List<ServiceDef> services,
      List<RouteDef> routes,
      List<UpstreamDef> upstreams,
      List<DnsForwardingEntry> dnsForwarding) {
    this.services = List.copyOf(services);
    this.routes = List.copyOf(routes);
    this.upstreams = List.copyOf(upstreams);
    this.dnsForwarding = List.copyOf(dnsForwarding);
    Map<UUID, ServiceDef> byId = new HashMap<>();
    this.services.forEach(s -> byId.put(s.id(), s));
    this.servicesById = Map.copyOf(byId);
    Map<String, UpstreamDef> byName = new HashMap<>();
    this.upstreams.forEach(u -> byName.put(u.name().toLowerCase(Locale.ROOT), u));
    this.upstreamsByName = Map.copyOf(byName);
  }

  /** The configuration with nothing in it: every request gets Kong's "no Route matched". */
  static GatewayConfig empty() {
    return EMPTY;
  }

  /**
   * Checks the snapshot's consistency (unique ids and names, routes naming existing services).
   *
   * @throws ConfigException listing every inconsistency
   */
  static GatewayConfig of(
      List<ServiceDef> services,
      List<RouteDef> routes,
      List<UpstreamDef> upstreams,
      List<DnsForwardingEntry> dnsForwarding) {
    List<ConfigProblem> problems = new ArrayList<>();
    Map<String, String> ids = new HashMap<>();
    Map<String, String> names = new HashMap<>();
    for (int i = 0; i < services.size(); i++) {
      ServiceDef s = services.get(i);
      String path = "services[" + i + "]";
      unique(problems, ids, s.id().toString(), path + ".id", "service id");
      s.name()
          .ifPresent(n -> unique(problems, names, "service:" + n, path + ".name", "service name"));
    }
    Map<UUID, ServiceDef> servicesById = new HashMap<>();
    services.forEach(s -> servicesById.put(s.id(), s));
    for (int i = 0; i < routes.size(); i++) {
      RouteDef r = routes.get(i);
      String path = "routes[" + i + "]";
      unique(problems, ids, r.id().toString(), path + ".id", "route id");
      r.name().ifPresent(n -> unique(problems, names, "route:" + n, path + ".name", "route name"));
      r.serviceId()
          .filter(id -> !servicesById.containsKey(id))
          .ifPresent(
              id -> problems.add(new ConfigProblem(path + ".service", "unknown service id " + id)));
    }
    for (int i = 0; i < upstreams.size(); i++) {
      UpstreamDef u = upstreams.get(i);
      String path = "upstreams[" + i + "]";
      unique(problems, ids, u.id().toString(), path + ".id", "upstream id");
      unique(
          problems,
          names,
          "upstream:" + u.name().toLowerCase(Locale.ROOT),
          path + ".name",
          "upstream name");
      Map<String, String> targets = new HashMap<>();
      for (int t = 0; t < u.targets().size(); t++) {
        TargetDef target = u.targets().get(t);
        String tpath = path + ".targets[" + t + "]";
        unique(problems, ids, target.id().toString(), tpath + ".id", "target id");
        unique(
            problems,
            targets,
            target.target().toLowerCase(Locale.ROOT),
            tpath + ".target",
            "target");
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new GatewayConfig(services, routes, upstreams, dnsForwarding);
  }

  private static void unique(
      List<ConfigProblem> problems,
      Map<String, String> seen,
      String key,
      String path,
      String what) {
    String first = seen.putIfAbsent(key, path);
    if (first != null) {
      String shown =
          key.contains(":") && !what.endsWith("id") && !what.equals("target")
              ? key.substring(key.indexOf(':') + 1)
              : key;
      problems.add(
          new ConfigProblem(path, "duplicate " + what + " " + shown + " (first at " + first + ")"));
    }
  }

  /** A stable id for an entity a file names but does not identify (UUID version 5). */
  static UUID nameBasedId(String entity, String key) {
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      sha1.update(toBytes(ID_NAMESPACE));
      byte[] d = sha1.digest((entity + ":" + key).getBytes(UTF_8));
      d[6] = (byte) ((d[6] & 0x0f) | 0x50);
      d[8] = (byte) ((d[8] & 0x3f) | 0x80);
      long msb = 0;
      long lsb = 0;
      for (int i = 0; i < 8; i++) {
        msb = (msb << 8) | (d[i] & 0xff);
        lsb = (lsb << 8) | (d[i + 8] & 0xff);
      }
      return new UUID(msb, lsb);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is a required JDK algorithm", e);
    }
  }

  private static byte[] toBytes(UUID id) {
    byte[] b = new byte[16];
    for (int i = 0; i < 8; i++) {
      b[i] = (byte) (id.getMostSignificantBits() >>> (56 - 8 * i));
      b[i + 8] = (byte) (id.getLeastSignificantBits() >>> (56 - 8 * i));
    }
    return b;
  }

  List<ServiceDef> services() {
    return services;
  }

  List<RouteDef> routes() {
    return routes;
  }

  List<UpstreamDef> upstreams() {
    return upstreams;
  }

  List<DnsForwardingEntry> dnsForwarding() {
    return dnsForwarding;
  }

  Optional<ServiceDef> service(UUID id) {
    return Optional.ofNullable(servicesById.get(id));
  }

  /** The upstream a service host names, if any; host names compare case-insensitively. */
  Optional<UpstreamDef> upstream(String name) {
    return Optional.ofNullable(upstreamsByName.get(name.toLowerCase(Locale.ROOT)));
  }

  /** SHA-256 hex of a canonical form: equal content gives equal hashes across processes. */
  String hash() {
    String h = hash;
    if (h == null) {
      h = computeHash();
      hash = h;
    }
    return h;
  }

  /**
   * True when {@code other} holds the same entities (what {@link #hash} covers), without
   * computing either hash; cheap when the two share their unchanged definitions.
   */
  boolean sameContent(GatewayConfig other) {
    return this == other
        || (services.equals(other.services)
            && routes.equals(other.routes)
            && upstreams.equals(other.upstreams)
            && dnsForwarding.equals(other.dnsForwarding));
  }

  private String computeHash() {
    // Record toString is deterministic here: every collection is a list, an EnumSet or an
    // insertion-ordered map, so equal content prints equally.
    Map<String, Object> canonical = new LinkedHashMap<>();
    canonical.put("services", services);
    canonical.put("routes", routes);
    canonical.put("upstreams", upstreams);
    canonical.put("dns_forwarding", dnsForwarding);
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(UTF_8));
      return HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is a required JDK algorithm", e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GatewayConfig other && hash().equals(other.hash());
  }

  @Override
  public int hashCode() {
    return hash().hashCode();
  }

  @Override
  public String toString() {
    return "GatewayConfig[services="
        + services.size()
        + ", routes="
        + routes.size()
        + ", upstreams="
        + upstreams.size()
        + ", dns_forwarding="
        + dnsForwarding.size()
        + (hash == null ? "" : ", hash=" + hash.substring(0, 12))
        + "]";
  }
}
