package io.causeway.model;

import inet.ipaddr.AddressStringParameters.RangeParameters;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.IPAddressStringParameters;
import java.util.Optional;

/**
 * Strict parsing of the address notations the API accepts: dotted-quad IPv4 (no leading zeros, no
 * {@code inet_aton} shorthands, which different resolvers read differently), standard IPv6 text
 * without zone, and IPv4 CIDR with an explicit prefix length. Everything else is refused.
 */
final class IpLiterals {
  private static final IPAddressStringParameters ADDRESS = parameters(false, true);
  private static final IPAddressStringParameters IPV4_CIDR = parameters(true, false);

  private IpLiterals() {}

  /** An IPv4 or IPv6 address literal without prefix, mask, range or zone. */
  static Optional<IPAddress> address(String text) {
    IPAddressString string = new IPAddressString(text, ADDRESS);
    return Optional.ofNullable(string.getAddress()).filter(a -> !string.isPrefixed());
  }

  /** IPv4 with an explicit prefix length, e.g. {@code 10.0.0.0/16}; host bits may be set. */
  static Optional<IPAddress> ipv4Cidr(String text) {
    IPAddressString string = new IPAddressString(text, IPV4_CIDR);
    return Optional.ofNullable(string.getAddress()).filter(a -> string.isPrefixed() && a.isIPv4());
  }

  private static IPAddressStringParameters parameters(boolean prefix, boolean ipv6) {
    IPAddressStringParameters.Builder builder = new IPAddressStringParameters.Builder();
    builder.allowEmpty(false);
    builder.allowSingleSegment(false);
    builder.allowPrefix(prefix);
    builder.allowMask(false);
    builder.allowPrefixOnly(false);
    builder.allowAll(false);
    builder.allowIPv6(ipv6);
    builder.allowWildcardedSeparator(false);
    builder.setRangeOptions(RangeParameters.NO_RANGE);
    builder.allow_inet_aton(false);
    builder.getIPv4AddressParametersBuilder().allowLeadingZeros(false);
    builder.getIPv4AddressParametersBuilder().allowPrefixLengthLeadingZeros(false);
    builder.getIPv4AddressParametersBuilder().allowBinary(false);
    builder.getIPv6AddressParametersBuilder().allowZone(false);
    builder.getIPv6AddressParametersBuilder().allowBinary(false);
    builder.getIPv6AddressParametersBuilder().allowBase85(false);
    builder.getIPv6AddressParametersBuilder().allowPrefixLengthLeadingZeros(false);
    return builder.toParams();
  }
}
