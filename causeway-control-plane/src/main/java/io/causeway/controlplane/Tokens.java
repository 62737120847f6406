package io.causeway.controlplane;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * API tokens: {@code cwt_} followed by 256 random bits (base64url). Only the SHA-256 of a token is
 * stored; a token is shown once, when it is made. A fast hash is enough because the token has
 * full entropy (nothing to brute-force from a dictionary).
 */
final class Tokens {
  static final String PREFIX = "cwt_";
  private static final int RANDOM_BYTES = 32;

  private final SecureRandom random;

  Tokens(SecureRandom random) {
    this.random = random;
  }

  String newToken() {
    byte[] bytes = new byte[RANDOM_BYTES];
    random.nextBytes(bytes);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static String hash(String token) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha256.digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
