package io.causeway.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/**
 * Options of every API client command: where the API is, the token, and the output format. Each
 * comes from the flag, else the environment, else the file {@code ./causeway login} wrote.
 */
final class ClientOptions {
  static final String DEFAULT_SERVER = "http://127.0.0.1:8001";

  private final Environment environment;

  @Option(
      names = "--server",
      paramLabel = "URL",
      description =
          "Causeway API (default: $CAUSEWAY_SERVER, the login file, else " + DEFAULT_SERVER + ").")
  Optional<String> server = Optional.empty();

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      description = "API token (default: $CAUSEWAY_TOKEN, else the login file).")
  Optional<String> token = Optional.empty();

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).",
      defaultValue = "table")
  Output output = Output.TABLE;

  ClientOptions(Environment environment) {
    this.environment = environment;
  }

  Environment environment() {
    return environment;
  }

  Output output() {
    return output;
  }

  /** The API named by the flags, the environment or the login file. */
  Api api() {
    // The file is read only when a flag or variable leaves something open.
    Supplier<ConfigFile.Settings> file =
        new Supplier<>() {
          private ConfigFile.Settings settings;

          @Override
          public ConfigFile.Settings get() {
            if (settings == null) {
              settings = ConfigFile.read(environment.configFile());
            }
            return settings;
          }
        };
    String url =
        server
            .or(() -> environment.get(Environment.SERVER))
            .or(() -> file.get().server())
            .orElse(DEFAULT_SERVER);
    String bearer =
        token
            .or(() -> environment.get(Environment.TOKEN))
            .or(() -> file.get().token())
            .orElseThrow(
                () ->
                    CliException.usage(
                        "No API token: pass --token, set CAUSEWAY_TOKEN, or run `./causeway login"
                            + " --server URL --token-file DATA_DIR/admin-token` once"));
    return new Api(serverUri(url), bearer, environment.requestTimeout());
  }

  /** {@code http(s)://host[:port]}, without a trailing slash. */
  static URI serverUri(String url) {
    String trimmed = url.strip();
    while (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    try {
      URI uri = new URI(trimmed);
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          || uri.getHost() == null) {
        throw new URISyntaxException(url, "not an http(s) URL with a host");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw CliException.usage(
          "server: " + url + " (expected: an http(s) URL such as " + DEFAULT_SERVER + ")");
    }
  }
}
