package io.causeway.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import inet.ipaddr.IPAddress;
import inet.ipaddr.ipv6.IPv6Address;
import io.causeway.model.InvalidParameter.Rule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decodes a transit gateway's {@code dns_config}: a list of at most {@link
 * Limits#DNS_CONFIG_MAX_ENTRIES} entries, each with 1..{@link Limits#DNS_SERVERS_PER_ENTRY_MAX}
 * distinct server IP literals and 1..{@link Limits#DNS_DOMAINS_PER_ENTRY_MAX} domains. Domains are
 * normalised ({@link DnsNames}) and appear at most once in the whole list; servers are kept in
 * their canonical text ({@code FD00::0001} becomes {@code fd00::1}) and in the given order, which
 * is the failover order.
 */
public final class DnsConfigs {
  static final String SERVERS = "remote_dns_server_ip_addresses";
  static final String DOMAINS = "domain_proxy_list";
  private static final Set<String> ENTRY_FIELDS = Set.of(SERVERS, DOMAINS);

  private DnsConfigs() {}

  /** Decodes {@code value} found at {@code path} (e.g. {@code dns_config}). */
  public static Validated<List<DnsMapping>> decode(JsonNode value, String path) {
    Problems problems = new Problems();
    Optional<List<DnsMapping>> mappings = decode(value, path, problems);
    return problems.result(mappings::orElseThrow);
  }

  static Optional<List<DnsMapping>> decode(JsonNode value, String path, Problems problems) {
    int before = problems.size();
    Optional<ArrayNode> array = Fields.array(value, path, problems);
    if (array.isEmpty()) {
      return Optional.empty();
    }
    if (array.get().size() > Limits.DNS_CONFIG_MAX_ENTRIES) {
      problems.add(
          InvalidParameter.maximum(
              path,
              Rule.MAX_ITEMS,
              Limits.DNS_CONFIG_MAX_ENTRIES,
              Problems.reason(
                  path,
                  array.get().size() + " entries",
                  "at most " + Limits.DNS_CONFIG_MAX_ENTRIES + " entries")));
    }
    Map<String, String> domainPositions = new HashMap<>();
    List<DnsMapping> mappings = new ArrayList<>();
    for (int i = 0; i < array.get().size(); i++) {
      entry(array.get().get(i), Fields.child(path, i), domainPositions, problems)
          .ifPresent(mappings::add);
    }
    return problems.size() == before ? Optional.of(mappings) : Optional.empty();
  }

  private static Optional<DnsMapping> entry(
      JsonNode value, String path, Map<String, String> domainPositions, Problems problems) {
    Optional<Fields> fields = Fields.object(value, path, problems);
    if (fields.isEmpty()) {
      return Optional.empty();
    }
    fields.get().rejectUnknown(ENTRY_FIELDS, "only " + SERVERS + " and " + DOMAINS);
    Optional<List<String>> servers =
        fields
            .get()
            .requiredArray(SERVERS)
            .flatMap(a -> servers(a, fields.get().path(SERVERS), problems));
    Optional<List<String>> domains =
        fields
            .get()
            .requiredArray(DOMAINS)
            .flatMap(a -> domains(a, fields.get().path(DOMAINS), domainPositions, problems));
    if (servers.isEmpty() || domains.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new DnsMapping(servers.get(), domains.get()));
  }

  private static Optional<List<String>> servers(ArrayNode array, String path, Problems problems) {
    int before = problems.size();
    itemCount(array, path, Limits.DNS_SERVERS_PER_ENTRY_MAX, "servers", problems);
    Optional<List<String>> texts = Fields.strings(array, path, problems);
    if (texts.isEmpty()) {
      return Optional.empty();
    }
    Map<IPAddress, Integer> seen = new LinkedHashMap<>();
    List<String> canonical = new ArrayList<>();
    for (int i = 0; i < texts.get().size(); i++) {
      String field = Fields.child(path, i);
      String text = texts.get().get(i);
      Optional<IPAddress> address = IpLiterals.address(text);
      if (address.isEmpty()) {
        problems.add(
            field,
            Rule.INVALID,
            Problems.reason(
                field, Problems.show(text), "an IPv4 or IPv6 address such as 10.0.0.2"));
      } else if (!isUsableServer(address.get())) {
        problems.add(
            field, Rule.INVALID, Problems.reason(field, text, "a unicast address of a DNS server"));
      } else if (seen.containsKey(address.get())) {
        problems.add(
            field,
            Rule.INVALID,
            Problems.reason(
                field,
                text,
                "each server once per entry; already at "
                    + Fields.child(path, seen.get(address.get()))));
      } else {
        seen.put(address.get(), i);
        canonical.add(canonical(address.get()));
      }
    }
    return problems.size() == before ? Optional.of(canonical) : Optional.empty();
  }

  private static Optional<List<String>> domains(
      ArrayNode array, String path, Map<String, String> domainPositions, Problems problems) {
    int before = problems.size();
    itemCount(array, path, Limits.DNS_DOMAINS_PER_ENTRY_MAX, "domains", problems);
    Optional<List<String>> texts = Fields.strings(array, path, problems);
    if (texts.isEmpty()) {
      return Optional.empty();
    }
    List<String> normalised = new ArrayList<>();
    for (int i = 0; i < texts.get().size(); i++) {
      String field = Fields.child(path, i);
      String text = texts.get().get(i);
      switch (DnsNames.normalise(text)) {
        case DnsNames.Result.Refused r ->
            problems.add(
                field, Rule.IS_FQDN, Problems.reason(field, Problems.show(text), r.expectation()));
        case DnsNames.Result.Name n -> {
          String earlier = domainPositions.putIfAbsent(n.value(), field);
          if (earlier != null) {
            problems.add(
                field,
                Rule.INVALID,
                Problems.reason(
                    field,
                    n.value(),
                    "each domain in at most one dns_config entry; already at " + earlier));
          } else {
            normalised.add(n.value());
          }
        }
      }
    }
    return problems.size() == before ? Optional.of(normalised) : Optional.empty();
  }

  private static void itemCount(
      ArrayNode array, String path, int maximum, String what, Problems problems) {
    if (array.isEmpty()) {
      problems.add(
          InvalidParameter.minimum(
              path, Rule.MIN_ITEMS, 1, Problems.reason(path, "no " + what, "at least 1")));
    } else if (array.size() > maximum) {
      problems.add(
          InvalidParameter.maximum(
              path,
              Rule.MAX_ITEMS,
              maximum,
              Problems.reason(path, array.size() + " " + what, "at most " + maximum)));
    }
  }

  // RFC 5952 text, except that an IPv4-mapped address keeps its dotted tail (::ffff:10.0.0.2).
  private static String canonical(IPAddress address) {
    return address instanceof IPv6Address v6 && v6.isIPv4Mapped()
        ? v6.toMixedString()
        : address.toCanonicalString();
  }

  // A forwarder can only send queries to a unicast address; 0.0.0.0, ::, multicast and the IPv4
  // broadcast address would silently black-hole every name of the entry.
  private static boolean isUsableServer(IPAddress address) {
    return !address.isUnspecified()
        && !address.isMulticast()
        && !(address.isIPv4() && address.isMax());
  }
}
