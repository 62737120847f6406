package io.causeway.controlplane;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.util.Optional;

/**
 * The {@code delta} push message: the next snapshot document as one splice of the previous one
 * sent on the same connection (the common prefix and suffix of the two texts are kept, the
 * middle is replaced). A write to a 10,000-route configuration changes a few hundred bytes of a
 * 4.4 MB document (entities are in {@code created_at} order, so a new one lands at the end of
 * its kind), and this carries only those instead of the whole document. The data plane patches
 * the document it serves, checks the result's SHA-256 against {@code config_hash} (the same hash
 * a full snapshot carries) and asks for a full snapshot ({@code resync}) on any mismatch.
 */
final class SnapshotDelta {
  /** A replacement larger than this share of the document goes as a full snapshot instead. */
  private static final int MAX_SHARE_PERCENT = 50;

  private SnapshotDelta() {}

  /**
   * The {@code delta} message taking a data plane from {@code base} (the last snapshot sent to
   * it) to {@code next}; empty when a full snapshot is the better message.
   */
  static Optional<String> message(Snapshot base, Snapshot next) {
    return splice(base.config(), next.config()).map(s -> "{\"type\":\"delta\",\"version\":"
        + next.version() + ",\"base_version\":" + base.version() + ",\"base_hash\":\""
        + base.configHash() + "\",\"config_hash\":\"" + next.configHash() + "\",\"start\":"
        + s.start() + ",\"end\":" + s.end() + ",\"text\":\""
        + new String(JsonStringEncoder.getInstance().quoteAsString(s.text())) + "\"}");
  }

  /**
   * {@code next} = {@code base[0, start) + text + base[end, base.length())}; offsets in UTF-16
   * code units of {@code base}, never inside a surrogate pair.
   */
  record Splice(int start, int end, String text) {
    String applyTo(String base) {
      return base.substring(0, start) + text + base.substring(end);
    }
  }

  /** The single splice from {@code base} to {@code next}; empty if it would be too large. */
  static Optional<Splice> splice(String base, String next) {
    int max = Math.min(base.length(), next.length());
    int prefix = 0;
    while (prefix < max && base.charAt(prefix) == next.charAt(prefix)) {
      prefix++;
    }
    if (prefix > 0 && Character.isHighSurrogate(base.charAt(prefix - 1))) {
      prefix--;
    }
    int suffix = 0;
    int room = max - prefix;
    while (suffix < room && base.charAt(base.length() - 1 - suffix)
        == next.charAt(next.length() - 1 - suffix)) {
      suffix++;
    }
    if (suffix > 0 && Character.isLowSurrogate(base.charAt(base.length() - suffix))) {
      suffix--;
    }
    String text = next.substring(prefix, next.length() - suffix);
    if ((long) text.length() * 100 > (long) next.length() * MAX_SHARE_PERCENT) {
      return Optional.empty();
    }
    return Optional.of(new Splice(prefix, base.length() - suffix, text));
  }
}
