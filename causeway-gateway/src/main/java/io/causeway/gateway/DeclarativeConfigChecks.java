package io.causeway.gateway;

import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Kong's value checks ({@code kong/db/schema/typedefs.lua}) for declarative files. Each returns the
 * reason a value is refused, or empty when it is fine.
 */
final class DeclarativeConfigChecks {
  private DeclarativeConfigChecks() {}

  private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?");
  private static final Pattern UUID_TEXT =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Pattern UTF8_NAME = Pattern.compile("[A-Za-z0-9._~\\-\\x{80}-\\x{10FFFF}]+");
  private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9_-]+");
  private static final Pattern METHOD = Pattern.compile("[A-Z]+");
  private static final Pattern PERCENT_TRIPLET = Pattern.compile("%[0-9A-Fa-f]{2}");
  private static final Pattern PATH_CHARS = Pattern.compile("/[A-Za-z0-9._~/%:@!$&'()*+,;=-]*");

  static Optional<String> uuid(String text) {
    return UUID_TEXT.matcher(text).matches()
        ? Optional.empty()
        : Optional.of("invalid uuid '" + text + "'");
  }

  static UUID toUuid(String text) {
    return UUID.fromString(text);
  }

  static Optional<String> name(String text) {
    return UTF8_NAME.matcher(text).matches()
        ? Optional.empty()
        : Optional.of(
            "invalid value '"
                + text
                + "': the only accepted ascii characters are alphanumerics or ., -, _, and ~");
  }

  static Optional<String> tag(String text) {
    boolean ok =
        !text.isEmpty()
            && text.chars()
                .allMatch(
                    c -> c == ' ' || (c >= 33 && c <= 126 && c != ',' && c != '/') || c >= 128);
    return ok
        ? Optional.empty()
        : Optional.of(
            "invalid tag '"
                + text
                + "': expected printable ascii (except `,` and `/`) or valid utf-8 sequences");
  }

  /** A host name (labels of letters, digits, {@code -} and {@code _}) or an IP literal. */
  static boolean isHostName(String host) {
    if (host.isEmpty() || host.length() > 253) {
      return false;
    }
    String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    for (String label : h.split("\\.", -1)) {
      if (label.length() > 63 || !LABEL.matcher(label).matches()) {
        return false;
      }
    }
    return true;
  }

  static boolean isHostOrIp(String host) {
    if (host.startsWith("[") && host.endsWith("]")) {
      return HostMatcher.isIpv6(host.substring(1, host.length() - 1));
    }
    return HostMatcher.isIpLiteral(host) || isHostName(host);
  }

  /** typedefs.host: a name or an IP, without a port. */
  static Optional<String> host(String host) {
    RouterHost parsed = RouterHost.parse(host);
    if (parsed.hasPort()) {
      return Optional.of("must not have a port");
    }
    return isHostOrIp(host) ? Optional.empty() : Optional.of("invalid value: " + host);
  }

  /** typedefs.host_with_optional_port. */
  static Optional<String> hostWithOptionalPort(String host) {
    RouterHost parsed = RouterHost.parse(host);
    String name = parsed.hasPort() ? stripPort(host) : host;
    return isHostOrIp(name) ? Optional.empty() : Optional.of("invalid value: " + host);
  }

  private static String stripPort(String host) {
    return host.substring(0, host.lastIndexOf(':'));
  }

  /** A route host: at most one wildcard, as the whole leftmost or rightmost label. */
  static Optional<String> routeHost(String host) {
    int stars = (int) host.chars().filter(c -> c == '*').count();
    if (stars > 1) {
      return Optional.of("invalid wildcard: must have at most one wildcard");
    }
    String withoutPort = RouterHost.parse(host).hasPort() ? stripPort(host) : host;
    if (stars == 1 && !withoutPort.startsWith("*.") && !withoutPort.endsWith(".*")) {
      return Optional.of("invalid wildcard: must be placed at leftmost or rightmost label");
    }
    return hostWithOptionalPort(host.replace("*", "abc")).map(reason -> "invalid value: " + host);
  }

  /** An SNI: a name (wildcards allowed as for hosts), never an IP, never a port. */
  static Optional<String> sni(String sni) {
    Optional<String> wildcard = routeHost(sni);
    if (wildcard.isPresent()) {
      return wildcard;
    }
    if (RouterHost.parse(sni).hasPort()) {
      return Optional.of("must not have a port");
    }
    String name = sni.replace("*", "abc");
    return HostMatcher.isIpLiteral(name) || name.startsWith("[")
        ? Optional.of("must not be an IP")
        : Optional.empty();
  }

  static Optional<String> headerName(String name) {
    return HEADER_NAME.matcher(name).matches()
        ? Optional.empty()
        : Optional.of(
            "bad header name '" + name + "', allowed characters are A-Z, a-z, 0-9, '_', and '-'");
  }

  static Optional<String> method(String method) {
    return METHOD.matcher(method).matches()
        ? Optional.empty()
        : Optional.of("invalid value: " + method + " (expected: upper-case letters, e.g. GET)");
  }

  /** typedefs.path: a service path or a health-check path. */
  static Optional<String> path(String path) {
    if (!path.startsWith("/")) {
      return Optional.of("should start with: /");
    }
    if (path.contains("//")) {
      return Optional.of("must not have empty segments");
    }
    if (!PATH_CHARS.matcher(path).matches()) {
      return Optional.of(
          "invalid path: '"
              + path
              + "' (characters outside of the reserved list of RFC 3986 found)");
    }
    return percent(path);
  }

  private static Optional<String> percent(String path) {
    String raw = PERCENT_TRIPLET.matcher(path).replaceAll("___");
    int bad = raw.indexOf('%');
    if (bad >= 0) {
      return Optional.of(
          "invalid url-encoded value: '"
              + raw.substring(bad, Math.min(raw.length(), bad + 3))
              + "'");
    }
    return Optional.empty();
  }

  /** typedefs.router_path: a normalised prefix, or {@code ~} and a regex Java can compile. */
  static Optional<String> routerPath(String path) {
    if (!path.startsWith("/") && !path.startsWith("~/")) {
      return Optional.of("should start with: / (fixed path) or ~/ (regex path)");
    }
    if (path.contains("//")) {
      return Optional.of("must not have empty segments");
    }
    Optional<String> percent = percent(path);
    if (percent.isPresent()) {
      return percent;
    }
    if (!path.startsWith("~")) {
      String normalized =
          RouterPath.toText(RouterPath.normalize(RouterPath.configuredToByteView(path)));
      return normalized.equals(path)
          ? Optional.empty()
          : Optional.of("non-normalized path, consider use '" + normalized + "' instead");
    }
    try {
      RouterRegex.compile(path.substring(1));
      return Optional.empty();
    } catch (PatternSyntaxException e) {
      return Optional.of("invalid regex: '" + path.substring(1) + "' (" + e.getDescription() + ")");
    }
  }

  /** A header value regex ({@code ~*...}). */
  static Optional<String> headerRegex(String value) {
    try {
      Pattern.compile(value.substring(2));
      return Optional.empty();
    } catch (PatternSyntaxException e) {
      return Optional.of(
          "invalid regex: '" + value.substring(2) + "' (" + e.getDescription() + ")");
    }
  }
}
