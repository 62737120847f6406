package io.causeway.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Applies a control plane's {@code delta} message to the snapshot document a data plane serves:
 * {@code base[0, start) + text + base[end, ...)}, accepted only when the delta was made from that
 * very document ({@code base_hash}) and the result is the document the control plane announced
 * (its SHA-256 equals {@code config_hash}, the hash a whole snapshot of that version carries).
 * Anything else (a gap, a refused snapshot in between, a corrupted splice) is a mismatch, after
 * which the data plane asks for a whole snapshot.
 */
final class SnapshotPatch {
  /** The patched document and its (verified) hash. */
  record Patched(String document, String hash) {}

  private SnapshotPatch() {}

  /**
   * The document after {@code delta}, or why not.
   *
   * @param base the document served (null: none known in this connection)
   * @param baseHash its hash
   */
  static Optional<Patched> apply(String base, String baseHash, JsonNode delta,
      Consumer<String> mismatch) {
    if (base == null) {
      mismatch.accept("no document to patch");
      return Optional.empty();
    }
    String from = delta.path("base_hash").asText();
    if (!from.equals(baseHash)) {
      mismatch.accept("delta from " + from + ", serving " + baseHash);
      return Optional.empty();
    }
    int start = delta.path("start").asInt(-1);
    int end = delta.path("end").asInt(-1);
    JsonNode text = delta.path("text");
    if (start < 0 || end < start || end > base.length() || !text.isTextual()) {
      mismatch.accept("splice [" + start + ", " + end + ") outside the document");
      return Optional.empty();
    }
    String patched = base.substring(0, start) + text.asText() + base.substring(end);
    String hash = ClusterClient.sha256(patched);
    String claimed = delta.path("config_hash").asText();
    if (!hash.equals(claimed)) {
      mismatch.accept("patched document hashes to " + hash + ", expected " + claimed);
      return Optional.empty();
    }
    return Optional.of(new Patched(patched, hash));
  }
}
