package io.causeway.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code ./causeway}: the process roles ({@code up}, {@code control-plane}, {@code
 * data-plane}) and, as they land, the API client commands. Every command is wired by hand here.
 */
@Command(
    name = "causeway",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Causeway: a self-hosted dedicated cloud gateway platform.",
    subcommands = {
      UpCommand.class,
      ControlPlaneCommand.class,
      DataPlaneCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    return cli;
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"causeway " + (v == null ? "development build" : v)};
    }
  }
}
