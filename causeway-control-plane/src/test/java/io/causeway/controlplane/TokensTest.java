package io.causeway.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokensTest {
  private final Tokens tokens = new Tokens(new SecureRandom());

  @Test
  void tokensArePrefixedAndCarry256RandomBits() {
    String token = tokens.newToken();
    assertThat(token).startsWith("cwt_").matches("cwt_[A-Za-z0-9_-]{43}");
  }

  @Test
  void tokensDoNotRepeat() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      assertThat(seen.add(tokens.newToken())).isTrue();
    }
  }

  @Test
  void theStoredHashIsTheSha256InLowerCaseHex() {
    // SHA-256("abc"), FIPS 180-2 appendix B.1.
    assertThat(Tokens.hash("abc"))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }
}
