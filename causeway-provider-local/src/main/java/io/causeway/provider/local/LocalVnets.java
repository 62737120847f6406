package io.causeway.provider.local;

import static java.util.Objects.requireNonNull;

import io.causeway.model.AzureNames;
import io.causeway.model.InvalidParameter;
import io.causeway.model.InvalidParameter.Rule;
import io.causeway.model.ProviderException;
import io.causeway.model.ValidationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The registry of customer VNETs on this host: each is a network namespace {@code cw-v-<hash>} with
 * its address space, identified like an Azure VNET by (subscription, resource group, name), so a
 * transit gateway whose {@code azure-vnet-peering-attachment} names it peers with it.
 *
 * <p>Persistence: the registry is a {@link LocalVnetRegistry}: the control plane's store when a
 * control plane runs the provider, {@code DATA_DIR/local/state.json} (field {@code vnets}) for a
 * provider made alone. The namespaces themselves are observed with {@code ip netns} on every call
 * ({@link LocalVnet#present()}). After a host restart the namespaces are gone but the registry
 * remains: {@link #create} again recreates a namespace from its entry. Long-running processes
 * started in a VNET ({@link #startProcess}) are recorded under {@code
 * DATA_DIR/local/processes/<namespace>/} (pid, command, log) and end with the namespace.
 *
 * <p>Thread-safe; every change runs under the data directory's lock. Methods block (they run {@code
 * ip}). Bad input is a {@link ValidationException} (fields {@code subscription_id}, {@code
 * resource_group_name}, {@code name}, {@code cidr}); a conflict with what exists is an {@link
 * IllegalStateException}; an unknown VNET is a {@link NoSuchElementException}; a failing {@code ip}
 * command is an {@link io.causeway.model.ProviderException}.
 */
public final class LocalVnets {
  private final Netns netns;
  private final LocalState state;
  private final LocalVnetRegistry registry;
  private final String mark;
  private final LocalVnetProcesses processes;

  LocalVnets(Netns netns, LocalState state, LocalVnetRegistry registry, String mark) {
    this.netns = requireNonNull(netns, "netns");
    this.state = requireNonNull(state, "state");
    this.registry = requireNonNull(registry, "registry");
    this.mark = requireNonNull(mark, "mark");
    this.processes =
        new LocalVnetProcesses(netns, state.dataDir().resolve("local").resolve("processes"));
  }

  /**
   * Creates the VNET, or recreates its namespace if it is registered but missing, or does nothing
   * when it exists with the same address space.
   *
   * @throws ValidationException when a field is invalid
   * @throws IllegalStateException when the VNET exists with another address space
   */
  public LocalVnet create(
      String subscriptionId, String resourceGroupName, String name, String cidr) {
    LocalCidr block = validate(subscriptionId, resourceGroupName, name, cidr);
    String subscription = AzureNames.canonicalGuid(subscriptionId);
    return state.locked(
        () -> {
          Optional<LocalVnetRegistry.Entry> existing =
              registry.find(subscription, resourceGroupName, name);
          LocalVnetRegistry.Entry vnet;
          if (existing.isPresent()) {
            vnet = existing.get();
            if (!vnet.cidr().equals(block.toString())) {
              throw new IllegalStateException(
                  "local VNET "
                      + describe(vnet)
                      + " exists with cidr "
                      + vnet.cidr()
                      + " (expected: "
                      + block
                      + "; delete it first to change its address space)");
            }
          } else {
            String namespace = LocalNames.vnetNamespace(subscription, resourceGroupName, name);
            vnet =
                new LocalVnetRegistry.Entry(
                    subscription, resourceGroupName, name, block.toString(), namespace);
          }
          // A namespace made now holds no process yet: records left by a reset or a host restart
          // are stale.
          if (!netns.exists(vnet.namespace())) {
            processes.forget(vnet.namespace());
          }
          // Claim first: a namespace of that name made by another data directory must not end
          // up in this registry (reset would otherwise remove it).
          netns.claim(vnet.namespace(), block, mark);
          if (existing.isEmpty()) {
            registry.add(vnet);
          }
          return view(vnet, Set.copyOf(netns.namespaces()));
        });
  }

  /** Every registered VNET, in creation order, with whether its namespace exists now. */
  public List<LocalVnet> list() {
    Set<String> present = Set.copyOf(netns.namespaces());
    return registry.list().stream().map(v -> view(v, present)).toList();
  }

  /** The VNET with this key (compared case-insensitively, as Azure does). */
  public Optional<LocalVnet> find(String subscriptionId, String resourceGroupName, String name) {
    return registry
        .find(subscriptionId, resourceGroupName, name)
        .map(v -> view(v, Set.copyOf(netns.namespaces())));
  }

  /**
   * The one VNET named {@code name} (any subscription and resource group), as the CLI's {@code exec
   * N} and {@code delete N} address it.
   *
   * @throws NoSuchElementException when none has that name
   * @throws IllegalArgumentException when several have it (naming their keys)
   */
  public LocalVnet resolve(String name) {
    List<LocalVnet> matches = list().stream().filter(v -> v.name().equalsIgnoreCase(name)).toList();
    if (matches.isEmpty()) {
      throw new NoSuchElementException(
          "local VNET "
              + name
              + " not found (expected: one of "
              + list().stream().map(LocalVnet::name).toList()
              + ")");
    }
    if (matches.size() > 1) {
      throw new IllegalArgumentException(
          "name: "
              + name
              + " (expected: a unique name; it matches "
              + matches.stream().map(LocalVnet::resourceId).collect(Collectors.joining(", "))
              + ")");
    }
    return matches.get(0);
  }

  /**
   * Deletes the VNET: ends every process inside its namespace, removes the namespace (and with it
   * the peerings' links into it, so traffic stops) and its registry entry.
   *
   * @return whether it was registered
   */
  public boolean delete(String subscriptionId, String resourceGroupName, String name) {
    return state.locked(
        () -> {
          Optional<LocalVnetRegistry.Entry> existing =
              registry.find(subscriptionId, resourceGroupName, name);
          if (existing.isEmpty()) {
            return false;
          }
          netns.delete(existing.get().namespace());
          processes.forget(existing.get().namespace());
          registry.remove(subscriptionId, resourceGroupName, name);
          return true;
        });
  }

  /**
   * Runs {@code command} inside the VNET named {@code name} and waits for it (at most {@code
   * timeout}).
   */
  public LocalExecResult exec(String name, List<String> command, Duration timeout) {
    LocalVnet vnet = requirePresent(resolve(name));
    Ip.Result result = netns.ip().inNamespace(vnet.namespace(), command, timeout);
    return new LocalExecResult(result.exitCode(), result.stdout(), result.stderr());
  }

  /**
   * The argument vector that runs {@code command} inside the VNET named {@code name}, for a
   * long-running process the caller starts and owns (a server, a DNS server). Processes still
   * running there end when the VNET is deleted or reset.
   */
  public List<String> execCommand(String name, List<String> command) {
    LocalVnet vnet = requirePresent(resolve(name));
    return netns.ip().netnsExec(vnet.namespace(), List.copyOf(command));
  }

  /**
   * Starts {@code command} inside the VNET named {@code vnetName} as the long-running process
   * {@code processName}, detached from the control plane (its own session, standard input from
   * {@code /dev/null}, output appended to a log file), so it survives the control plane and the
   * CLI. It ends when {@link #stopProcess} is called, the VNET is deleted, or on reset.
   *
   * <p>Idempotent: when a process of that name already runs there with the same command, it is
   * returned as it is ({@link LocalVnetProcess#created()} false).
   *
   * @throws ValidationException when the process name or command is invalid
   * @throws IllegalStateException when a process of that name runs with another command
   * @throws ProviderException when it cannot start or exits at once (its log is in the message)
   */
  public LocalVnetProcess startProcess(String vnetName, String processName, List<String> command) {
    LocalVnetProcesses.validate(processName, command);
    return state.locked(
        () -> processes.start(requirePresent(resolve(vnetName)).namespace(), processName, command));
  }

  /** The processes started in the VNET named {@code vnetName}, running or not. */
  public List<LocalVnetProcess> processes(String vnetName) {
    return processes.list(resolve(vnetName).namespace());
  }

  /**
   * Stops the process {@code processName} of the VNET (TERM, then KILL after a grace period) and
   * forgets it.
   *
   * @throws NoSuchElementException when no process of that name was started there
   */
  public void stopProcess(String vnetName, String processName) {
    String namespace = resolve(vnetName).namespace();
    state.locked(
        () -> {
          if (!processes.stop(namespace, processName)) {
            throw new NoSuchElementException(
                "process "
                    + processName
                    + " not found in local VNET "
                    + vnetName
                    + " (expected: one of "
                    + processes.list(namespace).stream().map(LocalVnetProcess::name).toList()
                    + ")");
          }
        });
  }

  /** The registered VNET a peering attachment names. */
  Optional<LocalVnetRegistry.Entry> registered(
      String subscriptionId, String resourceGroupName, String name) {
    return registry.find(subscriptionId, resourceGroupName, name);
  }

  /** Forgets every process record of every VNET (a reset, once the namespaces are gone). */
  void forgetAllProcesses() {
    processes.forgetAll();
  }

  /** The registry itself (reset reads and clears it). */
  LocalVnetRegistry registry() {
    return registry;
  }

  private LocalVnet requirePresent(LocalVnet vnet) {
    if (!vnet.present()) {
      throw new IllegalStateException(
          "local VNET "
              + vnet.resourceId()
              + " is registered but its namespace "
              + vnet.namespace()
              + " is missing (the host restarted?); create it again with"
              + " `causeway local vnet create`");
    }
    return vnet;
  }

  private static LocalVnet view(LocalVnetRegistry.Entry vnet, Set<String> namespaces) {
    return new LocalVnet(
        vnet.subscriptionId(),
        vnet.resourceGroupName(),
        vnet.name(),
        vnet.cidr(),
        vnet.namespace(),
        LocalCidr.of(vnet.cidr()).firstAddress(),
        namespaces.contains(vnet.namespace()));
  }

  static String describe(LocalVnetRegistry.Entry vnet) {
    return "/subscriptions/%s/resourceGroups/%s/providers/Microsoft.Network/virtualNetworks/%s"
        .formatted(vnet.subscriptionId(), vnet.resourceGroupName(), vnet.name());
  }

  private static LocalCidr validate(
      String subscriptionId, String resourceGroupName, String name, String cidr) {
    requireNonNull(subscriptionId, "subscriptionId");
    requireNonNull(resourceGroupName, "resourceGroupName");
    requireNonNull(name, "name");
    requireNonNull(cidr, "cidr");
    List<InvalidParameter> problems = new ArrayList<>();
    problems.addAll(AzureNames.guid("subscription_id", subscriptionId));
    problems.addAll(AzureNames.resourceGroupName("resource_group_name", resourceGroupName));
    problems.addAll(AzureNames.vnetName("name", name));
    LocalCidr.Result parsed = LocalCidr.parse(cidr);
    if (parsed.cidr().isEmpty()) {
      problems.add(
          InvalidParameter.of(
              "cidr",
              Rule.IS_SUPPORTED_NETWORK_CIDR_BLOCK,
              "cidr: " + cidr + " (expected: " + parsed.problem() + ")"));
    }
    if (!problems.isEmpty()) {
      throw new ValidationException(problems);
    }
    return parsed.cidr().orElseThrow();
  }
}
