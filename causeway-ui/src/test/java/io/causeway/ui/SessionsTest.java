package io.causeway.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SessionsTest {
  private Instant now = Instant.parse("2026-11-26T10:00:00Z");
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now;
        }
      };
  private final Sessions sessions =
      new Sessions(new SecureRandom(), clock, Duration.ofMinutes(30), Duration.ofHours(12));

  @Test
  void keepsASessionAliveWhileItIsUsed() {
    Session s = sessions.open("cw_pat_a");
    for (int i = 0; i < 5; i++) {
      now = now.plus(Duration.ofMinutes(29));
      assertThat(sessions.use(s.id())).map(Session::token).hasValue("cw_pat_a");
    }
  }

  @Test
  void forgetsASessionAfterItsIdleTimeout() {
    Session s = sessions.open("cw_pat_a");
    now = now.plus(Duration.ofMinutes(30));
    assertThat(sessions.use(s.id())).isEmpty();
    assertThat(sessions.size()).isZero();
  }

  @Test
  void endsEvenABusySessionAfterItsLifetime() {
    Session s = sessions.open("cw_pat_a");
    for (int i = 0; i < 25; i++) {
      now = now.plus(Duration.ofMinutes(29));
      sessions.use(s.id());
    }
    assertThat(sessions.use(s.id())).isEmpty();
  }

  @Test
  void givesEverySessionItsOwnUnguessableIdAndCsrfValue() {
    Session a = sessions.open("cw_pat_a");
    Session b = sessions.open("cw_pat_a");
    assertThat(a.id()).isNotEqualTo(b.id()).hasSize(43);
    assertThat(a.csrf()).isNotEqualTo(a.id()).isNotEqualTo(b.csrf());
    assertThat(a.toString()).doesNotContain("cw_pat_a").doesNotContain(a.id());
  }

  @Test
  void signOutForgetsTheSession() {
    Session s = sessions.open("cw_pat_a");
    sessions.close(s.id());
    assertThat(sessions.use(s.id())).isEmpty();
  }
}
