package io.causeway.controlplane;

import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * User writes are optimistic (entity_version). The reconciler bumps the version whenever the
 * state changes, so a user write that lost such a race is read and applied again; only repeated
 * losses (a real concurrent user edit storm) surface as 409.
 */
final class Retries {
  private static final int ATTEMPTS = 5;

  private Retries() {}

  static <T> T optimistic(UUID id, Supplier<Optional<T>> attempt) {
    for (int i = 0; i < ATTEMPTS; i++) {
      Optional<T> done = attempt.get();
      if (done.isPresent()) {
        return done.get();
      }
    }
    throw NetworksApi.changedMeanwhile(id);
  }
}
