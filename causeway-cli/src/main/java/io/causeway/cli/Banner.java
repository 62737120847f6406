package io.causeway.cli;

import io.causeway.controlplane.ControlPlane;
import io.causeway.gateway.DataPlane;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;

/** What a starting process tells its user: where everything is and how to reach it. */
final class Banner {
  private Banner() {}

  static void print(
      PrintStream out, ControlPlane cp, Optional<DataPlane> dp, ProcessOptions process) {
    out.println();
    out.println("Causeway is up.");
    out.printf("  API and web UI   %s   (OpenAPI: %s/openapi.yaml)%n", cp.apiUri(), trim(cp.apiUri()));
    dp.ifPresent(
        d -> {
          out.printf("  Proxy            http://0.0.0.0:%d%n", d.proxyPort());
          out.printf("  Status           http://127.0.0.1:%d/status%n", d.statusPort());
        });
    out.printf(
        "  Provider         %s%n",
        cp.providerName().equals("simulated")
            ? "simulated (in memory, no isolation: for exploring the API)"
            : cp.providerName());
    out.printf("  Data directory   %s%n", process.dataDir.toAbsolutePath().normalize());
    Path token = cp.adminTokenFile().toAbsolutePath().normalize();
    if (cp.newAdminToken().isPresent()) {
      out.printf("  Admin token      written to %s (mode 0600; created now)%n", token);
    } else {
      out.printf("  Admin token      %s%n", token);
    }
    out.println();
    out.printf("Try:  TOKEN=$(cat %s)%n", token);
    out.printf(
        "      curl -s -H \"Authorization: Bearer $TOKEN\" %s/v2/cloud-gateways/provider-accounts%n",
        trim(cp.apiUri()));
    out.printf("or:   ./causeway login --server %s --token-file %s%n", trim(cp.apiUri()), token);
    out.println("      ./causeway provider-accounts list");
    out.println("Stop with Ctrl-C.");
    out.flush();
  }

  static void printDataPlane(
      PrintStream out,
      DataPlane dp,
      ProcessOptions process,
      Optional<Path> config,
      Optional<String> controlPlane) {
    out.println();
    out.println("Causeway data plane is up.");
    out.printf("  Proxy            http://0.0.0.0:%d%n", dp.proxyPort());
    out.printf("  Status           http://127.0.0.1:%d/status%n", dp.statusPort());
    String source =
        controlPlane
            .map(url -> "pushed by the control plane at " + url + " (cached on disk)")
            .or(
                () ->
                    config.map(
                        p ->
                            p.toAbsolutePath().normalize()
                                + " (reload: kill -HUP "
                                + ProcessHandle.current().pid()
                                + ")"))
            .orElse("none (every request answers 404)");
    out.printf("  Configuration    %s%n", source);
    out.println("Stop with Ctrl-C.");
    out.flush();
  }

  static void printReload(PrintStream out, Object outcome) {
    out.println("Reload: " + outcome);
    out.flush();
  }

  private static String trim(java.net.URI uri) {
    String s = uri.toString();
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}
