package io.causeway.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.causeway.model.InvalidParameter.Rule;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AzureNamesTest {

  @ParameterizedTest
  @ValueSource(
      strings = {"a1b2c3d4-e5f6-7890-abcd-ef1234567890", "A1B2C3D4-E5F6-7890-ABCD-EF1234567890"})
  void acceptsGuidsInEitherCase(String guid) {
    assertThat(AzureNames.guid("tenant_id", guid)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "contoso.onmicrosoft.com",
        "a1b2c3d4e5f67890abcdef1234567890",
        "{a1b2c3d4-e5f6-7890-abcd-ef1234567890}",
        "g1b2c3d4-e5f6-7890-abcd-ef1234567890",
        "a1b2c3d4-e5f6-7890-abcd-ef123456789"
      })
  void refusesWhatIsNotAGuid(String value) {
    assertThat(AzureNames.guid("tenant_id", value))
        .singleElement()
        .satisfies(p -> assertThat(p.rule()).isEqualTo(Rule.IS_UUID));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"rg", "my-resource-group", "rg_1.(prod)", "r", "Ressourcengruppe-ä", "x90"})
  void acceptsValidResourceGroupNames(String name) {
    assertThat(AzureNames.resourceGroupName("rg", name)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "rg.        | matches_regex",
        "rg/1       | matches_regex",
        "rg 1       | matches_regex",
        "rg$        | matches_regex",
        "''         | min_length",
      })
  void refusesInvalidResourceGroupNames(String name, String rule) {
    assertThat(AzureNames.resourceGroupName("rg", name))
        .singleElement()
        .satisfies(p -> assertThat(p.rule().wire()).isEqualTo(rule));
  }

  @ParameterizedTest
  @CsvSource({"90, 0", "91, 1"})
  void limitsResourceGroupNamesTo90Characters(int length, int problems) {
    assertThat(AzureNames.resourceGroupName("rg", "r".repeat(length))).hasSize(problems);
  }

  @ParameterizedTest
  @ValueSource(strings = {"vn", "my-vnet", "vnet_", "v.n-e_t1", "1vnet", "VNET"})
  void acceptsValidVnetNames(String name) {
    assertThat(AzureNames.vnetName("vnet_name", name)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "v          | min_length",
        "_vnet      | matches_regex",
        "vnet-      | matches_regex",
        "vnet.      | matches_regex",
        "vn(et)     | matches_regex",
        "vnét       | matches_regex",
      })
  void refusesInvalidVnetNames(String name, String rule) {
    assertThat(AzureNames.vnetName("vnet_name", name))
        .singleElement()
        .satisfies(p -> assertThat(p.rule().wire()).isEqualTo(rule));
  }

  @ParameterizedTest
  @CsvSource({"64, 0", "65, 1"})
  void limitsVnetNamesTo64Characters(int length, int problems) {
    assertThat(AzureNames.vnetName("vnet_name", "v".repeat(length))).hasSize(problems);
  }
}
