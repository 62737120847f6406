package io.causeway.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code causeway completion bash}: the shell completion script for every command. */
@Command(
    name = "completion",
    mixinStandardHelpOptions = true,
    description = {
      "Print a shell completion script (bash; zsh after `autoload -U bashcompinit &&"
          + " bashcompinit`).",
      "",
      "Example:",
      "  source <(./causeway completion bash)"
    })
final class CompletionCommand implements Callable<Integer> {
  enum Shell {
    BASH;

    @Override
    public String toString() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "SHELL", description = "Shell: ${COMPLETION-CANDIDATES}.")
  Shell shell;

  @Override
  public Integer call() {
    String script =
        switch (shell) {
          // Registered for ./causeway too: that is how the repository's launcher is typed.
          case BASH ->
              AutoComplete.bash("causeway", spec.root().commandLine())
                  + "\ncomplete -o default -F _complete_causeway ./causeway\n";
        };
    spec.commandLine().getOut().print(script);
    spec.commandLine().getOut().flush();
    return 0;
  }
}
