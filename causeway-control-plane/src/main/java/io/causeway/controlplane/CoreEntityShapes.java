package io.causeway.controlplane;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.causeway.gateway.KongConfig;
import io.causeway.model.InvalidParameter;
import io.causeway.model.InvalidParameter.Rule;
import io.causeway.store.CoreEntityKind;
import io.causeway.store.CoreEntityRow;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kong's shapes of services, routes, upstreams and targets: defaults, the service {@code url}
 * shorthand, and validation by the data plane's own rules ({@link KongConfig}), so the API and
 * the data planes never disagree about what is valid. Stored documents hold every field with its
 * default; {@code id}, timestamps and the parent reference live in their own columns.
 */
final class CoreEntityShapes {
  /** Fields the API manages itself; a body may carry them, they are not part of the document. */
  static final List<String> MANAGED = List.of("id", "created_at", "updated_at");

  private static final Pattern INDEX = Pattern.compile("\\[(\\d+)]");

  private CoreEntityShapes() {}

  /** Kong 3.x defaults of one kind (Admin API answers show every field). */
  static ObjectNode defaults(CoreEntityKind kind) {
    ObjectNode d = Json.object();
    switch (kind) {
      case SERVICES -> {
        d.putNull("name");
        d.put("protocol", "http");
        d.put("port", 80);
        d.putNull("path");
        d.put("retries", 5);
        d.put("connect_timeout", 60_000);
        d.put("write_timeout", 60_000);
        d.put("read_timeout", 60_000);
        d.put("enabled", true);
        d.putNull("tls_verify");
        d.putNull("tls_verify_depth");
        d.putNull("ca_certificates");
        d.putNull("client_certificate");
      }
      case ROUTES -> {
        d.putNull("name");
        d.putArray("protocols").add("http").add("https");
        for (String f : List.of("methods", "hosts", "paths", "headers", "snis", "sources",
            "destinations")) {
          d.putNull(f);
        }
        d.put("https_redirect_status_code", 426);
        d.put("regex_priority", 0);
        d.put("strip_path", true);
        d.put("path_handling", "v0");
        d.put("preserve_host", false);
        d.put("request_buffering", true);
        d.put("response_buffering", true);
      }
      case UPSTREAMS -> {
        d.put("algorithm", "round-robin");
        d.put("hash_on", "none");
        d.put("hash_fallback", "none");
        d.putNull("hash_on_header");
        d.putNull("hash_fallback_header");
        d.putNull("hash_on_cookie");
        d.put("hash_on_cookie_path", "/");
        d.put("slots", 10_000);
        d.putNull("host_header");
        d.putNull("client_certificate");
        d.put("use_srv_name", false);
      }
      case TARGETS -> d.put("weight", 100);
    }
    d.putNull("tags");
    return d;
  }

