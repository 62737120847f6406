package io.causeway.provider.local;

import inet.ipaddr.AddressStringParameters.RangeParameters;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.IPAddressStringParameters;
import java.util.Optional;

/**
 * An IPv4 address space of a local namespace, such as {@code 10.1.0.0/16}: written as its network
 * address, prefix length {@value #SHORTEST}..{@value #LONGEST} (room for a first usable address).
 */
record LocalCidr(IPAddress block) {
  static final int SHORTEST = 8;
  static final int LONGEST = 30;

  private static final IPAddressStringParameters STRICT = strict();

  /** Parses {@code text}, or says what is wrong with it (as an expectation, for messages). */
  static Result parse(String text) {
    IPAddressString string = new IPAddressString(text, STRICT);
    IPAddress address = string.getAddress();
    if (address == null || !string.isPrefixed() || !address.isIPv4()) {
      return new Result(
          Optional.empty(), "an IPv4 block with a prefix length, such as 10.1.0.0/16");
    }
    int prefix = address.getNetworkPrefixLength();
    if (prefix < SHORTEST || prefix > LONGEST) {
      return new Result(Optional.empty(), "prefix length " + SHORTEST + "-" + LONGEST);
    }
    IPAddress block = address.toPrefixBlock();
    if (!block.getLower().equals(address.getLower())) {
      return new Result(Optional.empty(), "the network address " + block.toCanonicalString());
    }
    return new Result(Optional.of(new LocalCidr(block)), "");
  }

  /** Parses a block this module wrote itself (state file, kernel output). */
  static LocalCidr of(String text) {
    Result result = parse(text);
    return result
        .cidr()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "cidr: " + text + " (expected: " + result.problem() + ")"));
  }

  record Result(Optional<LocalCidr> cidr, String problem) {}

  /** The first usable address, {@code 10.1.0.1} for {@code 10.1.0.0/16}. */
  String firstAddress() {
    return block.getLower().increment(1).withoutPrefixLength().toCanonicalString();
  }

  int prefixLength() {
    return block.getNetworkPrefixLength();
  }

  boolean overlaps(LocalCidr other) {
    return block.overlaps(other.block);
  }

  private static IPAddressStringParameters strict() {
    IPAddressStringParameters.Builder builder = new IPAddressStringParameters.Builder();
    builder.allowEmpty(false);
    builder.allowSingleSegment(false);
    builder.allowMask(false);
    builder.allowAll(false);
    builder.allowIPv6(false);
    builder.allowWildcardedSeparator(false);
    builder.setRangeOptions(RangeParameters.NO_RANGE);
    builder.allow_inet_aton(false);
    builder.getIPv4AddressParametersBuilder().allowLeadingZeros(false);
    builder.getIPv4AddressParametersBuilder().allowPrefixLengthLeadingZeros(false);
    builder.getIPv4AddressParametersBuilder().allowBinary(false);
    return builder.toParams();
  }

  @Override
  public String toString() {
    return block.toCanonicalString();
  }
}
