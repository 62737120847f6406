package io.causeway.gateway;

import io.causeway.gateway.RouteDef.PathHandling;
import io.causeway.gateway.ServiceDef.Protocol;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Reads one route object of a declarative file (nested under a service or top-level). */
final class DeclarativeConfigRoutes {
  private DeclarativeConfigRoutes() {}

  static Optional<RouteDef> read(
      DeclarativeConfigReader reader,
      DeclarativeConfigFields f,
      Optional<UUID> serviceId,
      String fallbackKey,
      int createdIndex) {
    int before = reader.problems.size();
    Optional<String> name = reader.name(f, "route");
    UUID id = reader.id(f, "routes", name.orElse(fallbackKey));
    f.allow("created_at", "updated_at");
    f.refuse("plugins", "Kong entity 'plugins' is not served by Causeway yet");
    f.refuse("sources", "stream routing is not served by Causeway (expected: no sources)");
    f.refuse(
        "destinations", "stream routing is not served by Causeway (expected: no destinations)");
    f.refuse(
        "expression",
        "expression routes are not served by Causeway (expected: methods, hosts, paths, headers)");
    f.refuse("priority", "only for expression routes, which Causeway does not serve");
    Set<Protocol> protocols = protocols(reader, f);
    List<String> methods = checked(f, "methods", DeclarativeConfigChecks::method);
    List<String> hosts = checked(f, "hosts", DeclarativeConfigChecks::routeHost);
    List<String> paths = checked(f, "paths", DeclarativeConfigChecks::routerPath);
    Map<String, List<String>> headers = headers(f);
    List<String> snis = checked(f, "snis", DeclarativeConfigChecks::sni);
    if (!snis.isEmpty() && !protocols.contains(Protocol.HTTPS)) {
      f.problem("snis", "'snis' can only be set when 'protocols' is 'https'");
    }
    if (methods.isEmpty()
        && hosts.isEmpty()
        && paths.isEmpty()
        && headers.isEmpty()
        && snis.isEmpty()) {
      f.problem(
          "",
          "must set one of 'methods', 'hosts', 'headers', 'paths', 'snis' when 'protocols' is"
              + " 'http' or 'https'");
    }
    boolean stripPath = f.bool("strip_path").orElse(true);
    boolean preserveHost = f.bool("preserve_host").orElse(false);
    int regexPriority = f.integer("regex_priority", Integer.MIN_VALUE, Integer.MAX_VALUE).orElse(0);
    PathHandling handling = pathHandling(f);
    int redirect =
        f.integer("https_redirect_status_code", 100, 999)
            .orElse(RouteDef.DEFAULT_HTTPS_REDIRECT_STATUS);
    if (!RouteDef.HTTPS_REDIRECT_STATUSES.contains(redirect)) {
      f.problem(
          "https_redirect_status_code",
          "expected one of: 426, 301, 302, 307, 308 (got " + redirect + ")");
    }
    boolean requestBuffering = f.bool("request_buffering").orElse(true);
    boolean responseBuffering = f.bool("response_buffering").orElse(true);
    List<String> tags = reader.tags(f);
    if (reader.problems.size() > before) {
      return Optional.empty();
    }
    return reader.build(
        f.path(),
        () ->
            new RouteDef(
                id,
                name,
                serviceId,
                protocols,
                methods,
                hosts,
                paths,
                headers,
                snis,
                stripPath,
                preserveHost,
                regexPriority,
                handling,
                redirect,
                requestBuffering,
                responseBuffering,
                tags,
                createdIndex));
  }

  private static Set<Protocol> protocols(
      DeclarativeConfigReader reader, DeclarativeConfigFields f) {
    Optional<List<String>> given = f.strings("protocols");
    if (given.isEmpty()) {
      return DeclarativeConfigReader.defaultProtocols();
    }
    if (given.get().isEmpty()) {
      f.problem("protocols", "length must be at least 1");
      return DeclarativeConfigReader.defaultProtocols();
    }
    EnumSet<Protocol> out = EnumSet.noneOf(Protocol.class);
    for (int i = 0; i < given.get().size(); i++) {
      reader
          .protocolAt(f.pathOf("protocols") + "[" + i + "]", given.get().get(i))
          .ifPresent(out::add);
    }
    return out.isEmpty() ? DeclarativeConfigReader.defaultProtocols() : out;
  }

  private static List<String> checked(
      DeclarativeConfigFields f,
      String key,
      java.util.function.Function<String, Optional<String>> check) {
    List<String> values = f.strings(key).orElse(List.of());
    for (int i = 0; i < values.size(); i++) {
      int index = i;
      check.apply(values.get(i)).ifPresent(reason -> f.problem(key + "[" + index + "]", reason));
    }
    return values;
  }

  private static Map<String, List<String>> headers(DeclarativeConfigFields f) {
    Map<String, List<String>> headers = f.stringListMap("headers").orElse(Map.of());
    headers.forEach(
        (name, values) -> {
          String key = "headers." + name;
          DeclarativeConfigChecks.headerName(name).ifPresent(reason -> f.problem(key, reason));
          if (name.toLowerCase(Locale.ROOT).equals("host")) {
            f.problem(
                key,
                "cannot contain 'host' header, which must be specified in the 'hosts' attribute");
          }
          if (values.isEmpty()) {
            f.problem(key, "length must be at least 1");
          }
          for (int i = 0; i < values.size(); i++) {
            if (values.get(i).startsWith("~*")) {
              int index = i;
              DeclarativeConfigChecks.headerRegex(values.get(i))
                  .ifPresent(reason -> f.problem(key + "[" + index + "]", reason));
            }
          }
        });
    return headers;
  }

  private static PathHandling pathHandling(DeclarativeConfigFields f) {
    Optional<String> text = f.string("path_handling");
    if (text.isEmpty()) {
      return PathHandling.V0;
    }
    return switch (text.get()) {
      case "v0" -> PathHandling.V0;
      case "v1" -> PathHandling.V1;
      default -> {
        f.problem("path_handling", "expected one of: v0, v1 (got '" + text.get() + "')");
        yield PathHandling.V0;
      }
    };
  }
}
