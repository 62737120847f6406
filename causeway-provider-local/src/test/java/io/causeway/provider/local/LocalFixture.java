package io.causeway.provider.local;

import io.causeway.model.AzureVnetPeering;
import io.causeway.model.NetworkRef;
import io.causeway.model.NetworkSpec;
import io.causeway.model.PeeringRef;
import io.causeway.provider.local.Netns.Where;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * One test's world: a provider on its own data directory, with ids and VNET names derived from that
 * directory, so tests running in parallel (or a leftover of an earlier run) never share a
 * namespace. {@link #close()} resets everything the data directory made.
 */
final class LocalFixture implements AutoCloseable {
  static final String TENANT = "7e5a0000-0000-4000-8000-0000000010ca";
  static final String SUBSCRIPTION = "5b5c0000-0000-4000-8000-0000000010ca";

  final Path dataDir;
  final LocalProvider provider;
  final Netns netns;
  final String resourceGroup;

  LocalFixture(Path dataDir) {
    this.dataDir = dataDir;
    this.provider = LocalProvider.create(dataDir);
    this.netns = new Netns(Ip.find().orElseThrow());
    this.resourceGroup = "causeway-test-" + LocalNames.hash(dataDir.toAbsolutePath().toString(), 8);
  }

  UUID id(String label) {
    return UUID.nameUUIDFromBytes((dataDir + "/" + label).getBytes(StandardCharsets.UTF_8));
  }

  NetworkRef network(String label, String cidr) {
    return new NetworkRef(
        id("network/" + label),
        new NetworkSpec(label, LocalProvider.ACCOUNT_ID, "local", List.of("local-1"), cidr));
  }

  LocalVnet vnet(String name, String cidr) {
    return provider.vnets().create(SUBSCRIPTION, resourceGroup, name, cidr);
  }

  AzureVnetPeering attachment(String vnetName) {
    return new AzureVnetPeering(TENANT, SUBSCRIPTION, resourceGroup, vnetName);
  }

  PeeringRef peering(String label, NetworkRef network, String vnetName) {
    return new PeeringRef(id("peering/" + label), network, attachment(vnetName));
  }

  /** Runs a Python snippet inside {@code namespace}; {@code args} become {@code sys.argv[1:]}. */
  Ip.Result python(String namespace, String script, String... args) {
    List<String> command = new java.util.ArrayList<>(List.of("python3", "-c", script));
    command.addAll(List.of(args));
    return netns.ip().inNamespace(namespace, command, Duration.ofSeconds(20));
  }

  boolean hostHasLink(String name) {
    return netns.link(Where.HOST, name).isPresent();
  }

  @Override
  public void close() {
    provider.reset();
  }
}
