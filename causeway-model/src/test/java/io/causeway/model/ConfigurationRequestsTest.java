package io.causeway.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.causeway.model.ConfigurationRequests.Autoscale;
import io.causeway.model.ConfigurationRequests.ConfigurationCreate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ConfigurationRequestsTest {
  static final UUID CP = UUID.fromString("0949471e-b759-45ba-87ab-ee63fb781388");
  static final UUID NET = UUID.fromString("36ae63d3-efd1-4bec-b246-62aa5d3f5695");

  static String body(String group, String extra) {
    return ("{'control_plane_id':'%s','control_plane_geo':'us','version':'3.10',"
        + "'dataplane_groups':[%s]%s}").formatted(CP, group, extra);
  }

  static String group(String autoscale) {
    return ("{'provider':'simulated','region':'local','cloud_gateway_network_id':'%s',"
        + "'autoscale':%s}").formatted(NET, autoscale);
  }

  static List<InvalidParameter> problems(String json) {
    return ConfigurationRequests.create(Json.parse(json)).problems();
  }

  @Test
  void decodesTheContractsSingleRegionExampleWithDefaults() {
    ConfigurationCreate created =
        ConfigurationRequests.create(Json.parse(
                body(group("{'kind':'autopilot','base_rps':100}"), ""))).orElseThrow();

    assertThat(created.controlPlaneId()).isEqualTo(CP);
    assertThat(created.apiAccess()).isEqualTo("private+public");
    assertThat(created.groups()).singleElement().satisfies(g -> {
      assertThat(g.networkId()).isEqualTo(NET);
      assertThat(g.autoscale()).isEqualTo(new Autoscale.Autopilot(100, Optional.empty()));
    });
  }

  @Test
  void reportsEveryProblemAtItsExactPath() {
    String bad = "{'provider':'simulated','region':'','cloud_gateway_network_id':'nope',"
        + "'autoscale':{'kind':'static','instance_type':'huge','requested_instances':1.5},"
        + "'environment':[{'name':'PATH','value':'x'}],'zone':1}";

    assertThat(problems(body(group("{'kind':'autopilot','base_rps':'x'}") + "," + bad,
            ",'api_access':'open','kind':'serverless.v1'")))
        .extracting(InvalidParameter::field, p -> p.rule().wire())
        .containsExactlyInAnyOrder(
            tuple("kind", "enum"),
            tuple("api_access", "enum"),
            tuple("dataplane_groups.0.autoscale.base_rps", "is_integer"),
            tuple("dataplane_groups.1.zone", "unknown_property"),
            tuple("dataplane_groups.1.region", "min_length"),
            tuple("dataplane_groups.1.cloud_gateway_network_id", "is_uuid"),
            tuple("dataplane_groups.1.autoscale.instance_type", "enum"),
            tuple("dataplane_groups.1.autoscale.requested_instances", "is_integer"),
            tuple("dataplane_groups.1.environment.0.name", "min_length"));
  }

  @Test
  void requiresTheIdentifyingFields() {
    assertThat(problems("{'dataplane_groups':[{}]}"))
        .extracting(InvalidParameter::field)
        .containsExactlyInAnyOrder("control_plane_id", "control_plane_geo", "version",
            "dataplane_groups.0.provider", "dataplane_groups.0.region",
            "dataplane_groups.0.cloud_gateway_network_id", "dataplane_groups.0.autoscale");
  }
}
