package io.causeway.provider.azure;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Access tokens for Azure Resource Manager, one per Entra tenant, for the one multi-tenant app.
 * Implementations cache tokens until shortly before they expire. Thread-safe; may block.
 */
interface TokenSource {
  /**
   * A bearer token for ARM issued by {@code tenantId}.
   *
   * @throws TokenFailure when Entra refuses (consent missing, bad credentials) or is unreachable
   */
  String token(String tenantId);

  /** Entra refused a token or could not be reached. The message never holds a secret. */
  final class TokenFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private static final Pattern AADSTS = Pattern.compile("AADSTS(\\d+)");
    private final String tenantId;
    private final boolean transientFailure;

    TokenFailure(String tenantId, String message, boolean transientFailure) {
      super(message, null, false, false);
      this.tenantId = tenantId;
      this.transientFailure = transientFailure;
    }

    String tenantId() {
      return tenantId;
    }

    /** True when Entra could not be reached or answered 5xx/429: worth a retry as is. */
    boolean isTransient() {
      return transientFailure;
    }

    /** The AADSTS error number in Entra's answer, e.g. 700016. */
    Optional<Integer> aadsts() {
      Matcher m = AADSTS.matcher(String.valueOf(getMessage()));
      return m.find() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
    }

    /** Consent missing in the tenant, or the service principal consent made was deleted. */
    boolean isConsentMissing() {
      return aadsts().filter(code -> code == 700016 || code == 7000229).isPresent();
    }

    /** The tenant does not exist (AADSTS90002): the tenant id is wrong. */
    boolean isTenantNotFound() {
      return aadsts().filter(code -> code == 90002).isPresent();
    }
  }
}
