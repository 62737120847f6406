package io.causeway.provider.local;

/** How a command run inside a local VNET ended: its exit code and captured output. */
public record LocalExecResult(int exitCode, String stdout, String stderr) {
  public LocalExecResult {
    java.util.Objects.requireNonNull(stdout, "stdout");
    java.util.Objects.requireNonNull(stderr, "stderr");
  }
}
