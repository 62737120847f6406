package io.causeway.provider.local;

import static java.util.Objects.requireNonNull;

import io.causeway.model.DataPlaneGroupRef;
import io.causeway.model.DataPlaneLaunch;
import io.causeway.model.DataPlaneObservation;
import io.causeway.model.ProviderException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Data-plane nodes of the local provider: one {@code data-plane} process per group, inside the
 * group's network namespace ({@link NodeProcesses}), joining the control plane at the host end of
 * the network's uplink. Its proxy listens on {@value #PROXY_PORT} on every address of the
 * namespace, so the host reaches it at the namespace end of the uplink (e.g. {@code
 * 169.254.100.2:8000}), the address reported in the group's {@code private_ip_addresses}.
 *
 * <p>A group gets one node whatever its {@code requested_instances}: the namespace has one uplink
 * address, and a second node could not bind the same port (documented in {@code docs/local.md}).
 */
final class LocalPlacement {

  /** Where {@code causeway data-plane} looks for a join token not given as {@code --join-token}. */
  static final String JOIN_TOKEN_ENV = "CAUSEWAY_JOIN_TOKEN";
  private static final Logger LOG = LoggerFactory.getLogger(LocalPlacement.class);
  static final int PROXY_PORT = 8000;
  static final int STATUS_PORT = 8100;
  static final int PROXY_TLS_PORT = 8443;
  private static final int NODES_PER_GROUP = 1;
  private static final int CONNECT_TIMEOUT_MILLIS = 300;

  private final NodeProcesses nodes;
  private final Function<UUID, Optional<LocalUplink>> uplinks;

  LocalPlacement(NodeProcesses nodes, Function<UUID, Optional<LocalUplink>> uplinks) {
    this.nodes = requireNonNull(nodes, "nodes");
    this.uplinks = requireNonNull(uplinks, "uplinks");
  }

  /** Launches the group's node unless it runs (adopted); call under the data directory's lock. */
  void place(DataPlaneGroupRef group, DataPlaneLaunch launch) {
    LocalUplink uplink = uplink(group);
    for (int index = 0; index < NODES_PER_GROUP; index++) {
      Path dir = nodes.directory(group.network().networkId(), group.groupId(), index);
      Optional<ProcessHandle> running = nodes.running(dir);
      if (running.isPresent()) {
        continue;
      }
      String name = nodeName(group, index);
      long pid = nodes.launch(uplink.namespace(), dir, command(launch, uplink, dir, name),
          secrets(launch, dir));
      LOG.info("Launched data-plane node {} of group {} in namespace {} (pid {}, log {})", name,
          group.groupId(), uplink.namespace(), pid, dir.resolve(NodeProcesses.LOG_FILE));
    }
  }

  DataPlaneObservation observe(DataPlaneGroupRef group) {
    Optional<LocalUplink> maybe = uplinks.apply(group.network().networkId());
    if (maybe.isEmpty()) {
      return new DataPlaneObservation.Absent();
    }
    LocalUplink uplink = maybe.get();
    List<String> waiting = new ArrayList<>();
    boolean launched = false;
    for (int index = 0; index < NODES_PER_GROUP; index++) {
      Path dir = nodes.directory(group.network().networkId(), group.groupId(), index);
      boolean wasLaunched = nodes.wasLaunched(dir);
      launched |= wasLaunched;
      Optional<ProcessHandle> running = nodes.running(dir);
      if (running.isEmpty()) {
        if (wasLaunched) {
          return new DataPlaneObservation.Failed("local: data-plane node " + nodeName(group, index)
              + " in namespace " + uplink.namespace() + " is not running; last log lines: "
              + NodeProcesses.lastLines(dir, 3));
        }
        waiting.add(nodeName(group, index) + " not launched");
      } else if (!accepts(uplink.namespaceAddress(), PROXY_PORT)) {
        waiting.add("node " + nodeName(group, index) + " (pid " + running.get().pid()
            + ") started; waiting for its proxy on " + uplink.namespaceAddress() + ":"
            + PROXY_PORT);
      }
    }
    if (!launched) {
      return new DataPlaneObservation.Absent();
    }
    if (!waiting.isEmpty()) {
      return new DataPlaneObservation.Starting("local: " + String.join("; ", waiting));
    }
    return new DataPlaneObservation.Running(List.of(uplink.namespaceAddress()));
  }

  /** Ends the group's nodes wherever they run; call under the data directory's lock. */
  void remove(UUID groupId) {
    for (Path group : nodes.groups()) {
      if (group.getFileName().toString().equals(groupId.toString())) {
        nodes.removeAll(group);
        LOG.info("Removed the data-plane nodes of group {} ({})", groupId, group);
      }
    }
  }

  /** Ends the nodes of every group in the network (its namespace is being deleted). */
  void removeNetwork(UUID networkId) {
    nodes.removeAll(nodes.root().resolve(networkId.toString()));
  }

  /** Ends every node of this data directory ({@code local reset}). */
  void removeEverything() {
    nodes.removeAll(nodes.root());
  }

  List<UUID> placed() {
    List<UUID> groups = new ArrayList<>();
    for (Path group : nodes.groups()) {
      try {
        UUID id = UUID.fromString(group.getFileName().toString());
        if (!groups.contains(id)) {
          groups.add(id);
        }
      } catch (IllegalArgumentException e) {
        // not a directory this class made; left alone
      }
    }
    return groups;
  }

  private LocalUplink uplink(DataPlaneGroupRef group) {
    UUID network = group.network().networkId();
    return uplinks.apply(network).orElseThrow(() -> new ProviderException(
        "local: network " + network + " has no uplink yet (expected: a ready network before"
            + " its data planes are placed)"));
  }

  /** The node's command line: nothing secret, since any local user can read a command line. */
  private static List<String> command(
      DataPlaneLaunch launch, LocalUplink uplink, Path dir, String name) {
    Path data = dir.resolve(NodeProcesses.DATA);
    List<String> argv = new ArrayList<>(launch.nodeCommand());
    argv.addAll(List.of("data-plane",
        "--control-plane", "https://" + uplink.hostAddress() + ":" + launch.clusterPort(),
        "--data-dir", data.toString(),
        "--name", name,
        "--proxy-port", "" + PROXY_PORT,
        "--proxy-tls-port", "" + PROXY_TLS_PORT,
        "--status-port", "" + STATUS_PORT));
    return argv;
  }

  /**
   * The node's secrets, passed in its environment (readable by its own user and root only). A
   * join token is minted only for a node without a cluster identity in its data directory: a node
   * relaunched after a crash rejoins with the certificate it has.
   */
  private static Map<String, String> secrets(DataPlaneLaunch launch, Path dir) {
    Path data = dir.resolve(NodeProcesses.DATA);
    if (Files.exists(data.resolve("cluster").resolve("node.key"))) {
      return Map.of();
    }
    return Map.of(JOIN_TOKEN_ENV, launch.joinTokens().get());
  }

  private static String nodeName(DataPlaneGroupRef group, int index) {
    return group.network().spec().name() + "-" + group.groupId().toString().substring(0, 8) + "-"
        + index;
  }

  private static boolean accepts(String address, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, port), CONNECT_TIMEOUT_MILLIS);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
