package io.causeway.provider.local;

import static java.util.Objects.requireNonNull;

import io.causeway.model.DataPlaneGroupRef;
import io.causeway.model.DataPlaneLaunch;
import io.causeway.model.DataPlaneObservation;
import io.causeway.model.NetworkObservation;
import io.causeway.model.NetworkProvider;
import io.causeway.model.NetworkRef;
import io.causeway.model.PeeringObservation;
import io.causeway.model.PeeringRef;
import io.causeway.model.Preflight;
import io.causeway.model.ProviderAccount;
import io.causeway.model.ProviderRegion;
import io.causeway.provider.local.Netns.Where;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code local} provider: real networks on this Linux host. A provider network is a network
 * namespace {@code cw-n-<hash>} holding the first address of its address space on its loopback,
 * with a link-local uplink to the host ({@link LocalUplink}); a customer VNET is a namespace made
 * through {@link #vnets()}; a peering is a veth pair between the two with routes for each other's
 * address space (non-transitive). The host never gets a route to any address space.
 *
 * <p>Every method observes the kernel ({@code ip -j netns list}, {@code ip -j addr}, {@code ip -j
 * route}) and converges on it, so a new instance adopts what an earlier one made. Creating is
 * synchronous: once {@code create*} returns, {@code observe*} reports the resource ready. Changes
 * run under the data directory's lock ({@code DATA_DIR/local/.lock}); names and the owner mark are
 * described in {@link LocalNames}. Needs root or CAP_NET_ADMIN (see {@link LocalProviderFactory}).
 *
 * <p>Data-plane groups placed in a network run as separate processes inside its namespace ({@link
 * LocalPlacement}, {@link NodeProcesses}); they outlive this object and the JVM that made it, a new
 * instance adopts them, and removing the group, deleting the network or {@link #reset} ends them.
 */
public final class LocalProvider implements NetworkProvider {
  private static final Logger LOG = LoggerFactory.getLogger(LocalProvider.class);

  /** Fixed so that the account id survives restarts. */
  public static final UUID ACCOUNT_ID = UUID.fromString("5e1a7ed0-0000-4000-8000-000000000002");

  static final String REGION = "local";
  private static final String LABEL = "Local provider (network namespaces on this host)";

  private final Ip ip;
  private final Netns netns;
  private final LocalState state;
  private final String mark;
  private final LocalVnets vnets;
  private final Uplinks uplinks;
  private final Peerings peerings;
  private final LocalPlacement placement;

  private LocalProvider(Ip ip, Path dataDir, Optional<LocalVnetRegistry> registry) {
    this.ip = requireNonNull(ip, "ip");
    this.netns = new Netns(ip);
    this.state = new LocalState(requireNonNull(dataDir, "dataDir"));
    this.mark = LocalNames.ownerMark(dataDir);
    this.vnets =
        new LocalVnets(
            netns, state, registry.orElseGet(() -> new FileVnetRegistry(state)), mark);
    this.uplinks = new Uplinks(netns, mark);
    this.peerings = new Peerings(netns, vnets, mark);
    this.placement = new LocalPlacement(
        new NodeProcesses(ip, state.dataDir().resolve("local").resolve("nodes")), this::uplink);
  }

  /**
   * A provider keeping its state under {@code dataDir/local/}; prefer {@link LocalProviderFactory},
   * which first checks that this host can run it.
   *
   * @throws IllegalStateException when iproute2's {@code ip} is not installed
   */
  public static LocalProvider create(Path dataDir) {
    Ip ip =
        Ip.find()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "the local provider needs iproute2's ip command (not found in "
                            + Ip.searchPath()
                            + ")"));
    return new LocalProvider(ip, dataDir, Optional.empty());
  }

  /**
   * This provider keeping its customer VNET registry in {@code registry} (a control plane passes
   * its store's) instead of {@code DATA_DIR/local/state.json}. VNETs the file still registers (a
   * data directory from before the registry moved to the store) are imported into {@code
   * registry} first, then removed from the file, so nothing is lost and the import happens once;
   * a VNET both know keeps the registry's entry. Call it before using the provider.
   *
   * @return a provider on the same data directory using {@code registry}
   */
  public LocalProvider withVnetRegistry(LocalVnetRegistry registry) {
    requireNonNull(registry, "registry");
    importFileVnets(state, registry);
    return new LocalProvider(ip, state.dataDir(), Optional.of(registry));
  }

  /** Moves the file's VNET entries into {@code target}; how many were added there. */
  static int importFileVnets(LocalState state, LocalVnetRegistry target) {
    return state.locked(
        () -> {
          LocalState.Doc doc = state.read();
          if (doc.vnets().isEmpty()) {
            return 0;
          }
          int added = 0;
          for (LocalState.Vnet vnet : doc.vnets()) {
            LocalVnetRegistry.Entry entry = FileVnetRegistry.entry(vnet);
            Optional<LocalVnetRegistry.Entry> known =
                target.find(entry.subscriptionId(), entry.resourceGroupName(), entry.name());
            if (known.isEmpty()) {
              target.add(entry);
              added++;
            } else if (!known.get().equals(entry)) {
              LOG.warn(
                  "Local VNET {} in {} differs from the registry's ({} vs {}): kept the"
                      + " registry's",
                  LocalVnets.describe(entry),
                  state.file(),
                  entry,
                  known.get());
            }
          }
          // Removed only once every entry is in the target: a crash before this line imports
          // again on the next start, finding the entries already there.
          state.write(doc.withVnets(List.of()));
          LOG.info(
              "Imported {} local VNET(s) from {} into the registry ({} already there)",
              added,
              state.file(),
              doc.vnets().size() - added);
          return added;
        });
  }

  /**
   * The customer VNETs of this data directory (served at {@code /v2/local/vnets}), registered in
   * the registry this provider was given ({@link #withVnetRegistry}) or in its state file.
   */
  public LocalVnets vnets() {
    return vnets;
  }

  @Override
  public ProviderAccount account() {
    return new ProviderAccount(ACCOUNT_ID, "azure", LocalProviderFactory.NAME, LABEL);
  }

  @Override
  public List<ProviderRegion> regions() {
    return List.of(new ProviderRegion(REGION, List.of("local-1", "local-2", "local-3")));
  }

  @Override
  public void createNetwork(NetworkRef network) {
    UUID id = network.networkId();
    LocalCidr cidr = LocalCidr.of(network.spec().cidrBlock());
    String namespace = LocalNames.networkNamespace(id);
    state.locked(
        () -> {
          LocalState.Doc doc = state.read();
          netns.claim(namespace, cidr, mark);
          Set<Integer> reserved = new HashSet<>();
          doc.networks().stream()
              .filter(n -> !n.networkId().equals(id))
              .forEach(n -> reserved.add(n.uplinkSlot()));
          Optional<Integer> known = doc.network(id).map(LocalState.Network::uplinkSlot);
          int slot = uplinks.converge(id, known, reserved);
          if (known.isEmpty() || known.get() != slot) {
            state.write(
                doc.putNetwork(new LocalState.Network(id, namespace, cidr.toString(), slot)));
          }
        });
  }

  @Override
  public NetworkObservation observeNetwork(NetworkRef network) {
    String namespace = LocalNames.networkNamespace(network.networkId());
    if (!netns.exists(namespace)) {
      return new NetworkObservation.Absent();
    }
    Optional<String> missing = missingPart(network);
    if (missing.isEmpty()) {
      return new NetworkObservation.Ready();
    }
    // A part vanished (someone deleted the uplink, a crash mid-create): the namespace is the
    // intent, so converge now; the reconciler only re-creates what it observes as absent. The
    // check is repeated under the lock so a concurrent delete is not undone.
    return state.locked(
        () -> {
          if (!netns.exists(namespace)) {
            return new NetworkObservation.Absent();
          }
          Optional<String> stillMissing = missingPart(network);
          if (stillMissing.isEmpty()) {
            return new NetworkObservation.Ready();
          }
          LOG.info(
              "Repairing network {} ({}): {}", network.networkId(), namespace, stillMissing.get());
          createNetwork(network);
          return missingPart(network)
              .<NetworkObservation>map(
                  m -> new NetworkObservation.InProgress("local: repairing: " + m))
              .orElseGet(NetworkObservation.Ready::new);
        });
  }

  @Override
  public void deleteNetwork(NetworkRef network) {
    UUID id = network.networkId();
    state.locked(
        () -> {
          String namespace = LocalNames.networkNamespace(id);
          String hostLink = LocalNames.uplinkHostLink(id);
          placement.removeNetwork(id);
          netns.delete(namespace);
          netns.removeLink(Where.HOST, hostLink);
          LocalState.Doc doc = state.read();
          if (doc.network(id).isPresent()) {
            state.write(doc.removeNetwork(id));
          }
        });
  }

  @Override
  public Preflight preflight(PeeringRef peering) {
    return peerings.preflight(peering);
  }

  @Override
  public void createPeering(PeeringRef peering) {
    state.locked(() -> peerings.create(peering));
  }

  @Override
  public PeeringObservation observePeering(PeeringRef peering) {
    return peerings.observePeering(peering);
  }

  @Override
  public void deletePeering(PeeringRef peering) {
    state.locked(() -> peerings.delete(peering));
  }

  @Override
  public void placeDataPlanes(DataPlaneGroupRef group, DataPlaneLaunch launch) {
    requireNonNull(launch, "launch");
    state.locked(() -> placement.place(group, launch));
  }

  @Override
  public DataPlaneObservation observeDataPlanes(DataPlaneGroupRef group) {
    return placement.observe(group);
  }

  @Override
  public void removeDataPlanes(UUID groupId) {
    state.locked(() -> placement.remove(groupId));
  }

  @Override
  public List<UUID> placedDataPlaneGroups() {
    return placement.placed();
  }

  /** How many sides of the peering are complete (link up and route present): 0, 1 or 2. */
  int peeringSides(PeeringRef peering) {
    return peerings.observe(peering).count();
  }

  /**
   * The uplink of a network this data directory made, with the address its namespace has on it (for
   * a data-plane group's {@code private_ip_addresses}), or empty when it has none.
   */
  public Optional<LocalUplink> uplink(UUID networkId) {
    return state.read().network(networkId).map(n -> Uplinks.uplink(networkId, n.uplinkSlot()));
  }

  /**
   * The networks this data directory holds an uplink for (made and not deleted), so a control plane
   * can delete those its store no longer knows.
   */
  public List<UUID> networkIds() {
    return state.read().networks().stream().map(LocalState.Network::networkId).toList();
  }

  /** The namespace a network lives in ({@code ip netns exec} it to place processes there). */
  public static String networkNamespace(UUID networkId) {
    return LocalNames.networkNamespace(networkId);
  }

  /**
   * Removes every namespace and host link this data directory made: those recorded in its state
   * file or VNET registry and those carrying its owner mark (so a lost state file still leaves
   * nothing behind). Processes inside, and every data-plane node this data directory launched,
   * are ended first. Only names starting with {@code cw-} are ever touched, and {@code cw-} names
   * made by another data directory are left alone. Clears the state file, the VNET registry this
   * provider uses, and the records of processes started in VNETs ({@code
   * DATA_DIR/local/processes/}).
   *
   * @return the namespaces and links removed
   */
  public List<String> reset() {
    return state.locked(
        () -> {
          LocalState.Doc doc = state.read();
          Set<String> recorded = new HashSet<>();
          vnets.registry().list().forEach(v -> recorded.add(v.namespace()));
          doc.networks().forEach(n -> recorded.add(n.namespace()));
          doc.networks().forEach(n -> recorded.add(LocalNames.uplinkHostLink(n.networkId())));
          List<String> removed = new ArrayList<>();
          placement.removeEverything();
          for (String namespace : netns.namespaces()) {
            if (isOurs(namespace, netns.owner(namespace), recorded)) {
              netns.delete(namespace);
              removed.add(namespace);
            }
          }
          for (Netns.Link link : netns.links(Where.HOST)) {
            if (isOurs(link.name(), link.alias(), recorded)) {
              netns.removeLink(Where.HOST, link.name());
              removed.add(link.name());
            }
          }
          vnets.forgetAllProcesses();
          vnets.registry().clear();
          state.write(LocalState.Doc.EMPTY);
          LOG.info("Local reset of {} removed {}", state.dataDir(), removed);
          return List.copyOf(removed);
        });
  }

  /**
   * A {@code cw-} name this data directory made: it carries our owner mark, or it is recorded in
   * our state file and carries no mark at all (a crash before the mark was written). A {@code cw-}
   * name marked by another data directory is never ours.
   */
  private boolean isOurs(String name, String owner, Set<String> recorded) {
    if (!name.startsWith(LocalNames.PREFIX)) {
      return false;
    }
    return owner.equals(mark) || (owner.isEmpty() && recorded.contains(name));
  }

  private Optional<String> missingPart(NetworkRef network) {
    UUID id = network.networkId();
    String namespace = LocalNames.networkNamespace(id);
    LocalCidr cidr = LocalCidr.of(network.spec().cidrBlock());
    String address = cidr.firstAddress() + "/" + cidr.prefixLength();
    boolean addressed =
        netns
            .link(Where.ns(namespace), "lo")
            .filter(l -> l.addresses().contains(address) && l.alias().equals(mark))
            .isPresent();
    if (!addressed) {
      return Optional.of("address " + address + " missing on lo in namespace " + namespace);
    }
    Optional<LocalUplink> uplink = uplink(id);
    if (uplink.isEmpty() || !uplinks.isComplete(uplink.get())) {
      return Optional.of("uplink " + LocalNames.uplinkHostLink(id) + " incomplete");
    }
    return Optional.empty();
  }
}
