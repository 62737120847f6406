package io.causeway.gateway;

import io.causeway.gateway.RouteMatch.Captures;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A route's path regex, compiled for Java. Kong's regexes are PCRE/Rust flavoured: named groups may
 * be written {@code (?P<name>...)} and names may contain {@code _}, neither of which Java accepts,
 * so groups are renamed to Java-safe aliases and the captures reported under their original names.
 */
final class RouterRegex {

  private final Pattern pattern;
  private final Map<String, String> originalNames;

  private RouterRegex(Pattern pattern, Map<String, String> originalNames) {
    this.pattern = pattern;
    this.originalNames = Map.copyOf(originalNames);
  }

  /**
   * Compiles a route path regex (without its {@code ~}), anchored at the start as Kong does.
   *
   * @throws java.util.regex.PatternSyntaxException when the regex is invalid
   */
  static RouterRegex compile(String regex) {
    Map<String, String> names = new LinkedHashMap<>();
    String translated = renameGroups(RouterPath.configuredToByteView(regex), names);
    return new RouterRegex(Pattern.compile("^(?:" + translated + ")"), names);
  }

  /** Rewrites {@code (?<name>} and {@code (?P<name>} to {@code (?<cwN>}, outside classes. */
  private static String renameGroups(String regex, Map<String, String> names) {
    StringBuilder out = new StringBuilder(regex.length() + 16);
    boolean inClass = false;
    for (int i = 0; i < regex.length(); i++) {
      char c = regex.charAt(i);
      if (c == '\\' && i + 1 < regex.length()) {
        out.append(c).append(regex.charAt(++i));
        continue;
      }
      if (inClass) {
        inClass = c != ']';
        out.append(c);
        continue;
      }
      if (c == '[') {
        inClass = true;
        out.append(c);
        continue;
      }
      int nameStart = namedGroupStart(regex, i);
      int close = nameStart < 0 ? -1 : regex.indexOf('>', nameStart);
      if (close > nameStart) {
        String alias = "cw" + names.size();
        names.put(alias, regex.substring(nameStart, close));
        out.append("(?<").append(alias).append('>');
        i = close;
        continue;
      }
      out.append(c);
    }
    return out.toString();
  }

  /** Index where a group name starts when {@code i} opens a named group, else -1. */
  private static int namedGroupStart(String regex, int i) {
    if (regex.startsWith("(?P<", i)) {
      return i + 4;
    }
    if (regex.startsWith("(?<", i)
        && i + 3 < regex.length()
        && regex.charAt(i + 3) != '='
        && regex.charAt(i + 3) != '!') {
      return i + 3;
    }
    return -1;
  }

  Matcher matcher(String bytePath) {
    return pattern.matcher(bytePath);
  }

  /** Kong's {@code uri_captures}; none when the regex has no groups. */
  Captures captures(Matcher m) {
    if (m.groupCount() == 0) {
      return Captures.NONE;
    }
    List<String> positional = new ArrayList<>();
    for (int i = 0; i <= m.groupCount(); i++) {
      String g = m.group(i);
      positional.add(g == null ? "" : RouterPath.toText(g));
    }
    Map<String, String> named = new LinkedHashMap<>();
    originalNames.forEach(
        (alias, name) -> {
          String g = m.group(alias);
          if (g != null) {
            named.put(name, RouterPath.toText(g));
          }
        });
    return new Captures(positional, named);
  }
}
