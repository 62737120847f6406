package io.causeway.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The routes one successful read accepted, keyed by their JSON content, so the next read of a
 * snapshot (a data plane gets the whole configuration on every change) skips the checks of every
 * route whose JSON did not change: on 10,000 routes, that is most of the reader's time.
 *
 * <p>A route's own checks depend only on its JSON and on the service it belongs to, which is
 * part of the key; what depends on the rest of the document (duplicate ids and names) is checked
 * again on every read by the reader, so an invalid document gets the same problems whichever
 * way its routes were read. Only routes with an explicit {@code id} are kept: without one, the
 * id depends on the route's position. Immutable; a read fills a new one from what it used, so
 * the memo never holds more than one document's routes.
 */
final class DeclarativeConfigMemo {
  static final DeclarativeConfigMemo EMPTY = new DeclarativeConfigMemo(Map.of());

  /** A route's JSON as read (Jackson trees compare by content) and the service it is under. */
  record Key(JsonNode node, Optional<UUID> serviceId) {}

  private final Map<Key, RouteDef> routes;

  private DeclarativeConfigMemo(Map<Key, RouteDef> routes) {
    this.routes = routes;
  }

  /** The key of a route, or empty when its result could depend on where it is in the file. */
  static Optional<Key> key(JsonNode node, Optional<UUID> serviceId) {
    JsonNode id = node.get("id");
    return id != null && id.isTextual() ? Optional.of(new Key(node, serviceId)) : Optional.empty();
  }

  /** The route read from the same JSON under the same service last time, if it was valid. */
  Optional<RouteDef> route(Key key) {
    return Optional.ofNullable(routes.get(key));
  }

  int size() {
    return routes.size();
  }

  /** Collects the routes of one read into the memo for the next. Not thread-safe. */
  static final class Builder {
    private final Map<Key, RouteDef> routes = new HashMap<>();

    void add(Key key, RouteDef route) {
      routes.put(key, route);
    }

    DeclarativeConfigMemo build() {
      return new DeclarativeConfigMemo(routes);
    }
  }
}
