package io.causeway.provider.azure;

import static io.causeway.provider.azure.Scenarios.network;
import static org.assertj.core.api.Assertions.assertThat;

import io.causeway.model.DataPlaneGroupRef;
import io.causeway.model.DataPlaneObservation;
import io.causeway.model.NetworkProvider;
import io.causeway.model.NetworkRef;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Azure launches no data-plane VMs; it says precisely where they go and how they join. */
@Timeout(30)
class AzureDataPlanePlacementIT {
  FakeAzure azure;
  NetworkProvider provider;

  @BeforeEach
  void start() {
    azure = new FakeAzure();
    provider = azure.provider();
  }

  @AfterEach
  void stop() {
    azure.close();
  }

  @Test
  void aGroupIsExternalWithTheSubnetVnetAndJoinCommand() {
    NetworkRef network = network(provider, "placement", "10.10.0.0/16");
    UUID controlPlane = UUID.fromString("66666666-6666-4666-8666-666666666666");
    DataPlaneGroupRef group = new DataPlaneGroupRef(Scenarios.id("group/placement"),
        controlPlane, network, 2);

    DataPlaneObservation observed = provider.observeDataPlanes(group);

    assertThat(observed).isInstanceOfSatisfying(DataPlaneObservation.External.class, e ->
        assertThat(e.reason())
            .contains("start 2 VMs in region " + FakeAzure.REGION)
            .contains("subnet dataplanes (10.10.0.0/17)")
            .contains(Scenarios.providerVnetId(network) + "/subnets/dataplanes")
            .contains("causeway data-plane --control-plane URL --join-token T")
            .contains("/v2/control-planes/" + controlPlane + "/join-tokens"));
    assertThat(provider.placedDataPlaneGroups()).isEmpty();
    assertThat(azure.arm.requests()).isEmpty();
  }
}
