package io.causeway.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.causeway.provider.local.LocalProvider;
import io.causeway.store.LocalVnetRow;
import io.causeway.store.Store;
import io.causeway.store.StoreSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local VNET registry lives in the control plane's store (DESIGN §9): VNETs a data directory
 * registered in its state file before are imported on start and leave the file, VNETs made
 * through the API are rows, and a restarted control plane lists them all.
 */
@Timeout(120)
class LocalVnetRegistryIT {
  private static final String SUBSCRIPTION = "c3d4e5f6-a7b8-4901-8cde-f12345678902";
  private static final String GROUP = "rg-registry-it";

  @TempDir Path dataDir;

  @AfterEach
  void resetWhatIsLeft() {
    List<String> leftover = LocalProvider.create(dataDir).reset();
    if (!leftover.isEmpty()) {
      System.err.println("*** LocalVnetRegistryIT cleaned up leftovers: " + leftover);
    }
  }

  private ControlPlane start() {
    return ControlPlane.start(
        new ControlPlaneOptions(
            dataDir, "127.0.0.1", 0, Optional.empty(), Optional.empty(), Optional.empty(),
            "local", Fixtures.DELAY, true, Map.of()),
        Hooks.defaults().withTimings(Fixtures.FAST));
  }

  private static List<String> names(ApiClient api) {
    var listed = api.get("/v2/local/vnets");
    assertThat(listed.status()).as(listed.body()).isEqualTo(200);
    return StreamSupport.stream(listed.json().get("data").spliterator(), false)
        .map(v -> v.get("name").asText() + ":" + v.get("present").asBoolean())
        .toList();
  }

  private JsonNode stateFile() throws IOException {
    return new ObjectMapper().readTree(dataDir.resolve("local").resolve("state.json").toFile());
  }

  @Test
  void vnetsOfAnOlderStateFileAreImportedIntoTheStoreOnceAndSurviveARestart() throws IOException {
    LocalRequirement.require(dataDir);
    // A data directory from before the registry moved: the VNET is in state.json only.
    LocalProvider.create(dataDir).vnets().create(SUBSCRIPTION, GROUP, "upgraded", "10.21.0.0/16");
    assertThat(stateFile().get("vnets")).hasSize(1);

    String token;
    try (ControlPlane cp = start()) {
      token = cp.newAdminToken().orElseThrow();
      ApiClient api = ApiClient.of(cp, token);
      assertThat(names(api)).containsExactly("upgraded:true");
      assertThat(stateFile().get("vnets")).isEmpty();

      var created = api.post("/v2/local/vnets", """
          {"subscription_id": "%s", "resource_group_name": "%s", "name": "after",
           "cidr": "10.22.0.0/16"}
          """.formatted(SUBSCRIPTION, GROUP));
      assertThat(created.status()).as(created.body()).isEqualTo(201);
      assertThat(stateFile().get("vnets")).isEmpty();
    }

    try (Store store = Store.open(StoreSettings.h2File(dataDir))) {
      assertThat(store.localVnets().list())
          .extracting(LocalVnetRow::name, LocalVnetRow::cidr)
          .containsExactly(
              tuple("upgraded", "10.21.0.0/16"),
              tuple("after", "10.22.0.0/16"));
    }

    try (ControlPlane cp = start()) {
      // The admin token is minted once, on the first start.
      ApiClient api = ApiClient.of(cp, token);
      assertThat(names(api)).containsExactly("upgraded:true", "after:true");

      var reset = api.post("/v2/local/reset", "{}");
      assertThat(reset.status()).as(reset.body()).isEqualTo(200);
      assertThat(names(api)).isEmpty();
    }
  }
}
