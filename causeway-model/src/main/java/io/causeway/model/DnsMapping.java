package io.causeway.model;

import java.util.List;

/**
 * One entry of a transit gateway's {@code dns_config}: the listed domains (normalised: lower
 * case, no trailing dot) are resolved by the listed DNS servers (IP literals), tried in order.
 * One domain and one server is a 1-1 mapping, several domains to one server N-1, several to
 * several M-N.
 */
public record DnsMapping(List<String> remoteDnsServerIpAddresses, List<String> domainProxyList) {
  public DnsMapping {
    remoteDnsServerIpAddresses = List.copyOf(remoteDnsServerIpAddresses);
    domainProxyList = List.copyOf(domainProxyList);
  }
}
