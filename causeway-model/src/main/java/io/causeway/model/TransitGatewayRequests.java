package io.causeway.model;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.causeway.model.InvalidParameter.Rule;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decodes and validates the bodies of {@code POST} and {@code PATCH
 * /v2/cloud-gateways/networks/{id}/transit-gateways[/{id}]}. Only the {@code
 * azure-vnet-peering-attachment} kind is supported; the contract's other kinds are refused with an
 * {@code enum} entry naming the supported one. Domain uniqueness across the network's other transit
 * gateways needs the store and is checked by {@link DnsClaims}.
 */
public final class TransitGatewayRequests {
  static final String NAME = "name";
  static final String DNS_CONFIG = "dns_config";
  static final String ATTACHMENT = "transit_gateway_attachment_config";
  static final String CIDR_BLOCKS = "cidr_blocks";
  static final String KIND = "kind";
  static final String TENANT = "tenant_id";
  static final String SUBSCRIPTION = "subscription_id";
  static final String RESOURCE_GROUP = "resource_group_name";
  static final String VNET = "vnet_name";
  private static final Set<String> FIELDS = Set.of(NAME, DNS_CONFIG, ATTACHMENT);
  private static final Set<String> AZURE_FIELDS =
      Set.of(KIND, TENANT, SUBSCRIPTION, RESOURCE_GROUP, VNET);

  /** The kinds of the contract Causeway does not implement. */
  public static final List<String> UNSUPPORTED_KINDS =
      List.of(
          "aws-transit-gateway-attachment",
          "aws-vpc-peering-attachment",
          "aws-resource-endpoint-attachment",
          "azure-vhub-peering-attachment",
          "gcp-vpc-peering-attachment");

  /** The kinds Causeway implements. */
  public static final List<String> SUPPORTED_KINDS = List.of(AzureVnetPeering.KIND);

  /**
   * A valid patch: a new name and/or a new {@code dns_config} (our extension; {@code []} removes
   * every mapping). The attachment is immutable.
   */
  public record TransitGatewayPatch(Optional<String> name, Optional<List<DnsMapping>> dnsConfig) {
    public TransitGatewayPatch {
      requireNonNull(name, "name");
      dnsConfig = dnsConfig.map(List::copyOf);
    }

    public TransitGatewaySpec applyTo(TransitGatewaySpec spec) {
      return new TransitGatewaySpec(
          name.orElse(spec.name()), spec.attachment(), dnsConfig.orElse(spec.dnsConfig()));
    }
  }

  private TransitGatewayRequests() {}

  /** Decodes a {@code CreateTransitGatewayRequest} ({@code azure-vnet-peering-attachment} only). */
  public static Validated<TransitGatewaySpec> create(JsonNode body) {
    requireNonNull(body, "body");
    Problems problems = new Problems();
    Optional<Fields> maybeFields = Fields.object(body, "", problems);
    if (maybeFields.isEmpty()) {
      return Validated.invalid(problems.list());
    }
    Fields fields = maybeFields.get();
    boolean otherKind =
        fields.optional(ATTACHMENT).map(TransitGatewayRequests::isUnsupportedKind).orElse(false);
    rejectUnknown(fields, otherKind);
    Optional<String> name = NetworkRequests.name(fields, true, problems);
    Optional<AttachmentConfig> attachment =
        fields.required(ATTACHMENT, "a JSON object").flatMap(node -> attachment(node, problems));
    Optional<List<DnsMapping>> dns =
        fields
            .optional(DNS_CONFIG)
            .map(node -> DnsConfigs.decode(node, DNS_CONFIG, problems))
            .orElse(Optional.of(List.of()));
    return problems.result(
        () ->
            new TransitGatewaySpec(
                name.orElseThrow(), attachment.orElseThrow(), dns.orElseThrow()));
  }

  /**
   * Decodes a patch of the transit gateway {@code current}. A {@code
   * transit_gateway_attachment_config} equal to the current one is accepted (clients that send the
   * whole object back); a different one is refused, since changing the peered network means
   * deleting this transit gateway and creating another.
   */
  public static Validated<TransitGatewayPatch> patch(JsonNode body, TransitGatewaySpec current) {
    requireNonNull(body, "body");
    requireNonNull(current, "current");
    Problems problems = new Problems();
    Optional<Fields> maybeFields = Fields.object(body, "", problems);
    if (maybeFields.isEmpty()) {
      return Validated.invalid(problems.list());
    }
    Fields fields = maybeFields.get();
    rejectUnknown(fields, false);
    Optional<String> name = NetworkRequests.name(fields, false, problems);
    Optional<Optional<List<DnsMapping>>> dns =
        fields.optional(DNS_CONFIG).map(node -> DnsConfigs.decode(node, DNS_CONFIG, problems));
    fields
        .optional(ATTACHMENT)
        .flatMap(node -> attachment(node, problems))
        .filter(requested -> !requested.equals(current.attachment()))
        .ifPresent(requested -> problems.add(immutable(current.attachment(), requested)));
    return problems.result(() -> new TransitGatewayPatch(name, dns.map(Optional::orElseThrow)));
  }

