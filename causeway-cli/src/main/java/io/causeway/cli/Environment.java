package io.causeway.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * What the client commands read from outside their arguments: environment variables and the home
 * directory. Injected (see {@link Main#commandLine(Environment)}) so tests pass their own instead
 * of the process environment.
 *
 * @param variables environment variables ({@code CAUSEWAY_SERVER}, {@code CAUSEWAY_TOKEN}, {@code
 *     CAUSEWAY_CONFIG}, {@code XDG_CONFIG_HOME})
 * @param home the user's home directory
 * @param requestTimeout how long one API request may take
 */
record Environment(Map<String, String> variables, Path home, Duration requestTimeout) {
  static final String SERVER = "CAUSEWAY_SERVER";
  static final String TOKEN = "CAUSEWAY_TOKEN";
  static final String CONFIG = "CAUSEWAY_CONFIG";
  static final String XDG_CONFIG_HOME = "XDG_CONFIG_HOME";

  Environment {
    variables = Map.copyOf(variables);
    java.util.Objects.requireNonNull(home, "home");
    java.util.Objects.requireNonNull(requestTimeout, "requestTimeout");
  }

  static Environment system() {
    return new Environment(
        System.getenv(), Path.of(System.getProperty("user.home")), Duration.ofSeconds(30));
  }

  static Environment of(Map<String, String> variables, Path home) {
    return new Environment(variables, home, Duration.ofSeconds(30));
  }

  /** A variable, when set to something other than blanks. */
  Optional<String> get(String name) {
    return Optional.ofNullable(variables.get(name)).filter(v -> !v.isBlank());
  }

  /**
   * {@code $CAUSEWAY_CONFIG}, else {@code $XDG_CONFIG_HOME/causeway/config.json}, else {@code
   * ~/.config/causeway/config.json} (the XDG base directory default).
   */
  Path configFile() {
    return get(CONFIG)
        .map(Path::of)
        .orElseGet(
            () ->
                get(XDG_CONFIG_HOME)
                    .map(Path::of)
                    .orElseGet(() -> home.resolve(".config"))
                    .resolve("causeway")
                    .resolve("config.json"));
  }
}
