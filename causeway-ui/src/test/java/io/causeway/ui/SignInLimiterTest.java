package io.causeway.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SignInLimiterTest {
  private Instant now = Instant.parse("2026-11-26T10:00:00Z");
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneId getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now;
        }
      };
  private final SignInLimiter limiter = new SignInLimiter(clock, 3, Duration.ofSeconds(30));

  @Test
  void letsAClientFailUpToTheBurstThenBlocksIt() {
    for (int i = 0; i < 2; i++) {
      limiter.recordFailure("192.0.2.1");
      assertThat(limiter.blockedFor("192.0.2.1")).isEmpty();
    }
    limiter.recordFailure("192.0.2.1");
    assertThat(limiter.blockedFor("192.0.2.1")).hasValue(Duration.ofSeconds(30));
    assertThat(limiter.blockedFor("192.0.2.2")).isEmpty();
  }

  @Test
  void refillsOneAttemptPerPeriod() {
    for (int i = 0; i < 4; i++) {
      limiter.recordFailure("192.0.2.1");
    }
    assertThat(limiter.blockedFor("192.0.2.1")).hasValue(Duration.ofSeconds(60));
    now = now.plusSeconds(30);
    assertThat(limiter.blockedFor("192.0.2.1")).hasValue(Duration.ofSeconds(30));
    now = now.plusSeconds(30);
    assertThat(limiter.blockedFor("192.0.2.1")).isEmpty();
  }
}
