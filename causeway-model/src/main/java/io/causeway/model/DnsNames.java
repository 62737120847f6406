package io.causeway.model;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * DNS names as {@code domain_proxy_list} accepts them: ASCII host names (internationalised names in
 * their {@code xn--} form) of labels of 1–63 letters, digits and hyphens, not starting or ending
 * with a hyphen, at most 253 characters; one trailing dot is allowed and dropped, case is folded to
 * lower. Wildcards are refused: a domain already covers its subdomains.
 */
public final class DnsNames {
  private static final Pattern LABEL = Pattern.compile("[a-z0-9](?:[a-z0-9-]*[a-z0-9])?");

  /** A normalised name, or why the input was refused. */
  public sealed interface Result {
    record Name(String value) implements Result {}

    /** {@code expectation} is the part of a reason after {@code expected:}. */
    record Refused(String expectation) implements Result {}
  }

  private DnsNames() {}

  /** The normalised name ({@code Corp.Example.} → {@code corp.example}), or why it is refused. */
  public static Result normalise(String raw) {
    String name = raw.endsWith(".") ? raw.substring(0, raw.length() - 1) : raw;
    if (name.isEmpty()) {
      return refused("a domain name such as corp.example");
    }
    if (name.contains("*")) {
      return refused("a domain without wildcards; corp.example already covers *.corp.example");
    }
    if (!name.chars().allMatch(c -> c < 0x80)) {
      return refused("an ASCII domain name; write internationalised names in xn-- form");
    }
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.length() > Limits.DOMAIN_MAX_LENGTH) {
      return refused("at most " + Limits.DOMAIN_MAX_LENGTH + " characters");
    }
    for (String label : lower.split("\\.", -1)) {
      if (label.isEmpty() || label.length() > Limits.DOMAIN_LABEL_MAX_LENGTH) {
        return refused("labels of 1-" + Limits.DOMAIN_LABEL_MAX_LENGTH + " characters");
      }
      if (!LABEL.matcher(label).matches()) {
        return refused(
            "labels of letters, digits and hyphens, not starting or ending with a hyphen");
      }
    }
    if (IpLiterals.address(lower).isPresent()) {
      return refused("a domain name, not an IP address");
    }
    return new Result.Name(lower);
  }

  private static Result refused(String expectation) {
    return new Result.Refused(expectation);
  }
}
