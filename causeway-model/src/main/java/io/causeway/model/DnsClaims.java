package io.causeway.model;

import io.causeway.model.InvalidParameter.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The network-wide DNS rule: a domain is forwarded by at most one transit gateway of a network,
 * otherwise the data plane could not tell which peered network's servers to ask. Domains are
 * compared in their normalised form, as {@link DnsConfigs} stores them.
 */
public final class DnsClaims {
  private DnsClaims() {}

  /**
   * The problems of {@code proposed} (a decoded {@code dns_config}) against the other transit
   * gateways of the same network; each names the domain's position in the request and the transit
   * gateway (id and name) that already claims it. Pass every other non-terminated transit gateway
   * of the network, and not the one being patched.
   */
  public static List<InvalidParameter> check(
      List<DnsMapping> proposed, Map<UUID, TransitGatewaySpec> othersOfSameNetwork) {
    List<InvalidParameter> problems = new ArrayList<>();
    for (int i = 0; i < proposed.size(); i++) {
      List<String> domains = proposed.get(i).domainProxyList();
      for (int j = 0; j < domains.size(); j++) {
        String domain = domains.get(j);
        String entry = Fields.child(TransitGatewayRequests.DNS_CONFIG, i);
        String field = Fields.child(Fields.child(entry, DnsConfigs.DOMAINS), j);
        othersOfSameNetwork.entrySet().stream()
            .filter(other -> claims(other.getValue(), domain))
            .sorted(Map.Entry.comparingByKey())
            .findFirst()
            .ifPresent(
                other ->
                    problems.add(
                        InvalidParameter.of(
                            field,
                            Rule.INVALID,
                            Problems.reason(
                                field,
                                domain,
                                "a domain no other transit gateway of this network forwards;"
                                    + " transit gateway %s (%s) already forwards it"
                                        .formatted(other.getKey(), other.getValue().name())))));
      }
    }
    return problems;
  }

  private static boolean claims(TransitGatewaySpec gateway, String domain) {
    return gateway.dnsConfig().stream().anyMatch(m -> m.domainProxyList().contains(domain));
  }
}
