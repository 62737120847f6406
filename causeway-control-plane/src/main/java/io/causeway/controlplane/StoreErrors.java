package io.causeway.controlplane;

import io.causeway.store.DuplicateKeyException;
import io.causeway.store.ReferenceException;
import io.causeway.store.StoreUnavailableException;

/** Maps what the store throws to answers: an unreachable database is 503, not 500. */
final class StoreErrors {
  private StoreErrors() {}

  static ApiException translate(Exception e) {
    return switch (e) {
      case StoreUnavailableException u ->
          ApiException.unavailable("The store is unavailable; retry later");
      case DuplicateKeyException d ->
          ApiException.conflict(
              "An entity with this name already exists"
                  + d.constraint().map(c -> " (" + c + ")").orElse(""));
      case ReferenceException r ->
          ApiException.conflict(
              "The entity is still referenced"
                  + r.constraint().map(c -> " (" + c + ")").orElse(""));
      default -> ApiException.internal();
    };
  }
}
