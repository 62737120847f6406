package io.causeway.cli;

import io.causeway.controlplane.ControlPlane;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code causeway control-plane}: API, web UI, reconciler and store, no data plane. */
@Command(
    name = "control-plane",
    mixinStandardHelpOptions = true,
    description = {
      "Run the control plane alone (API, web UI, reconciler). Several replicas may share one"
          + " PostgreSQL database (--database-url).",
      "",
      "Example:",
      "  ./causeway control-plane \\",
      "      --database-url 'jdbc:postgresql://127.0.0.1:5432/causeway?user=postgres'"
    })
final class ControlPlaneCommand implements Callable<Integer> {
  @Mixin ProcessOptions process;
  @Mixin ControlPlaneFlags flags;

  @Override
  public Integer call() {
    var processes = new Processes();
    ControlPlane controlPlane = processes.add(ControlPlane.start(flags.options(process)));
    Banner.print(System.out, controlPlane, Optional.empty(), process);
    return processes.awaitShutdown(Duration.ofSeconds(30));
  }
}
