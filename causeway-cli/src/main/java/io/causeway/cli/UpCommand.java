package io.causeway.cli;

import io.causeway.controlplane.ControlPlane;
import io.causeway.gateway.DataPlane;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code causeway up}: the control plane and one embedded data plane in one process. */
@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description = {
      "Start Causeway: control plane (API, web UI, reconciler, embedded H2 store) and one data"
          + " plane serving the default control plane.",
      "",
      "Example:",
      "  ./causeway up --provider simulated"
    })
final class UpCommand implements Callable<Integer> {
  @Mixin ProcessOptions process;
  @Mixin ControlPlaneFlags flags;

  @Override
  public Integer call() {
    var processes = new Processes();
    ControlPlane controlPlane = processes.add(ControlPlane.start(flags.options(process)));
    // The embedded data plane joins like any other: a single-use join token the first time, its
    // client certificate afterwards (an unused token expires by itself).
    String clusterUrl =
        controlPlane
            .clusterUri()
            .orElseThrow(() -> new IllegalStateException("the cluster listener did not start"))
            .toString();
    DataPlane dataPlane =
        processes.add(
            DataPlane.start(
                DataPlaneCommand.options(
                        process, process.dataDir.resolve("dp-embedded"), Optional.empty(), "embedded")
                    .withControlPlane(
                        clusterUrl,
                        Optional.of(controlPlane.mintJoinToken(controlPlane.defaultControlPlaneId())))));
    Banner.print(System.out, controlPlane, Optional.of(dataPlane), process);
    return processes.awaitShutdown(Duration.ofSeconds(30));
  }
}
