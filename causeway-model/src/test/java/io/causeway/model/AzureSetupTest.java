package io.causeway.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AzureSetupTest {
  static final String APP = "207b296f-cf25-4d23-9eba-9a2c41dc62ca";
  static final AzureVnetPeering PEERING =
      new AzureVnetPeering(
          "a1b2c3d4-e5f6-7890-abcd-ef1234567890",
          "b2c3d4e5-f6a7-8901-bcde-f12345678901",
          "my-rg(prod)",
          "my-vnet");
  static final String ROLE = "Causeway Peering Creator - Contoso";

  final AzureSetup setup = AzureSetup.of(PEERING, APP, ROLE);

  @Test
  void pointsTheConsentUrlAtTheCustomersTenantAndTheApp() {
    assertThat(setup.adminConsentUrl())
        .isEqualTo(
            "https://login.microsoftonline.com/a1b2c3d4-e5f6-7890-abcd-ef1234567890/adminconsent"
                + "?client_id=207b296f-cf25-4d23-9eba-9a2c41dc62ca");
  }

  @Test
  void pointsTheConsentUrlAtTheConfiguredCloudsAuthority() {
    AzureSetup government =
        AzureSetup.of(PEERING, APP, ROLE, java.net.URI.create("https://login.microsoftonline.us/"));

    assertThat(government.adminConsentUrl())
        .isEqualTo(
            "https://login.microsoftonline.us/a1b2c3d4-e5f6-7890-abcd-ef1234567890/adminconsent"
                + "?client_id=207b296f-cf25-4d23-9eba-9a2c41dc62ca");
  }

  @Test
  void refusesAnAuthorityHostThatIsNotHttps() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> AzureSetup.of(PEERING, APP, ROLE, java.net.URI.create("http://login.example")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("https");
  }

  @Test
  void definesARoleWithExactlyTheFivePeeringActionsScopedToTheSubscription() throws Exception {
    JsonNode role = Json.MAPPER.readTree(setup.roleDefinitionJson());

    assertThat(role.get("Name").asText()).isEqualTo(ROLE);
    List<String> actions = new ArrayList<>();
    role.get("Actions").forEach(a -> actions.add(a.asText()));
    assertThat(actions)
        .containsExactly(
            "Microsoft.Network/virtualNetworks/read",
            "Microsoft.Network/virtualNetworks/virtualNetworkPeerings/read",
            "Microsoft.Network/virtualNetworks/virtualNetworkPeerings/write",
            "Microsoft.Network/virtualNetworks/virtualNetworkPeerings/delete",
            "Microsoft.Network/virtualNetworks/peer/action");
    assertThat(role.get("AssignableScopes"))
        .singleElement()
        .satisfies(
            s -> assertThat(s.asText()).isEqualTo("/subscriptions/" + PEERING.subscriptionId()));
    assertThat(setup.roleDefinition()).isEqualTo(role);
  }

  @Test
  void embedsTheSameValidJsonInTheDefinitionCommand() throws Exception {
    Matcher command =
        Pattern.compile("az role definition create --role-definition '([^']*)'")
            .matcher(setup.roleDefinitionCommand());

    assertThat(command.matches()).isTrue();
    assertThat(Json.MAPPER.readTree(command.group(1))).isEqualTo(setup.roleDefinition());
  }

  @Test
  void assignsTheSameRoleToTheAppOnTheVnet() {
    Matcher command =
        Pattern.compile(
                "az role assignment create --role \"([^\"]*)\" --assignee (\\S+) --scope"
                    + " \"([^\"]*)\"")
            .matcher(setup.roleAssignmentCommand());

    assertThat(command.matches()).isTrue();
    assertThat(command.group(1)).isEqualTo(setup.roleDefinition().get("Name").asText());
    assertThat(command.group(2)).isEqualTo(APP);
    assertThat(command.group(3))
        .isEqualTo(
            "/subscriptions/b2c3d4e5-f6a7-8901-bcde-f12345678901/resourceGroups/my-rg(prod)"
                + "/providers/Microsoft.Network/virtualNetworks/my-vnet");
  }

  @Test
  void makesRoleNamesUniquePerSubscription() {
    assertThat(
            AzureSetup.roleNameForSubscription(
                AzureSetup.DEFAULT_ROLE_NAME, PEERING.subscriptionId()))
        .isEqualTo("Causeway Peering Creator (b2c3d4e5-f6a7-8901-bcde-f12345678901)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "it's", "say \"hi\"", "$(rm)", "back`tick", "bang!", "a\\b"})
  void refusesRoleNamesThatWouldBreakTheShellQuoting(String roleName) {
    assertThatThrownBy(() -> AzureSetup.of(PEERING, APP, roleName))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesAnAppIdThatIsNotAGuid() {
    assertThatThrownBy(() -> AzureSetup.of(PEERING, "kong-app", ROLE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("GUID");
  }
}
