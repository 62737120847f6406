package io.causeway.controlplane;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.causeway.store.AuditRow;
import io.causeway.store.Store;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records every change attempted through the API by an authenticated caller, in one place for
 * every route: who (token id and name, organisation), what (method, path, route, entity kind and
 * id), the entity before (what the same path's {@code GET} handler answers the caller just
 * before the change, run in process by {@link InProcessGet}) and after (the change's answer),
 * when, the request id and the status. Secrets are redacted from both documents; documents
 * over {@value #MAX_DOCUMENT} characters are replaced by a note of their size.
 *
 * <p>The guarantee, honestly: the row is written after the change's own transaction committed,
 * in a transaction of its own. A crash between the two, or a store failure when writing the row
 * (logged at ERROR with the request id), loses the row while the change stays. {@code before} is
 * what a read saw just before the change, not a locked snapshot: a concurrent writer can slip in
 * between. Rows older than the retention are pruned at most once an hour, on write.
 */
final class AuditLog {
  static final int MAX_DOCUMENT = 65_536;
  static final Duration DEFAULT_RETENTION = Duration.ofDays(90);
  static final String RETENTION_VARIABLE = "CAUSEWAY_AUDIT_RETENTION_DAYS";
  private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
  private static final String STATE = "causeway.audit";
  private static final Set<String> CHANGES = Set.of("POST", "PUT", "PATCH", "DELETE");
  private static final Set<String> WITH_BEFORE = Set.of("PUT", "PATCH", "DELETE");
  private static final Pattern SECRET =
      Pattern.compile("(?i).*(token|secret|password|private_?key|credential).*");
  private static final Duration PRUNE_EVERY = Duration.ofHours(1);

  /** What {@link #before} learnt, kept on the request until {@link #after}. */
  private record Pending(Principal who, String route, Optional<Before> before) {}

  /**
   * The entity before a change: the document to store, and the parsed one (for the entity's id)
   * unless it was too large to be worth parsing.
   */
  record Before(Optional<JsonNode> node, String stored) {}

  private final Store store;
  private final Clock clock;
  private final Duration retention;
  private final AtomicReference<Optional<InProcessGet>> reads =
      new AtomicReference<>(Optional.empty());
  private final AtomicReference<Instant> lastPrune = new AtomicReference<>(Instant.MIN);

  AuditLog(Store store, Clock clock, Duration retention) {
    this.store = store;
    this.clock = clock;
    this.retention = retention;
  }

  /**
   * Hands over the server's GET handlers, so that {@code before} documents can be read; until
   * then changes are recorded without them.
   */
  void listening(InProcessGet gets) {
    reads.set(Optional.of(gets));
    try {
      // At start rather than on the first change, which should not pay for it.
      prune();
    } catch (RuntimeException e) {
      LOG.warn("audit: pruning rows older than {} days failed: {}", retention.toDays(),
          e.toString());
    }
  }

  /** The retention from {@value #RETENTION_VARIABLE} (whole days, 1 or more), or 90 days. */
  static Duration retention(Map<String, String> environment) {
    String raw = environment.get(RETENTION_VARIABLE);
    if (raw == null || raw.isBlank()) {
      return DEFAULT_RETENTION;
    }
    try {
      long days = Long.parseLong(raw.strip());
      if (days >= 1 && days <= 36_500) {
        return Duration.ofDays(days);
      }
    } catch (NumberFormatException e) {
      // reported below, with the value
    }
    throw new IllegalArgumentException(
        RETENTION_VARIABLE + ": " + raw + " (expected: whole days, 1-36500)");
  }

  static boolean isChange(String method) {
    return CHANGES.contains(method);
  }

  /** Called once the caller is authorised for {@code route}: reads the entity as it is. */
  void before(Context ctx, Principal who, String route) {
    String method = ctx.method().name();
    if (!isChange(method)) {
      return;
    }
    Optional<Before> before = WITH_BEFORE.contains(method)
        && Roles.rule("GET", route).isPresent()
        ? read(ctx, who, route)
        : Optional.empty();
    ctx.attribute(STATE, new Pending(who, route, before));
  }

  /** Called after every change whose caller was known (also when it was refused or failed). */
  void after(Context ctx) {
    String method = ctx.method().name();
    if (!isChange(method)) {
      return;
    }
    Pending pending = ctx.attribute(STATE);
    Principal who = ctx.attribute(Authenticator.ATTRIBUTE);
    if (who == null) {
      return;
    }
    if (pending == null) {
      // Refused before the route was authorised (e.g. a 403 from Roles).
      pending = new Pending(who, route(ctx).orElse(ctx.path()), Optional.empty());
    }
    int status = ctx.statusCode();
    Optional<JsonNode> after = status >= 200 && status < 300 ? body(ctx) : Optional.empty();
    Entity entity = Entity.of(pending.route(), ctx.path(), status, after,
        pending.before().flatMap(Before::node));
    // Cut to the columns' sizes: a long hostile path must not cost the row.
    AuditRow row = new AuditRow(UUID.randomUUID(), who.organizationId(), clock.instant(),
        ApiServer.requestId(ctx), who.tokenId(), cut(who.tokenName(), 255), method,
        cut(ctx.path(), 2048), cut(pending.route(), 1024), entity.kind().map(k -> cut(k, 64)),
        entity.id().map(i -> cut(i, 255)), status,
        pending.before().map(Before::stored), after.map(AuditLog::document));
    try {
      store.auditLog().append(row);
      prune();
    } catch (RuntimeException e) {
      // The change itself is done; answering an error now would invite a duplicate retry.
      LOG.error("audit row for {} {} (request {}) not written: {}", method, ctx.path(),
          row.requestId(), e.toString());
    }
  }

  private static String cut(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max);
  }

  static Optional<String> route(Context ctx) {
    try {
      var endpoint = ctx.endpoints().matchedHttpEndpoint();
      return endpoint != null && endpoint.method.isHttpMethod()
          ? Optional.of(endpoint.path) : Optional.empty();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private void prune() {
    Instant now = clock.instant();
    Instant last = lastPrune.get();
    if (last.isAfter(now.minus(PRUNE_EVERY)) || !lastPrune.compareAndSet(last, now)) {
      return;
    }
    int pruned = store.auditLog().deleteOlderThan(now.minus(retention));
    if (pruned > 0) {
      LOG.info("pruned {} audit rows older than {} days", pruned, retention.toDays());
    }
  }

  private Optional<Before> read(Context ctx, Principal who, String route) {
    Optional<InProcessGet> gets = reads.get();
    if (gets.isEmpty()) {
      return Optional.empty();
    }
    try {
      // The caller must be allowed to read what it changes; Roles makes that so, checked anyway.
      Roles.authorize(who, "GET", Optional.of(route));
      return gets.get().read(ctx, ctx.path()).flatMap(AuditLog::before);
    } catch (RuntimeException e) {
      LOG.warn("audit: could not read {} before the change: {}", ctx.path(), e.toString());
      return Optional.empty();
    }
  }

  private static Optional<JsonNode> body(Context ctx) {
    String type = ctx.res().getContentType();
    if (type == null || !type.startsWith("application/json")) {
      return Optional.empty();
    }
    try {
      InputStream in = ctx.resultInputStream();
      if (in == null || !in.markSupported()) {
        return Optional.empty();
      }
      in.mark(Integer.MAX_VALUE);
      byte[] bytes = in.readAllBytes();
      in.reset();
      return Optional.of(Json.read(new String(bytes, StandardCharsets.UTF_8)));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * The entity as a {@code GET} answered it just before the change ({@code text}); empty for a
   * list, which is not the entity an upsert on a collection path changes.
   */
  static Optional<Before> before(String text) {
    if (text.length() > MAX_DOCUMENT) {
      // Only its size is stored: parsing and writing again megabytes (a whole declarative
      // configuration) for that would cost more than the change itself.
      return isList(text) ? Optional.empty() : Optional.of(new Before(Optional.empty(),
          note(text.length())));
    }
    JsonNode node = Json.read(text);
    return node.at("/meta/page").isMissingNode()
        ? Optional.of(new Before(Optional.of(node), document(node)))
        : Optional.empty();
  }

  /** A page of a list, told by its first field ({@link Wire#page} writes {@code meta} first). */
  private static boolean isList(String text) {
    try (JsonParser parser = Json.MAPPER.getFactory().createParser(text)) {
      return parser.nextToken() == JsonToken.START_OBJECT
          && parser.nextToken() == JsonToken.FIELD_NAME && parser.currentName().equals("meta")
          && parser.nextToken() == JsonToken.START_OBJECT
          && parser.nextToken() == JsonToken.FIELD_NAME && parser.currentName().equals("page");
    } catch (IOException e) {
      return false;
    }
  }

  /** The document as stored: secrets redacted, or a note of its size when too large. */
  static String document(JsonNode node) {
    String text = Json.write(redact(node.deepCopy()));
    return text.length() <= MAX_DOCUMENT ? text : note(text.length());
  }

  private static String note(int characters) {
    ObjectNode note = Json.object();
    note.put("truncated", true);
    note.put("characters", characters);
    return Json.write(note);
  }

  /** Replaces the value of every field whose name says it holds a secret, at any depth. */
  static JsonNode redact(JsonNode node) {
    if (node instanceof ObjectNode object) {
      for (Map.Entry<String, JsonNode> field : object.properties()) {
        if (SECRET.matcher(field.getKey()).matches() && field.getValue().isValueNode()
            && !field.getValue().isNull() && !field.getValue().isBoolean()) {
          field.setValue(Json.MAPPER.getNodeFactory().textNode("[redacted]"));
        } else {
          redact(field.getValue());
        }
      }
    } else if (node.isArray()) {
      node.forEach(AuditLog::redact);
    }
    return node;
  }

  /** The entity a change is about, from the route's pattern and the documents. */
  record Entity(Optional<String> kind, Optional<String> id) {
    static Entity of(String route, String path, int status, Optional<JsonNode> after,
        Optional<JsonNode> before) {
      String[] pattern = route.split("/");
      String[] actual = path.split("/");
      int lastParam = -1;
      for (int i = 0; i < pattern.length; i++) {
        if (pattern[i].startsWith("{")) {
          lastParam = i;
        }
      }
      Optional<String> documentId = after.or(() -> before)
          .map(n -> n.path("id")).filter(JsonNode::isTextual).map(JsonNode::asText);
      int last = pattern.length - 1;
      if (last < 0) {
        return new Entity(Optional.empty(), Optional.empty());
      }
      if (lastParam == last && last > 0) {
        return new Entity(Optional.of(pattern[last - 1]),
            documentId.or(() -> value(actual, last)));
      }
      boolean created = status == 201 && documentId.isPresent();
      if (lastParam < 1 || created) {
        return new Entity(Optional.of(pattern[last]), documentId);
      }
      // An action on an entity (verify, exec, a declarative config): the entity it acts on.
      return new Entity(Optional.of(pattern[lastParam - 1]), value(actual, lastParam));
    }

    private static Optional<String> value(String[] actual, int index) {
      return index < actual.length ? Optional.of(actual[index]) : Optional.empty();
    }
  }
}
