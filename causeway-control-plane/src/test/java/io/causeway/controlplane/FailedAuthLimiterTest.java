package io.causeway.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FailedAuthLimiterTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final FailedAuthLimiter limiter =
      new FailedAuthLimiter(clock, 3, Duration.ofSeconds(10));

  @Test
  void blocksAnAddressOnceItsFailuresAreSpent() {
    for (int i = 0; i < 3; i++) {
      assertThat(limiter.blockedFor("10.0.0.1")).isEmpty();
      limiter.recordFailure("10.0.0.1");
    }
    assertThat(limiter.blockedFor("10.0.0.1")).contains(Duration.ofSeconds(10));
  }

  @Test
  void otherAddressesAreNotAffected() {
    for (int i = 0; i < 3; i++) {
      limiter.recordFailure("10.0.0.1");
    }
    assertThat(limiter.blockedFor("10.0.0.2")).isEmpty();
  }

  @Test
  void refillsOneAttemptPerPeriod() {
    for (int i = 0; i < 3; i++) {
      limiter.recordFailure("10.0.0.1");
    }
    clock.advance(Duration.ofSeconds(4));
    assertThat(limiter.blockedFor("10.0.0.1")).contains(Duration.ofSeconds(6));
    clock.advance(Duration.ofSeconds(6));
    assertThat(limiter.blockedFor("10.0.0.1")).isEmpty();
    limiter.recordFailure("10.0.0.1");
    assertThat(limiter.blockedFor("10.0.0.1")).isPresent();
  }

  @Test
  void neverHoldsMoreThanItsCapacity() {
    clock.advance(Duration.ofDays(1));
    for (int i = 0; i < 3; i++) {
      limiter.recordFailure("10.0.0.1");
    }
    assertThat(limiter.blockedFor("10.0.0.1")).isPresent();
  }
}