  private static void rejectUnknown(Fields fields, boolean otherKind) {
    // An AWS body carries cidr_blocks; once its kind is refused, flagging that too is noise.
    Set<String> known = otherKind ? union(FIELDS, CIDR_BLOCKS) : FIELDS;
    fields.rejectUnknown(known, "only " + String.join(", ", NetworkRequests.sorted(FIELDS)));
  }

  private static Optional<AttachmentConfig> attachment(JsonNode node, Problems problems) {
    Optional<Fields> maybeFields = Fields.object(node, ATTACHMENT, problems);
    if (maybeFields.isEmpty()) {
      return Optional.empty();
    }
    Fields fields = maybeFields.get();
    Optional<String> kind = fields.requiredString(KIND);
    if (kind.isEmpty()) {
      return Optional.empty();
    }
    if (!kind.get().equals(AzureVnetPeering.KIND)) {
      String field = fields.path(KIND);
      String shown = Problems.show(kind.get());
      String reason =
          UNSUPPORTED_KINDS.contains(kind.get())
              ? Problems.reason(
                  field, shown + " is not supported by Causeway", AzureVnetPeering.KIND)
              : Problems.reason(field, shown, AzureVnetPeering.KIND);
      problems.add(InvalidParameter.choice(field, SUPPORTED_KINDS, reason));
      return Optional.empty();
    }
    fields.rejectUnknown(
        AZURE_FIELDS, "only " + String.join(", ", NetworkRequests.sorted(AZURE_FIELDS)));
    Optional<String> tenant = guid(fields, TENANT, problems);
    Optional<String> subscription = guid(fields, SUBSCRIPTION, problems);
    Optional<String> resourceGroup =
        fields
            .requiredString(RESOURCE_GROUP)
            .filter(
                v ->
                    NetworkRequests.record(
                        problems, AzureNames.resourceGroupName(fields.path(RESOURCE_GROUP), v)));
    Optional<String> vnet =
        fields
            .requiredString(VNET)
            .filter(
                v -> NetworkRequests.record(problems, AzureNames.vnetName(fields.path(VNET), v)));
    if (tenant.isEmpty() || subscription.isEmpty() || resourceGroup.isEmpty() || vnet.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new AzureVnetPeering(tenant.get(), subscription.get(), resourceGroup.get(), vnet.get()));
  }

  private static Optional<String> guid(Fields fields, String name, Problems problems) {
    return fields
        .requiredString(name)
        .filter(v -> NetworkRequests.record(problems, AzureNames.guid(fields.path(name), v)))
        .map(AzureNames::canonicalGuid);
  }

  private static boolean isUnsupportedKind(JsonNode attachment) {
    JsonNode kind = attachment.get(KIND);
    return kind != null && kind.isTextual() && !kind.textValue().equals(AzureVnetPeering.KIND);
  }

  private static InvalidParameter immutable(AttachmentConfig current, AttachmentConfig requested) {
    List<String> changed = new ArrayList<>();
    if (current instanceof AzureVnetPeering c && requested instanceof AzureVnetPeering r) {
      addIfDifferent(changed, TENANT, c.tenantId(), r.tenantId());
      addIfDifferent(changed, SUBSCRIPTION, c.subscriptionId(), r.subscriptionId());
      addIfDifferent(changed, RESOURCE_GROUP, c.resourceGroupName(), r.resourceGroupName());
      addIfDifferent(changed, VNET, c.vnetName(), r.vnetName());
    }
    return InvalidParameter.of(
        ATTACHMENT,
        Rule.INVALID,
        Problems.reason(
            ATTACHMENT,
            "changes " + String.join(", ", changed),
            "the current attachment or none; the attachment cannot be changed, delete this"
                + " transit gateway and create another to peer a different network"));
  }

  private static void addIfDifferent(List<String> changed, String name, String a, String b) {
    if (!a.equals(b)) {
      changed.add(name);
    }
  }

  private static Set<String> union(Set<String> names, String extra) {
    Set<String> all = new HashSet<>(names);
    all.add(extra);
    return all;
  }
}
