package io.causeway.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.causeway.model.InvalidParameter.Rule;
import io.causeway.model.NetworkRequests.NetworkCreate;
import io.causeway.model.NetworkRequests.NetworkPatch;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NetworkRequestsTest {
  static final UUID LOCAL = UUID.fromString("6f0b8a52-1c1e-4f7e-9a55-0c0b4c3a9d01");
  static final Catalog CATALOG =
      new Catalog(
          List.of(
              new Catalog.Offer(
                  new ProviderAccount(LOCAL, "azure", "local", "Local"),
                  List.of(new ProviderRegion("local", List.of("local-1", "local-2", "local-3"))))));

  static String body(String overrides) {
    String base =
        "'name':'net','cloud_gateway_provider_account_id':'%s','region':'local',".formatted(LOCAL)
            + "'availability_zones':['local-1','local-2'],'cidr_block':'10.1.0.0/16'";
    return "{" + base + (overrides.isEmpty() ? "" : "," + overrides) + "}";
  }

  static Validated<NetworkCreate> create(String json) {
    return NetworkRequests.create(Json.parse(json), CATALOG);
  }

  @Test
  void decodesAValidRequestWithTheDefaultInitialState() {
    NetworkCreate created = create(body("")).orElseThrow();

    assertThat(created.spec())
        .isEqualTo(
            new NetworkSpec("net", LOCAL, "local", List.of("local-1", "local-2"), "10.1.0.0/16"));
    assertThat(created.initialState()).isEqualTo(NetworkState.INITIALIZING);
  }

  @Test
  void honoursTheRequestedOfflineState() {
    assertThat(create(body("'state':'offline'")).orElseThrow().initialState())
        .isEqualTo(NetworkState.OFFLINE);
  }

  @Test
  void refusesAnInitialStateOutsideTheContractsChoices() {
    InvalidParameter problem = create(body("'state':'ready'")).problems().getFirst();

    assertThat(problem.field()).isEqualTo("state");
    assertThat(problem.rule()).isEqualTo(Rule.ENUM);
    assertThat(problem.choices()).containsExactly("initializing", "offline");
  }

  @Test
  void reportsEveryMissingFieldAtOnce() {
    assertThat(create("{}").problems())
        .extracting(InvalidParameter::field, InvalidParameter::rule)
        .containsExactly(
            tuple("name", Rule.REQUIRED),
            tuple("cloud_gateway_provider_account_id", Rule.REQUIRED),
            tuple("region", Rule.REQUIRED),
            tuple("availability_zones", Rule.REQUIRED),
            tuple("cidr_block", Rule.REQUIRED));
  }

  @Test
  void reportsWrongTypesAndUnknownPropertiesTogether() {
    String json =
        "{'name':12,'cloud_gateway_provider_account_id':true,'region':['local'],"
            + "'availability_zones':'local-1','cidr_block':null,'state':1,'cidr':'x'}";

    assertThat(create(json).problems())
        .extracting(InvalidParameter::field, InvalidParameter::rule)
        .containsExactlyInAnyOrder(
            tuple("cidr", Rule.UNKNOWN_PROPERTY),
            tuple("name", Rule.IS_STRING),
            tuple("cloud_gateway_provider_account_id", Rule.IS_STRING),
            tuple("region", Rule.IS_STRING),
            tuple("availability_zones", Rule.IS_ARRAY),
            tuple("cidr_block", Rule.IS_STRING),
            tuple("state", Rule.IS_STRING));
  }

  @Test
  void namesTheIndexOfAZoneThatIsNotAString() {
    assertThat(create(body("'availability_zones':['local-1',3]")).problems())
        .extracting(InvalidParameter::field, InvalidParameter::rule, InvalidParameter::reason)
        .containsExactly(
            tuple(
                "availability_zones.1",
                Rule.IS_STRING,
                "availability_zones.1: 3 (expected: a string)"));
  }

  @Test
  void refusesABodyThatIsNotAnObject() {
    assertThat(create("[1]").problems())
        .extracting(InvalidParameter::field, InvalidParameter::rule)
        .containsExactly(tuple("body", Rule.IS_OBJECT));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "'cloud_gateway_provider_account_id':'nope' | cloud_gateway_provider_account_id | is_uuid",
        "'cloud_gateway_provider_account_id':'00000000-0000-0000-0000-000000000001' |"
            + " cloud_gateway_provider_account_id | missing_reference",
        "'region':'eastus2' | region | is_supported_provider_region",
        "'availability_zones':['local-1','local-9'] | availability_zones.1 |"
            + " is_supported_network_availability_zone_list",
        "'availability_zones':['local-1','local-1'] | availability_zones.1 |"
            + " is_supported_network_availability_zone_list",
        "'availability_zones':[] | availability_zones | min_items",
        "'cidr_block':'10.1.0.0/22' | cidr_block | is_supported_network_cidr_block",
        "'name':'' | name | min_length",
      })
  void refusesAnInvalidFieldAtItsPath(String override, String field, String rule) {
    assertThat(create(body(override)).problems())
        .extracting(InvalidParameter::field, p -> p.rule().wire())
        .containsExactly(tuple(field, rule));
  }

  @Test
  void refusesMoreThanFiveZonesWithTheMaximum() {
    InvalidParameter problem =
        create(body("'availability_zones':['a','b','c','d','e','f']")).problems().getFirst();

    assertThat(problem.rule()).isEqualTo(Rule.MAX_ITEMS);
    assertThat(problem.maximum()).contains(5);
  }

  @Test
  void listsTheRegionsOfTheAccountWhenTheRegionIsUnknown() {
    assertThat(create(body("'region':'eastus2'")).problems().getFirst().reason())
        .isEqualTo(
            "region: eastus2 (expected: one of the regions of provider account %s: local)"
                .formatted(LOCAL));
  }

  @Test
  void namesTheEarlierPositionOfADuplicateZone() {
    assertThat(
            create(body("'availability_zones':['local-2','local-2']"))
                .problems()
                .getFirst()
                .reason())
        .isEqualTo(
            "availability_zones.1: local-2 (expected: each zone once; already at"
                + " availability_zones.0)");
  }

  @Test
  void checksTheBlockSizeAgainstTheZoneCount() {
    String zones = "'availability_zones':['local-1','local-2','local-3']";
    assertThat(create(body(zones + ",'cidr_block':'10.1.0.0/23'")).problems())
        .extracting(InvalidParameter::reason)
        .contains(
            "cidr_block: 10.1.0.0/23 (expected: prefix length 22 or shorter for 3 availability"
                + " zones)");
  }

  @Test
  void refusesALongNameWithKonnectsWordingAndMaximum() {
    InvalidParameter problem =
        create(body("'name':'" + "n".repeat(121) + "'")).problems().getFirst();

    assertThat(problem.rule()).isEqualTo(Rule.MAX_LENGTH);
    assertThat(problem.maximum()).contains(120);
    assertThat(problem.reason())
        .isEqualTo("name must be shorter than or equal to 120 characters (got 121)");
    assertThat(create(body("'name':'" + "n".repeat(120) + "'")).isValid()).isTrue();
  }

  @Test
  void refusesControlCharactersInANameButAcceptsAnyScript() {
    assertThat(create(body("'name':'a\\u001b[2Jb'")).problems())
        .extracting(InvalidParameter::field, InvalidParameter::rule)
        .containsExactly(tuple("name", Rule.INVALID));
    assertThat(create(body("'name':'Réseau 東京 ✓'")).orElseThrow().spec().name())
        .isEqualTo("Réseau 東京 ✓");
  }

  @Test
  void patchesOnlyTheName() {
    assertThat(NetworkRequests.patch(Json.parse("{'name':'renamed'}")).orElseThrow())
        .isEqualTo(new NetworkPatch(Optional.of("renamed")));
    assertThat(NetworkRequests.patch(Json.parse("{}")).orElseThrow().name()).isEmpty();
  }

  @Test
  void refusesAPatchOfAnImmutableFieldSayingWhy() {
    assertThat(
            NetworkRequests.patch(Json.parse("{'cidr_block':'10.2.0.0/16','id':'x'}")).problems())
        .extracting(InvalidParameter::field, InvalidParameter::rule, InvalidParameter::reason)
        .containsExactlyInAnyOrder(
            tuple(
                "cidr_block",
                Rule.UNKNOWN_PROPERTY,
                "cidr_block: cannot be changed after creation (expected: only name)"),
            tuple("id", Rule.UNKNOWN_PROPERTY, "id: unknown property (expected: only name)"));
  }

  @Test
  void appliesAPatchToASpec() {
    NetworkSpec spec = create(body("")).orElseThrow().spec();

    assertThat(new NetworkPatch(Optional.of("other")).applyTo(spec).name()).isEqualTo("other");
    assertThat(new NetworkPatch(Optional.empty()).applyTo(spec)).isEqualTo(spec);
  }
}
