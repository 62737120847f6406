package io.causeway.cli;

import io.causeway.controlplane.ControlPlaneOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code causeway demo [--down]}: the whole local story on top of a running {@code sudo ./causeway
 * up}, through the API only: a customer VNET with a private HTTP API and a DNS server for its
 * private zone, a network peered with it whose {@code dns_config} forwards that zone, the default
 * control plane's data planes placed in that network, and a route to the API by its private name.
 * Every step reuses what exists, so running it again is safe; {@code --down} removes exactly what
 * it made (found by its fixed names).
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Build (or with --down remove) a working end-to-end demo on this host: a customer VNET"
          + " running a private HTTP API and a DNS server (dnsmasq) for " + DemoCommand.ZONE + ","
          + " a network peered with it that forwards that zone, the default control plane's data"
          + " planes in that network, and a route to the API by its private name. Prints a curl"
          + " command that goes through the proxy.",
      "Needs `sudo ./causeway up` (the local provider) running and dnsmasq installed"
          + " (Debian: dnsmasq-base). Safe to run again: it reuses what exists.",
      "",
      "Example:",
      "  ./causeway demo",
      "  ./causeway demo --down"
    },
    subcommands = DemoCommandApi.class)
final class DemoCommand extends ClientCommand {
  static final String TENANT = "0de30de3-0de3-4de3-8de3-000000000001";
  static final String RESOURCE_GROUP = "causeway-demo";
  static final String VNET = "causeway-demo-vnet";
  static final String VNET_CIDR = "10.99.0.0/16";
  static final String NETWORK = "causeway-demo-network";
  static final String NETWORK_CIDR = "10.98.0.0/21";
  static final String TRANSIT_GATEWAY = "causeway-demo-peering";
  static final String ZONE = "demo.internal";
  static final String API_HOST = "api." + ZONE;
  static final int API_PORT = 8080;
  static final String SERVICE = "causeway-demo-api";
  static final String ROUTE = "causeway-demo";
  static final String ROUTE_PATH = "/demo";
  static final String API_PROCESS = "demo-api";
  static final String DNS_PROCESS = "demo-dns";
  static final int PROXY_PORT = 8000;
  static final List<String> DNSMASQ =
      List.of("/usr/sbin/dnsmasq", "/sbin/dnsmasq", "/usr/bin/dnsmasq");

  @Option(names = "--down", description = "Remove everything the demo made, and only that.")
  boolean down;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "3m",
      converter = DurationConverter.class,
      description = "Give up waiting for readiness after this long (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Override
  int run() {
    DemoCommandSteps steps = new DemoCommandSteps(api(), err(), timeout);
    if (down) {
      steps.down();
      printer()
          .message(
              "The demo is removed.", Api.JSON.createObjectNode().put("removed", true));
      return 0;
    }
    DemoCommandSteps.Result result = steps.up(dnsmasq(), apiCommand());
    printer().message(result.text(), result.json());
    return 0;
  }

  /** dnsmasq on this host (the control plane runs it, and the demo needs the same host). */
  private static String dnsmasq() {
    Optional<String> found =
        DNSMASQ.stream().filter(p -> Files.isExecutable(Path.of(p))).findFirst();
    return found.orElseThrow(
        () ->
            CliException.api(
                "The demo runs a DNS server for "
                    + ZONE
                    + " with dnsmasq, which is not installed (looked in "
                    + DNSMASQ
                    + "). Install it, e.g. `sudo apt-get install dnsmasq-base`, then run"
                    + " `./causeway demo` again."));
  }

  /**
   * The private API is this very program ({@code demo serve-api}) run by the same JVM binary and
   * class path: nothing else needs to be installed, and the control plane (same host, root) can
   * start it inside the VNET.
   */
  static List<String> apiCommand() {
    List<String> command = new ArrayList<>(ControlPlaneOptions.selfCommand(
        List.of("-Xmx48m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1")));
    command.addAll(List.of("demo", DemoCommandApi.NAME, "--address", "0.0.0.0", "--port",
        String.valueOf(API_PORT)));
    return List.copyOf(command);
  }
}
