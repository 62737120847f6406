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
          // The constraint name is a database detail; the user needs to know the name is taken.
          ApiException.conflict(
              "An entity with this name already exists here; names are unique, choose another");
      case ReferenceException r ->
          ApiException.conflict(
              "The entity is still referenced by others; delete those first");
      default -> ApiException.internal();
    };
  }
}
