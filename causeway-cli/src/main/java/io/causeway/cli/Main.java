package io.causeway.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code ./causeway}: the process roles ({@code up}, {@code control-plane}, {@code
 * data-plane}) and the API client commands. Every command is wired by hand here.
 */
@Command(
    name = "causeway",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = {
      "Causeway: a self-hosted dedicated cloud gateway platform.",
      "",
      "Example:",
      "  ./causeway up --provider simulated"
    },
    subcommands = {
      UpCommand.class,
      ControlPlaneCommand.class,
      DataPlaneCommand.class,
      BackupCommand.class,
      RestoreCommand.class,
      LoginCommand.class,
      NetworksCommand.class,
      TransitGatewaysCommand.class,
      WaitCommand.class,
      ControlPlanesCommand.class,
      TokensCommand.class,
      AuditLogCommand.class,
      ProviderAccountsCommand.class,
      NodesCommand.class,
      ConfigCommand.class,
      ConfigurationsCommand.class,
      LocalCommand.class,
      DemoCommand.class,
      CompletionCommand.class
    })
public final class Main implements Runnable {
  /** The exit codes every command documents in its help. */
  static final Map<String, String> EXIT_CODES = exitCodes();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    return commandLine(Environment.system());
  }

  /** The command tree, reading environment variables and the home directory from {@code env}. */
  static CommandLine commandLine(Environment env) {
    CommandFactory factory = new CommandFactory(env);
    CommandLine cli = new CommandLine(new Main(), factory);
    CoreEntitiesCommand.register(cli, factory);
    cli.addSubcommand("help", new CommandLine(new CommandLine.HelpCommand(), factory));
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setExecutionExceptionHandler(Main::handle);
    documentExitCodes(cli);
    return cli;
  }

  private static Map<String, String> exitCodes() {
    Map<String, String> codes = new LinkedHashMap<>();
    codes.put("0", "success");
    codes.put("1", "API error (the problem is printed), server unreachable, or state error");
    codes.put("2", "usage error (bad or missing options)");
    codes.put("3", "timeout (wait)");
    return codes;
  }

  private static void documentExitCodes(CommandLine cli) {
    cli.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n");
    cli.getCommandSpec().usageMessage().exitCodeList(EXIT_CODES);
    cli.getSubcommands().values().forEach(Main::documentExitCodes);
  }

  /** Client failures the user can act on are printed without a stack trace. */
  private static int handle(Exception e, CommandLine cli, CommandLine.ParseResult parsed)
      throws Exception {
    if (e instanceof CliException failure) {
      PrintWriter err = cli.getErr();
      failure.lines().forEach(err::println);
      err.flush();
      return failure.exitCode();
    }
    throw e;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"causeway " + (v == null ? "development build" : v)};
    }
  }
}
