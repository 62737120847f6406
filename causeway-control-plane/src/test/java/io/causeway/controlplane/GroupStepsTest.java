package io.causeway.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.causeway.model.DataPlaneGroupRef;
import io.causeway.provider.local.SimulatedProvider;
import io.causeway.store.NetworkRow;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** How a stored group becomes the provider's {@link DataPlaneGroupRef}. */
class GroupStepsTest {
  private static final UUID CONTROL_PLANE = UUID.fromString("c0000000-0000-4000-8000-000000000001");
  private static final NetworkRow NETWORK = NetworkRow.create(
      UUID.fromString("a0000000-0000-4000-8000-000000000001"),
      UUID.fromString("b0000000-0000-4000-8000-000000000001"), "prod",
      SimulatedProvider.ACCOUNT_ID.toString(), "local", "[\"local-1\"]", "10.8.0.0/16", false,
      "ready");

  @Test
  void aStaticGroupAsksForItsRequestedInstancesAndAnAutopilotGroupForOne() {
    String id = "d0000000-0000-4000-8000-000000000001";
    var fixed = Json.read("""
        {"id": "%s", "autoscale": {"kind": "static", "instance_type": "small",
                                   "requested_instances": 3}}""".formatted(id));
    var autopilot = Json.read("""
        {"id": "%s", "autoscale": {"kind": "autopilot", "base_rps": 100}}""".formatted(id));

    DataPlaneGroupRef ref = GroupSteps.ref(fixed, CONTROL_PLANE, NETWORK);

    assertThat(ref.instances()).isEqualTo(3);
    assertThat(ref.groupId()).isEqualTo(UUID.fromString(id));
    assertThat(ref.controlPlaneId()).isEqualTo(CONTROL_PLANE);
    assertThat(ref.network().networkId()).isEqualTo(NETWORK.id());
    assertThat(ref.network().spec().cidrBlock()).isEqualTo("10.8.0.0/16");
    assertThat(GroupSteps.ref(autopilot, CONTROL_PLANE, NETWORK).instances()).isEqualTo(1);
  }
}
