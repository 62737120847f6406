package io.causeway.controlplane;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Data-plane join tokens: {@code cwj1.<256 random bits, base64url>.<CA fingerprint, hex>}. The
 * fingerprint lets a new data plane trust the cluster listener before it has any certificate;
 * only the token's SHA-256 is stored, and it is redeemed at most once.
 */
final class JoinTokens {
  static final String PREFIX = "cwj1.";
  private static final Pattern SHAPE =
      Pattern.compile("cwj1\\.[A-Za-z0-9_-]{43}\\.[0-9a-f]{64}");

  private final SecureRandom random;

  JoinTokens(SecureRandom random) {
    this.random = random;
  }

  String newToken(String caFingerprint) {
    byte[] secret = new byte[32];
    random.nextBytes(secret);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret) + "."
        + caFingerprint;
  }

  /** The token's hash when it has the token shape, else empty (answered like an unknown one). */
  static Optional<String> hashOf(String token) {
    return SHAPE.matcher(token).matches() ? Optional.of(Tokens.hash(token)) : Optional.empty();
  }
}
