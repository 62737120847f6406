package io.causeway.cli;

import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Options shared by the process roles; defaults are Kong's ports (DESIGN §8). */
final class ProcessOptions {
  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "Where state, the admin token and caches live (default: ${DEFAULT-VALUE}).",
      defaultValue = "./causeway-data")
  Path dataDir;

  @Option(
      names = "--api-port",
      paramLabel = "N",
      description = "Control plane API and web UI port on 127.0.0.1 (default: ${DEFAULT-VALUE}).",
      defaultValue = "8001")
  int apiPort;

  @Option(
      names = "--api-host",
      paramLabel = "ADDR",
      description = "Address the API binds (default: ${DEFAULT-VALUE}).",
      defaultValue = "127.0.0.1")
  String apiHost;

  @Option(
      names = "--proxy-port",
      paramLabel = "N",
      description = "Data plane HTTP proxy port on all addresses (default: ${DEFAULT-VALUE}).",
      defaultValue = "8000")
  int proxyPort;

  @Option(
      names = "--proxy-tls-port",
      paramLabel = "N",
      description = "Data plane HTTPS proxy port, used with --proxy-tls-cert (default: ${DEFAULT-VALUE}).",
      defaultValue = "8443")
  int proxyTlsPort;

  @Option(
      names = "--status-port",
      paramLabel = "N",
      description = "Data plane status port on 127.0.0.1 (default: ${DEFAULT-VALUE}).",
      defaultValue = "8100")
  int statusPort;

  @Option(
      names = "--cluster-port",
      paramLabel = "N",
      description =
          "Cluster listener data planes dial into, mutual TLS on all addresses (default:"
              + " ${DEFAULT-VALUE}).",
      defaultValue = "8005")
  int clusterPort;

  @Option(
      names = "--tls-cert",
      paramLabel = "PEM",
      description = "Serve the API and UI over HTTPS with this certificate chain (PEM).")
  Optional<Path> tlsCert;

  @Option(names = "--tls-key", paramLabel = "PEM", description = "Private key for --tls-cert (PEM).")
  Optional<Path> tlsKey;

  @Option(
      names = "--proxy-tls-cert",
      paramLabel = "PEM",
      description = "Serve the proxy over HTTPS (h2 and http/1.1) with this certificate chain.")
  Optional<Path> proxyTlsCert;

  @Option(names = "--proxy-tls-key", paramLabel = "PEM", description = "Private key for --proxy-tls-cert.")
  Optional<Path> proxyTlsKey;
}
