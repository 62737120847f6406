package io.causeway.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that calls the API: the client options, the output and error streams of the command
 * line it runs in (so tests capture them), and the exit code its {@link #run} returns.
 */
abstract class ClientCommand implements Callable<Integer> {
  @Mixin ClientOptions client;
  @Spec CommandSpec spec;

  private Api api;

  @Override
  public final Integer call() {
    try {
      return run();
    } finally {
      if (api != null) {
        api.close();
      }
    }
  }

  /** Does the work; returns the exit code, or throws {@link CliException}. */
  abstract int run();

  final Api api() {
    if (api == null) {
      api = client.api();
    }
    return api;
  }

  final Printer printer() {
    return new Printer(out(), client.output());
  }

  final PrintWriter out() {
    return spec.commandLine().getOut();
  }

  /** Hints and progress go here, so standard output stays parseable. */
  final PrintWriter err() {
    return spec.commandLine().getErr();
  }

  /** {@code value} as one shell word, for commands printed as hints. */
  static String shellWord(String value) {
    if (value.matches("[A-Za-z0-9._/:=,@+-]+")) {
      return value;
    }
    return "'" + value.replace("'", "'\\''") + "'";
  }

  final void hint(String text) {
    if (client.output() == Output.TABLE) {
      err().println(text);
      err().flush();
    }
  }
}
