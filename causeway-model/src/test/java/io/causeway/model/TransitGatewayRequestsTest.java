package io.causeway.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.causeway.model.InvalidParameter.Rule;
import io.causeway.model.TransitGatewayRequests.TransitGatewayPatch;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TransitGatewayRequestsTest {
  static final String TENANT = "a1b2c3d4-e5f6-7890-abcd-ef1234567890";
  static final String SUBSCRIPTION = "b2c3d4e5-f6a7-8901-bcde-f12345678901";
  static final AzureVnetPeering PEERING =
      new AzureVnetPeering(TENANT, SUBSCRIPTION, "my-resource-group", "my-vnet");

  static String attachment(String overrides) {
    return "{'kind':'azure-vnet-peering-attachment','tenant_id':'%s','subscription_id':'%s',"
            .formatted(TENANT, SUBSCRIPTION)
        + "'resource_group_name':'my-resource-group','vnet_name':'my-vnet'"
        + (overrides.isEmpty() ? "" : "," + overrides)
        + "}";
  }

  static Validated<TransitGatewaySpec> create(String json) {
    return TransitGatewayRequests.create(Json.parse(json));
  }

  static Validated<TransitGatewaySpec> withAttachment(String overrides) {
    return create(
        "{'name':'tg','transit_gateway_attachment_config':" + attachment(overrides) + "}");
  }

  static Validated<TransitGatewaySpec> withDns(String dnsConfig) {
    return create(
        "{'name':'tg','transit_gateway_attachment_config':"
            + attachment("")
            + ",'dns_config':"
            + dnsConfig
            + "}");
  }

  @Test
  void decodesKonnectsExampleRequest() {
    assertThat(withAttachment("").orElseThrow())
        .isEqualTo(new TransitGatewaySpec("tg", PEERING, List.of()));
  }

  @Test
  void decodesDnsMappingsNormalisingDomainsAndAddresses() {
    TransitGatewaySpec spec =
        withDns(
                "[{'remote_dns_server_ip_addresses':['10.0.0.2','FD00::0001'],"
                    + "'domain_proxy_list':['Corp.Example.','orders.corp.example']},"
                    + "{'remote_dns_server_ip_addresses':['10.0.0.3'],"
                    + "'domain_proxy_list':['other.example']}]")
            .orElseThrow();

    assertThat(spec.dnsConfig())
        .containsExactly(
            new DnsMapping(
                List.of("10.0.0.2", "fd00::1"), List.of("corp.example", "orders.corp.example")),
            new DnsMapping(List.of("10.0.0.3"), List.of("other.example")));
  }

  @Test
  void storesGuidsInLowerCase() {
    String upper = attachment("").replace(TENANT, TENANT.toUpperCase());
    TransitGatewaySpec spec =
        create("{'name':'tg','transit_gateway_attachment_config':" + upper + "}").orElseThrow();

    assertThat(((AzureVnetPeering) spec.attachment()).tenantId()).isEqualTo(TENANT);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "aws-transit-gateway-attachment",
        "aws-vpc-peering-attachment",
        "aws-resource-endpoint-attachment",
        "azure-vhub-peering-attachment",
        "gcp-vpc-peering-attachment"
      })
  void refusesTheContractsOtherKindsNamingTheSupportedOne(String kind) {
    List<InvalidParameter> problems =
        create(
                "{'name':'tg','cidr_blocks':['10.0.0.0/8'],'transit_gateway_attachment_config':"
                    + "{'kind':'%s','peer_vpc_id':'vpc-1'}}".formatted(kind))
            .problems();

    assertThat(problems).hasSize(1);
    InvalidParameter problem = problems.getFirst();
    assertThat(problem.field()).isEqualTo("transit_gateway_attachment_config.kind");
    assertThat(problem.rule()).isEqualTo(Rule.ENUM);
    assertThat(problem.choices()).containsExactly("azure-vnet-peering-attachment");
    assertThat(problem.reason())
        .isEqualTo(
            "transit_gateway_attachment_config.kind: %s is not supported by Causeway (expected:"
                    .formatted(kind)
                + " azure-vnet-peering-attachment)");
  }

  @Test
  void refusesCidrBlocksOnAnAzureAttachment() {
    assertThat(
            create(
                    "{'name':'tg','cidr_blocks':[],'transit_gateway_attachment_config':"
                        + attachment("")
                        + "}")
                .problems())
        .extracting(InvalidParameter::field, InvalidParameter::rule)
        .containsExactly(tuple("cidr_blocks", Rule.UNKNOWN_PROPERTY));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "'tenant_id':'not-a-guid'             | transit_gateway_attachment_config.tenant_id |"
            + " is_uuid",
        "'subscription_id':'1234'             | transit_gateway_attachment_config.subscription_id |"
            + " is_uuid",
        "'resource_group_name':'rg.'          |"
            + " transit_gateway_attachment_config.resource_group_name | matches_regex",
        "'resource_group_name':'rg/1'         |"
            + " transit_gateway_attachment_config.resource_group_name | matches_regex",
        "'resource_group_name':''             |"
            + " transit_gateway_attachment_config.resource_group_name | min_length",
        "'vnet_name':'v'                      | transit_gateway_attachment_config.vnet_name |"
            + " min_length",
        "'vnet_name':'-vnet'                  | transit_gateway_attachment_config.vnet_name |"
            + " matches_regex",
        "'vnet_name':'vnet.'                  | transit_gateway_attachment_config.vnet_name |"
            + " matches_regex",
        "'vnet_name':5                        | transit_gateway_attachment_config.vnet_name |"
            + " is_string",
        "'extra':1                            | transit_gateway_attachment_config.extra |"
            + " unknown_property",
      })
  void refusesABadAttachmentFieldAtItsNestedPath(String override, String field, String rule) {
    // A later duplicate key replaces the earlier one in Jackson's tree.
    assertThat(withAttachment(override).problems())
        .extracting(InvalidParameter::field, p -> p.rule().wire())
        .containsExactly(tuple(field, rule));
  }

  @Test
  void reportsEveryMissingAttachmentField() {
    assertThat(
            create(
                    "{'name':'tg','transit_gateway_attachment_config':"
                        + "{'kind':'azure-vnet-peering-attachment'}}")
                .problems())
        .extracting(InvalidParameter::field, InvalidParameter::rule)
        .containsExactly(
            tuple("transit_gateway_attachment_config.tenant_id", Rule.REQUIRED),
            tuple("transit_gateway_attachment_config.subscription_id", Rule.REQUIRED),
            tuple("transit_gateway_attachment_config.resource_group_name", Rule.REQUIRED),
            tuple("transit_gateway_attachment_config.vnet_name", Rule.REQUIRED));
  }

  @Test
  void reportsProblemsOfEveryPartOfTheRequestTogether() {
    String json =
        "{'name':'','transit_gateway_attachment_config':"
            + attachment("'tenant_id':'x'")
            + ",'dns_config':[{'remote_dns_server_ip_addresses':['nope'],"
            + "'domain_proxy_list':['*.corp.example']}],'other':true}";

    assertThat(create(json).problems())
        .extracting(InvalidParameter::field, InvalidParameter::rule)
        .containsExactlyInAnyOrder(
            tuple("other", Rule.UNKNOWN_PROPERTY),
            tuple("name", Rule.MIN_LENGTH),
            tuple("transit_gateway_attachment_config.tenant_id", Rule.IS_UUID),
            tuple("dns_config.0.remote_dns_server_ip_addresses.0", Rule.INVALID),
            tuple("dns_config.0.domain_proxy_list.0", Rule.IS_FQDN));
  }

  @Test
  void refusesMissingKindAndNonObjectAttachment() {
    assertThat(create("{'name':'tg','transit_gateway_attachment_config':{}}").problems())
        .extracting(InvalidParameter::field, InvalidParameter::rule)
        .containsExactly(tuple("transit_gateway_attachment_config.kind", Rule.REQUIRED));
    assertThat(create("{'name':'tg','transit_gateway_attachment_config':[]}").problems())
        .extracting(InvalidParameter::field, InvalidParameter::rule)
        .containsExactly(tuple("transit_gateway_attachment_config", Rule.IS_OBJECT));
    assertThat(create("{'name':'tg'}").problems())
        .extracting(InvalidParameter::field, InvalidParameter::rule)
        .containsExactly(tuple("transit_gateway_attachment_config", Rule.REQUIRED));
  }

  @Test
  void patchesNameAndDnsConfig() {
    TransitGatewaySpec current = new TransitGatewaySpec("tg", PEERING, List.of());
    TransitGatewayPatch patch =
        TransitGatewayRequests.patch(
                Json.parse(
                    "{'name':'renamed','dns_config':[{'remote_dns_server_ip_addresses':"
                        + "['10.0.0.2'],'domain_proxy_list':['corp.example']}]}"),
                current)
            .orElseThrow();

    assertThat(patch.applyTo(current))
        .isEqualTo(
            new TransitGatewaySpec(
                "renamed",
                PEERING,
                List.of(new DnsMapping(List.of("10.0.0.2"), List.of("corp.example")))));
  }

  @Test
  void anEmptyDnsConfigClearsTheMappingsAndAnAbsentOneKeepsThem() {
    TransitGatewaySpec current =
        new TransitGatewaySpec(
            "tg", PEERING, List.of(new DnsMapping(List.of("10.0.0.2"), List.of("corp.example"))));

    assertThat(
            TransitGatewayRequests.patch(Json.parse("{'dns_config':[]}"), current)
                .orElseThrow()
                .applyTo(current)
                .dnsConfig())
        .isEmpty();
    assertThat(TransitGatewayRequests.patch(Json.parse("{}"), current).orElseThrow())
        .isEqualTo(new TransitGatewayPatch(Optional.empty(), Optional.empty()));
  }

  @Test
  void acceptsTheUnchangedAttachmentInAPatch() {
    TransitGatewaySpec current = new TransitGatewaySpec("tg", PEERING, List.of());

    assertThat(
            TransitGatewayRequests.patch(
                    Json.parse("{'transit_gateway_attachment_config':" + attachment("") + "}"),
                    current)
                .isValid())
        .isTrue();
  }

  @Test
  void refusesAChangedAttachmentNamingTheChangedFields() {
    TransitGatewaySpec current = new TransitGatewaySpec("tg", PEERING, List.of());

    List<InvalidParameter> problems =
        TransitGatewayRequests.patch(
                Json.parse(
                    "{'transit_gateway_attachment_config':"
                        + attachment("'vnet_name':'other-vnet'")
                        + "}"),
                current)
            .problems();

    assertThat(problems)
        .extracting(InvalidParameter::field, InvalidParameter::rule)
        .containsExactly(tuple("transit_gateway_attachment_config", Rule.INVALID));
    assertThat(problems.getFirst().reason())
        .startsWith("transit_gateway_attachment_config: changes vnet_name (expected:")
        .contains("delete this transit gateway and create another");
  }

  @Test
  void refusesAPatchOfWrongTypes() {
    TransitGatewaySpec current = new TransitGatewaySpec("tg", PEERING, List.of());

    assertThat(
            TransitGatewayRequests.patch(Json.parse("{'name':[],'dns_config':{}}"), current)
                .problems())
        .extracting(InvalidParameter::field, InvalidParameter::rule)
        .containsExactly(tuple("name", Rule.IS_STRING), tuple("dns_config", Rule.IS_ARRAY));
  }
}