  /**
   * The document to store: {@code given} over the defaults, the {@code url} shorthand expanded
   * (Kong's rule: the scheme's port when none is given, no path when it is empty or {@code /}
   * is absent). Call only for a document {@link #check} accepted.
   */
  static ObjectNode normalize(CoreEntityKind kind, ObjectNode given) {
    ObjectNode doc = defaults(kind);
    ObjectNode body = given.deepCopy();
    MANAGED.forEach(body::remove);
    body.remove(List.of("service", "upstream"));
    if (kind == CoreEntityKind.SERVICES && body.hasNonNull("url")) {
      URI url = URI.create(body.remove("url").asText());
      body.put("protocol", url.getScheme().toLowerCase(java.util.Locale.ROOT));
      String host = url.getHost();
      body.put("host", host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
      body.put("port", url.getPort() >= 0 ? url.getPort()
          : url.getScheme().equalsIgnoreCase("https") ? 443 : 80);
      String path = url.getRawPath();
      if (path == null || path.isEmpty()) {
        body.putNull("path");
      } else {
        body.put("path", path);
      }
    } else if (kind == CoreEntityKind.SERVICES && !body.hasNonNull("port")
        && "https".equals(body.path("protocol").asText())) {
      body.put("port", 443);
    }
    body.remove("url");
    doc.setAll(body);
    return doc;
  }

  /**
   * Checks one entity alone (with a stand-in parent) by the data plane's rules; a 400 naming
   * every field path ({@code paths.0}) otherwise.
   */
  static void check(CoreEntityKind kind, UUID id, ObjectNode doc, Optional<UUID> parentId) {
    ObjectNode root = Json.object();
    root.put("_format_version", "3.0");
    ObjectNode entity = doc.deepCopy();
    MANAGED.forEach(entity::remove);
    entity.put("id", id.toString());
    switch (kind) {
      case ROUTES -> parentId.ifPresent(p -> {
        root.putArray("services").addObject().put("id", p.toString())
            .put("host", "parent.invalid");
        entity.putObject("service").put("id", p.toString());
      });
      case TARGETS -> parentId.ifPresent(p -> {
        root.putArray("upstreams").addObject().put("id", p.toString())
            .put("name", "parent-" + p);
        entity.putObject("upstream").put("id", p.toString());
      });
      case SERVICES, UPSTREAMS -> { }
    }
    root.putArray(kind.wire()).add(entity);
    if (KongConfig.check(Json.write(root)) instanceof KongConfig.Check.Invalid invalid) {
      throw ApiException.badRequest(parameters(invalid.problems(), kind.wire() + "[0]"));
    }
  }

  /** Gateway problems as {@code invalid_parameters}, paths relative to {@code prefix}. */
  static List<InvalidParameter> parameters(List<KongConfig.Problem> problems, String prefix) {
    List<InvalidParameter> out = new ArrayList<>();
    for (KongConfig.Problem p : problems) {
      String path = p.path();
      if (path.equals(prefix)) {
        path = "";
      } else if (path.startsWith(prefix + ".")) {
        path = path.substring(prefix.length() + 1);
      }
      String field = dotted(path);
      String shown = field.isEmpty() ? "@entity" : field;
      Rule rule = p.reason().startsWith("unknown field") ? Rule.UNKNOWN_PROPERTY : Rule.INVALID;
      out.add(InvalidParameter.of(shown, rule, shown + ": " + p.reason()));
    }
    return out;
  }

  /** {@code paths[0]} → {@code paths.0}, as the contract writes field paths. */
  static String dotted(String path) {
    Matcher m = INDEX.matcher(path);
    return m.replaceAll(".$1");
  }

  /** What must be unique per control plane and kind: the name, or a target's address. */
  static Optional<String> uniqueKey(CoreEntityKind kind, ObjectNode doc, Optional<UUID> parent) {
    return switch (kind) {
      case TARGETS -> Optional.of(parent.map(UUID::toString).orElse("") + "/"
          + doc.path("target").asText());
      case SERVICES, ROUTES, UPSTREAMS -> Optional.ofNullable(doc.get("name"))
          .filter(JsonNode::isTextual).map(JsonNode::asText);
    };
  }

  /** The Admin API shape: the document, the id, Kong's integer timestamps, the parent. */
  static ObjectNode render(CoreEntityRow row) {
    ObjectNode out = Json.object();
    out.put("id", row.id().toString());
    out.put("created_at", row.createdAt().getEpochSecond());
    out.put("updated_at", row.updatedAt().getEpochSecond());
    out.setAll((ObjectNode) Json.read(row.document()));
    switch (row.kind()) {
      case ROUTES -> out.set("service", row.parentId()
          .<JsonNode>map(p -> Json.object().put("id", p.toString()))
          .orElse(NullNode.getInstance()));
      case TARGETS -> row.parentId().ifPresent(p -> out.putObject("upstream")
          .put("id", p.toString()));
      case SERVICES, UPSTREAMS -> { }
    }
    return out;
  }

  /** The entity as it goes into a snapshot: no timestamps (they would change the hash). */
  static ObjectNode forSnapshot(CoreEntityRow row) {
    ObjectNode out = render(row);
    out.remove(List.of("created_at", "updated_at"));
    if (out.path("service").isNull()) {
      out.remove("service");
    }
    return out;
  }

  /** True when every tag of a {@code tags} query (',' = and, '/' = or) matches. */
  static boolean hasTags(ObjectNode doc, Optional<String> query) {
    if (query.isEmpty()) {
      return true;
    }
    List<String> tags = new ArrayList<>();
    if (doc.get("tags") instanceof ArrayNode array) {
      array.forEach(t -> tags.add(t.asText()));
    }
    String q = query.get();
    if (q.contains("/")) {
      for (String t : q.split("/")) {
        if (tags.contains(t)) {
          return true;
        }
      }
      return false;
    }
    for (String t : q.split(",")) {
      if (!tags.contains(t)) {
        return false;
      }
    }
    return true;
  }
}
