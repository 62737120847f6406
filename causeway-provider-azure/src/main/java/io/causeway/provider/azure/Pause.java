package io.causeway.provider.azure;

import io.causeway.model.ProviderException;
import java.time.Duration;
import java.util.Optional;

/** Waits between polls and retries; tests inject one that records instead of sleeping. */
@FunctionalInterface
interface Pause {
  void pause(Duration duration);

  /** Sleeps the calling thread; an interrupt ends the provider call as a transient failure. */
  static Pause sleeping() {
    return duration -> {
      try {
        Thread.sleep(duration);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ProviderException("interrupted while waiting for Azure", Optional.empty(), e);
      }
    };
  }
}
