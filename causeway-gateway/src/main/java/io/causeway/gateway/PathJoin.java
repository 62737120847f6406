package io.causeway.gateway;

import io.causeway.gateway.RouteDef.PathHandling;

/**
 * Builds the upstream path from the service path, the matched prefix and the request path, with
 * Kong's slash rules ({@code kong/router/utils.lua} for v0, the traditional router for v1). The
 * table in {@code spec/fixtures/router_path_handling_tests.lua} pins every case; our test runs all
 * of them.
 */
final class PathJoin {
  private PathJoin() {}

  /**
   * @param servicePath the service path, {@code /} when the service has none
   * @param requestPath the normalised request path
   * @param strippedPrefix the matched path when the route strips it, else {@code /}
   */
  static String upstreamPath(
      PathHandling handling,
      boolean stripPath,
      String servicePath,
      String requestPath,
      String strippedPrefix) {
    String postfix =
        RouterPath.sanitizePostfix(
            requestPath.length() > strippedPrefix.length()
                ? requestPath.substring(strippedPrefix.length())
                : "");
    return switch (handling) {
      case V0 -> v0(stripPath, postfix, requestPath, servicePath);
      case V1 -> v1(stripPath, postfix, requestPath, servicePath);
    };
  }

  /** v0 puts exactly one slash between the service path and what follows it. */
  private static String v0(boolean strip, String postfix, String requestPath, String base) {
    if (base.endsWith("/")) {
      if (!strip) {
        return base + requestPath.substring(1);
      }
      if (postfix.isEmpty()) {
        if (base.equals("/") || requestPath.endsWith("/")) {
          return base;
        }
        return base.substring(0, base.length() - 1);
      }
      return postfix.startsWith("/")
          ? base.substring(0, base.length() - 1) + postfix
          : base + postfix;
    }
    if (!strip) {
      return requestPath.equals("/") ? base : base + requestPath;
    }
    if (postfix.isEmpty()) {
      return requestPath.length() > 1 && requestPath.endsWith("/") ? base + "/" : base;
    }
    return postfix.startsWith("/") ? base + postfix : base + "/" + postfix;
  }

  /** v1 concatenates as it is, only collapsing the one slash both sides would bring. */
  private static String v1(boolean strip, String postfix, String requestPath, String base) {
    if (!strip) {
      return base + requestPath.substring(1);
    }
    if (base.endsWith("/") && postfix.startsWith("/")) {
      return base.substring(0, base.length() - 1) + postfix;
    }
    return base + postfix;
  }
}
