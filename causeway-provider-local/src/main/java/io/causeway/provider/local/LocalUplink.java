package io.causeway.provider.local;

import static java.util.Objects.requireNonNull;

/**
 * How the host reaches a provider network's namespace: a veth pair on a link-local /30 from {@code
 * 169.254.100.0/22}. The host end {@code hostLink} has {@code hostAddress} ({@code .1} of the /30);
 * the namespace end has {@code namespaceAddress} ({@code .2}), where data-plane nodes in the
 * network are reachable from the host and which is reported in a group's {@code
 * private_ip_addresses}. No other route to the namespace exists on the host.
 */
public record LocalUplink(
    String namespace, String hostLink, String hostAddress, String namespaceAddress, int slot) {
  public LocalUplink {
    requireNonNull(namespace, "namespace");
    requireNonNull(hostLink, "hostLink");
    requireNonNull(hostAddress, "hostAddress");
    requireNonNull(namespaceAddress, "namespaceAddress");
  }
}
