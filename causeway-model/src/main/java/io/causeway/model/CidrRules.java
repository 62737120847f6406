package io.causeway.model;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import io.causeway.model.InvalidParameter.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The rules a network's {@code cidr_block} must follow (Konnect's, DESIGN §1), as data the API
 * publishes in {@code availability.json} and as a check.
 *
 * <ul>
 *   <li>IPv4 with an explicit prefix length, written as its network address ({@code 10.0.0.0/16},
 *       not {@code 10.0.0.1/16});
 *   <li>prefix length within the provider's range: /16–/21 for {@code azure} (every Causeway
 *       provider presents itself as Azure), /16–/23 for the others;
 *   <li>entirely inside one of {@link #ALLOWED_BLOCKS};
 *   <li>not overlapping any of {@link #RESERVED_BLOCKS};
 *   <li>large enough for its availability zones: /23 for 1–2 zones, /22 for 3–4, /21 for 5.
 * </ul>
 */
public final class CidrRules {
  /** Where a network's block must lie (availability.json {@code cidr_blocks}). */
  public static final List<String> ALLOWED_BLOCKS =
      List.of("10.0.0.0/8", "100.64.0.0/10", "172.16.0.0/12", "192.168.0.0/16", "198.18.0.0/15");

  /** Blocks a network must not overlap (availability.json {@code reserved_cidr_blocks}). */
  public static final List<String> RESERVED_BLOCKS = List.of("10.100.0.0/16", "172.17.0.0/16");

  private static final List<IPAddress> ALLOWED =
      ALLOWED_BLOCKS.stream().map(CidrRules::block).toList();
  private static final List<IPAddress> RESERVED =
      RESERVED_BLOCKS.stream().map(CidrRules::block).toList();

  /** The prefix lengths a provider accepts, inclusive ({@code shortest} is the largest block). */
  public record PrefixRange(int shortest, int longest) {
    public PrefixRange {
      if (shortest < 0 || longest > 32 || shortest > longest) {
        throw new IllegalArgumentException("bad prefix range /" + shortest + "-/" + longest);
      }
    }

    public boolean contains(int prefixLength) {
      return prefixLength >= shortest && prefixLength <= longest;
    }
  }

  private CidrRules() {}

  /** /16–/21 for {@code azure}, /16–/23 for any other provider name ({@code aws}, {@code gcp}). */
  public static PrefixRange prefixRange(String provider) {
    return "azure".equals(provider) ? new PrefixRange(16, 21) : new PrefixRange(16, 23);
  }

  /**
   * The longest prefix that leaves room for {@code zones} availability zones (/23 for 1–2, /22 for
   * 3–4, /21 for 5), or empty outside 1..{@link Limits#AVAILABILITY_ZONES_MAX}.
   */
  public static Optional<Integer> longestPrefixForZones(int zones) {
    if (zones < 1 || zones > Limits.AVAILABILITY_ZONES_MAX) {
      return Optional.empty();
    }
    return Optional.of(zones <= 2 ? 23 : zones <= 4 ? 22 : 21);
  }

  /**
   * Every rule {@code cidr} breaks, reported at {@code field} with the rule {@code
   * is_supported_network_cidr_block}; empty when it is a valid network block for {@code provider}
   * with {@code zones} availability zones (the zone rule is skipped when the count itself is out of
   * range, which the zone list reports).
   */
  public static List<InvalidParameter> check(
      String field, String cidr, String provider, int zones) {
    Optional<IPAddress> parsed = IpLiterals.ipv4Cidr(cidr);
    if (parsed.isEmpty()) {
      return List.of(
          problem(field, cidr, "an IPv4 block with a prefix length, such as 10.0.0.0/16"));
    }
    IPAddress address = parsed.get();
    int prefix = address.getNetworkPrefixLength();
    IPAddress block = address.toPrefixBlock();
    List<InvalidParameter> problems = new ArrayList<>();
    if (!block.getLower().equals(address.getLower())) {
      problems.add(problem(field, cidr, "the network address " + block.toCanonicalString()));
    }
    PrefixRange range = prefixRange(provider);
    if (!range.contains(prefix)) {
      problems.add(
          problem(
              field,
              cidr,
              "prefix length %d-%d for %s".formatted(range.shortest(), range.longest(), provider)));
    }
    if (ALLOWED.stream().noneMatch(allowed -> allowed.contains(block))) {
      problems.add(
          problem(field, cidr, "a block inside one of " + String.join(", ", ALLOWED_BLOCKS)));
    }
    for (IPAddress reserved : RESERVED) {
      if (reserved.overlaps(block)) {
        problems.add(
            problem(field, cidr, "no overlap with the reserved " + reserved.toCanonicalString()));
      }
    }
    longestPrefixForZones(zones)
        .filter(longest -> prefix > longest)
        .ifPresent(
            longest ->
                problems.add(
                    problem(
                        field,
                        cidr,
                        "prefix length %d or shorter for %d availability zones"
                            .formatted(longest, zones))));
    return problems;
  }

  /** The canonical text of a valid block, e.g. {@code 10.0.0.0/16}. */
  static String canonical(String cidr) {
    return IpLiterals.ipv4Cidr(cidr)
        .map(a -> a.toPrefixBlock().toCanonicalString())
        .orElseThrow(() -> new IllegalArgumentException("not an IPv4 block: " + cidr));
  }

  private static InvalidParameter problem(String field, String cidr, String expectation) {
    return InvalidParameter.of(
        field,
        Rule.IS_SUPPORTED_NETWORK_CIDR_BLOCK,
        Problems.reason(field, Problems.show(cidr), expectation));
  }

  private static IPAddress block(String text) {
    return new IPAddressString(text).getAddress().toPrefixBlock();
  }
}
