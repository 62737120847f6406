package io.causeway.provider.local;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A long-running process started inside a customer VNET ({@link LocalVnets#startProcess}): its
 * name (unique within the VNET), the process id, the command, the log file its output is appended
 * to, whether it runs right now (inside that VNET's namespace), and whether this call started it.
 */
public record LocalVnetProcess(
    String name, long pid, List<String> command, String log, boolean running, boolean created) {
  public LocalVnetProcess {
    requireNonNull(name, "name");
    command = List.copyOf(command);
    requireNonNull(log, "log");
  }
}
