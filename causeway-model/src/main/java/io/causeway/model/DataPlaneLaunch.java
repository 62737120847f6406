package io.causeway.model;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.function.Supplier;

/**
 * What a provider needs to launch a data-plane node that joins the launching control plane.
 *
 * @param clusterPort the control plane's cluster listener port; the provider knows at which
 *     address its nodes reach this host (for the local provider: the host end of the uplink)
 * @param nodeCommand the command that starts a node, without its arguments, e.g. {@code [java,
 *     -cp, CLASSPATH, io.causeway.cli.Main]}; the provider appends {@code data-plane
 *     --control-plane URL --join-token T --data-dir DIR --name NAME ...}
 * @param joinTokens mints a fresh single-use join token for the group's control plane; call it
 *     only when a node is really launched (an adopted node needs none). The token is a secret:
 *     pass it to the node, never log it.
 */
public record DataPlaneLaunch(
    int clusterPort, List<String> nodeCommand, Supplier<String> joinTokens) {
  public DataPlaneLaunch {
    if (clusterPort < 1 || clusterPort > 65535) {
      throw new IllegalArgumentException(
          "clusterPort: " + clusterPort + " (expected: 1-65535, a listening cluster port)");
    }
    nodeCommand = List.copyOf(nodeCommand);
    if (nodeCommand.isEmpty()) {
      throw new IllegalArgumentException("nodeCommand: [] (expected: a program and arguments)");
    }
    requireNonNull(joinTokens, "joinTokens");
  }

  @Override
  public String toString() {
    return "DataPlaneLaunch[clusterPort=" + clusterPort + ", nodeCommand=" + nodeCommand + "]";
  }
}
