package io.causeway.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private final Backoff backoff =
      new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), new SplittableRandom(42));

  @Test
  void doublesUpToTheCeilingWithJitterInTheUpperHalf() {
    for (int attempts = 1; attempts <= 12; attempts++) {
      long ceiling = Math.min(60_000, 1000L << (attempts - 1));
      Duration delay = backoff.delay(attempts, Optional.empty());
      assertThat(delay.toMillis()).isBetween(ceiling / 2, ceiling);
    }
  }

  @Test
  void honoursALongerRetryAfter() {
    assertThat(backoff.delay(1, Optional.of(Duration.ofSeconds(30))))
        .isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void ignoresAShorterRetryAfter() {
    assertThat(backoff.delay(10, Optional.of(Duration.ofMillis(1))).toMillis())
        .isGreaterThanOrEqualTo(30_000);
  }

  @Test
  void theSameSeedGivesTheSameDelays() {
    Backoff one = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), new SplittableRandom(7));
    Backoff two = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), new SplittableRandom(7));
    for (int attempts = 1; attempts <= 8; attempts++) {
      assertThat(one.delay(attempts, Optional.empty()))
          .isEqualTo(two.delay(attempts, Optional.empty()));
    }
  }
}
