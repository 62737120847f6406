package io.causeway.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code causeway login}: checks a token against the API, then stores the server and token in the
 * CLI configuration file (mode 0600) for later commands.
 */
@Command(
    name = "login",
    mixinStandardHelpOptions = true,
    description = {
      "Check a token against the API and save the server and token for later commands in"
          + " $CAUSEWAY_CONFIG, else $XDG_CONFIG_HOME/causeway/config.json, else"
          + " ~/.config/causeway/config.json (mode 0600).",
      "",
      "Example:",
      "  ./causeway login --server http://127.0.0.1:8001 \\",
      "      --token-file causeway-data/admin-token"
    })
final class LoginCommand implements Callable<Integer> {
  private final Environment environment;

  @Spec CommandSpec spec;

  @Option(
      names = "--server",
      paramLabel = "URL",
      description =
          "Causeway API (default: $CAUSEWAY_SERVER, else " + ClientOptions.DEFAULT_SERVER + ").")
  Optional<String> server = Optional.empty();

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      description = "The token (default: --token-file, else $CAUSEWAY_TOKEN).")
  Optional<String> token = Optional.empty();

  @Option(
      names = "--token-file",
      paramLabel = "FILE",
      description = "Read the token from this file, e.g. DATA_DIR/admin-token.")
  Optional<Path> tokenFile = Optional.empty();

  LoginCommand(Environment environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() {
    URI uri =
        ClientOptions.serverUri(
            server
                .or(() -> environment.get(Environment.SERVER))
                .orElse(ClientOptions.DEFAULT_SERVER));
    String secret =
        token
            .or(() -> tokenFile.map(LoginCommand::readToken))
            .or(() -> environment.get(Environment.TOKEN))
            .orElseThrow(
                () ->
                    CliException.usage(
                        "No token: pass --token or --token-file, or set" + " CAUSEWAY_TOKEN"));
    try (Api api = new Api(uri, secret, environment.requestTimeout())) {
      api.get(Resolver.TOKENS);
    }
    Path file = environment.configFile();
    ConfigFile.write(file, uri.toString(), secret);
    spec.commandLine().getOut().println("Logged in to " + uri + "; saved in " + file + ".");
    spec.commandLine().getOut().flush();
    return 0;
  }

  private static String readToken(Path file) {
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8).strip();
      if (text.isEmpty()) {
        throw CliException.usage("token-file: " + file + " is empty (expected: the token)");
      }
      return text;
    } catch (IOException e) {
      throw CliException.usage("token-file: cannot read " + file + " (" + e + ")");
    }
  }
}
