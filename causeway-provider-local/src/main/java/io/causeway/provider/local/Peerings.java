package io.causeway.provider.local;

import io.causeway.model.AzureVnetPeering;
import io.causeway.model.DnsReachability;
import io.causeway.model.PeeringObservation;
import io.causeway.model.PeeringRef;
import io.causeway.model.Preflight;
import io.causeway.model.Preflight.Kind;
import io.causeway.model.ProviderException;
import io.causeway.provider.local.Netns.Where;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Peerings between a provider network and a customer VNET: one veth pair {@code cw-p-<hash>}, an
 * end in each namespace, plus on each side a route for the other side's address space through it
 * (with the side's own address as source). Non-transitive like Azure: a namespace only has routes
 * for the address spaces it is peered with itself, and namespaces do not forward.
 *
 * <p>A side is complete when its end of the pair is up and carries the route. Neither end present
 * means absent; both complete means connected; anything between is degraded, and {@link #create}
 * repairs it.
 */
final class Peerings {
  private static final Logger LOG = LoggerFactory.getLogger(Peerings.class);

  /** What exists of one peering, observed from both namespaces. */
  record Sides(
      String link,
      Optional<Endpoint> network,
      Optional<Endpoint> customer,
      boolean networkLink,
      boolean networkComplete,
      boolean customerLink,
      boolean customerComplete) {
    int count() {
      return (networkComplete ? 1 : 0) + (customerComplete ? 1 : 0);
    }
  }

  /** One namespace of a peering and its address space. */
  record Endpoint(String namespace, LocalCidr cidr) {}

  private final Netns netns;
  private final LocalVnets vnets;
  private final String mark;

  Peerings(Netns netns, LocalVnets vnets, String mark) {
    this.netns = netns;
    this.vnets = vnets;
    this.mark = mark;
  }

  Preflight preflight(PeeringRef peering) {
    AzureVnetPeering remote = peering.remote();
    Optional<LocalVnetRegistry.Entry> vnet = registered(remote);
    if (vnet.isEmpty()) {
      return blocked(
          Kind.VNET_NOT_FOUND,
          "RESOURCE_NOT_FOUND",
          "local: VNET "
              + remote.vnetResourceId()
              + " was not found in this host's registry;"
              + " check subscription_id, resource_group_name and vnet_name, or create it with"
              + " `causeway local vnet create --subscription "
              + remote.subscriptionId()
              + " --resource-group "
              + remote.resourceGroupName()
              + " --name "
              + remote.vnetName()
              + " --cidr <block>`");
    }
    String namespace = vnet.get().namespace();
    if (!netns.exists(namespace)) {
      return blocked(
          Kind.VNET_NOT_FOUND,
          "RESOURCE_NOT_FOUND",
          "local: VNET "
              + remote.vnetResourceId()
              + " is registered but its namespace "
              + namespace
              + " is missing (the host restarted?); create it again with"
              + " `causeway local vnet create`");
    }
    Endpoint network = networkEndpoint(peering);
    Endpoint customer = new Endpoint(namespace, LocalCidr.of(vnet.get().cidr()));
    if (network.cidr().overlaps(customer.cidr())) {
      return overlap(
          "the address space of VNET "
              + remote.vnetName()
              + " ("
              + customer.cidr()
              + ") overlaps the network's "
              + network.cidr()
              + "; peered networks need disjoint"
              + " address spaces");
    }
    String link = LocalNames.peeringLink(peering.transitGatewayId());
    Optional<String> clash =
        peeredOverlap(network, customer.cidr(), link)
            .or(() -> peeredOverlap(customer, network.cidr(), link));
    return clash
        .map(Peerings::overlap)
        .orElseGet(() -> new Preflight.Passed(
            DnsReachability.warnings(peering.dnsConfig(), List.of(vnet.get().cidr()))));
  }

  /** Creates or repairs both sides; does nothing when the preflight does not pass. */
  void create(PeeringRef peering) {
    if (preflight(peering) instanceof Preflight.Blocked blocked) {
      LOG.info("Not peering {}: {}", peering.transitGatewayId(), blocked.problem().reason());
      return;
    }
    Endpoint network = networkEndpoint(peering);
    if (!netns.exists(network.namespace())) {
      throw new ProviderException(
          "local: network "
              + peering.network().networkId()
              + " has no namespace "
              + network.namespace()
              + " yet; create the network first");
    }
    Sides sides = observe(peering);
    Endpoint customer = sides.customer().orElseThrow();
    String link = sides.link();
    if (!sides.networkLink() || !sides.customerLink()) {
      // One end alone cannot exist for a veth pair; a lone name is a leftover of something else.
      removeLink(Where.ns(network.namespace()), link);
      removeLink(Where.ns(customer.namespace()), link);
      netns.run(
          Where.HOST,
          "link",
          "add",
          link,
          "netns",
          network.namespace(),
          "type",
          "veth",
          "peer",
          "name",
          link,
          "netns",
          customer.namespace());
    }
    connect(network, customer.cidr(), link);
    connect(customer, network.cidr(), link);
  }

  PeeringObservation observePeering(PeeringRef peering) {
    Sides sides = observe(peering);
    if (!sides.networkLink() && !sides.customerLink()) {
      return new PeeringObservation.Absent();
    }
    if (sides.networkComplete() && sides.customerComplete()) {
      return new PeeringObservation.Connected();
    }
    if (preflight(peering) instanceof Preflight.Blocked blocked) {
      return new PeeringObservation.Failed(blocked.problem());
    }
    List<String> missing = new ArrayList<>();
    if (!sides.networkComplete()) {
      missing.add("network side (" + where(sides.network()) + ")");
    }
    if (!sides.customerComplete()) {
      missing.add("customer side (" + where(sides.customer()) + ")");
    }
    return new PeeringObservation.Degraded(
        "local: link "
            + sides.link()
            + " or its route is missing on the "
            + String.join(" and the ", missing));
  }

  void delete(PeeringRef peering) {
    Sides sides = observe(peering);
    sides.network().ifPresent(e -> removeLink(Where.ns(e.namespace()), sides.link()));
    sides.customer().ifPresent(e -> removeLink(Where.ns(e.namespace()), sides.link()));
  }

  Sides observe(PeeringRef peering) {
    String link = LocalNames.peeringLink(peering.transitGatewayId());
    Endpoint networkEnd = networkEndpoint(peering);
    Optional<Endpoint> network =
        netns.exists(networkEnd.namespace()) ? Optional.of(networkEnd) : Optional.empty();
    Optional<Endpoint> customer =
        registered(peering.remote())
            .filter(v -> netns.exists(v.namespace()))
            .map(v -> new Endpoint(v.namespace(), LocalCidr.of(v.cidr())));
    boolean networkLink =
        network.flatMap(e -> netns.link(Where.ns(e.namespace()), link)).isPresent();
    boolean customerLink =
        customer.flatMap(e -> netns.link(Where.ns(e.namespace()), link)).isPresent();
    boolean networkComplete =
        network.isPresent()
            && customer.isPresent()
            && complete(network.get(), customer.get().cidr(), link);
    boolean customerComplete =
        network.isPresent()
            && customer.isPresent()
            && complete(customer.get(), network.get().cidr(), link);
    return new Sides(
        link, network, customer, networkLink, networkComplete, customerLink, customerComplete);
  }

  private boolean complete(Endpoint side, LocalCidr remote, String link) {
    Where where = Where.ns(side.namespace());
    return netns.link(where, link).filter(Netns.Link::up).isPresent()
        && netns.routes(where).stream()
            .anyMatch(r -> r.device().equals(link) && r.destination().equals(remote.toString()));
  }

  private void connect(Endpoint side, LocalCidr remote, String link) {
    Where where = Where.ns(side.namespace());
    netns.run(where, "link", "set", "dev", link, "alias", mark);
    netns.run(where, "link", "set", "dev", link, "up");
    netns.run(
        where,
        "route",
        "replace",
        remote.toString(),
        "dev",
        link,
        "src",
        side.cidr().firstAddress());
  }

  private void removeLink(Where where, String link) {
    netns.removeLink(where, link);
  }

  /** A route of {@code side} through another peering that overlaps {@code wanted}, described. */
  private Optional<String> peeredOverlap(Endpoint side, LocalCidr wanted, String ownLink) {
    if (!netns.exists(side.namespace())) {
      return Optional.empty();
    }
    return netns.routes(Where.ns(side.namespace())).stream()
        .filter(r -> r.device().startsWith(LocalNames.PEERING_PREFIX))
        .filter(r -> !r.device().equals(ownLink))
        .filter(r -> LocalCidr.parse(r.destination()).cidr().filter(wanted::overlaps).isPresent())
        .findFirst()
        .map(
            r ->
                "the address space "
                    + wanted
                    + " overlaps "
                    + r.destination()
                    + ", already peered with namespace "
                    + side.namespace()
                    + " through "
                    + r.device()
                    + "; peered networks need disjoint address spaces");
  }

  private Optional<LocalVnetRegistry.Entry> registered(AzureVnetPeering remote) {
    return vnets.registered(remote.subscriptionId(), remote.resourceGroupName(), remote.vnetName());
  }

  private static Endpoint networkEndpoint(PeeringRef peering) {
    return new Endpoint(
        LocalNames.networkNamespace(peering.network().networkId()),
        LocalCidr.of(peering.network().spec().cidrBlock()));
  }

  private static String where(Optional<Endpoint> endpoint) {
    return endpoint.map(e -> "namespace " + e.namespace()).orElse("namespace missing");
  }

  private static Preflight overlap(String reason) {
    return blocked(Kind.ADDRESS_SPACE_OVERLAP, "VNET_ADDRESS_SPACES_OVERLAP", "local: " + reason);
  }

  private static Preflight blocked(Kind kind, String status, String reason) {
    return new Preflight.Blocked(new Preflight.Problem(kind, status, reason));
  }
}
