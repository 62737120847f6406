package io.causeway.provider.local;

import io.causeway.model.ProviderException;
import io.causeway.provider.local.Netns.Where;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The link-local uplinks of provider networks: slot {@code i} of the pool {@code 169.254.100.0/22}
 * is the /30 starting at {@code 169.254.100.0 + 4i}; the host end gets {@code +1}, the namespace
 * end {@code +2}. A network keeps its slot (persisted in the state file) until it is deleted, so
 * its reported address does not change when its uplink is repaired.
 *
 * <p>Slots are allocated lowest-free-first under a host-wide lock file, counting the slots every
 * data directory on this host uses (observed as host addresses), so parallel control planes and
 * test runs on one host never pick the same /30.
 */
final class Uplinks {
  static final int SLOTS = 256;
  private static final int PREFIX = 30;
  private static final FileMutex HOST_LOCK = new FileMutex(hostLockFile());

  private final Netns netns;
  private final String mark;

  Uplinks(Netns netns, String mark) {
    this.netns = netns;
    this.mark = mark;
  }

  static LocalUplink uplink(UUID networkId, int slot) {
    if (slot < 0 || slot >= SLOTS) {
      throw new IllegalArgumentException(
          "uplink slot: " + slot + " (expected: 0-" + (SLOTS - 1) + ")");
    }
    int third = 100 + slot / 64;
    int fourth = (slot % 64) * 4;
    String base = "169.254." + third + ".";
    return new LocalUplink(
        LocalNames.networkNamespace(networkId),
        LocalNames.uplinkHostLink(networkId),
        base + (fourth + 1),
        base + (fourth + 2),
        slot);
  }

  /** The slot of a host address inside the pool, e.g. {@code 169.254.100.5/30} is slot 1. */
  static Optional<Integer> slotOf(String addressWithPrefix) {
    String[] parts = addressWithPrefix.split("[./]");
    if (parts.length != 5 || !parts[0].equals("169") || !parts[1].equals("254")) {
      return Optional.empty();
    }
    int third = Integer.parseInt(parts[2]);
    int fourth = Integer.parseInt(parts[3]);
    if (third < 100 || third > 103) {
      return Optional.empty();
    }
    return Optional.of((third - 100) * 64 + fourth / 4);
  }

  /**
   * Makes the uplink of a network whose namespace exists: allocates a slot when {@code known} is
   * empty (adopting the host end's address if the link survived a lost state file), creates the
   * veth pair if missing, and sets addresses, alias and state. Returns the slot in use.
   */
  int converge(UUID networkId, Optional<Integer> known, Set<Integer> reserved) {
    return HOST_LOCK.locked(
        () -> {
          String hostLink = LocalNames.uplinkHostLink(networkId);
          Optional<Netns.Link> existing = netns.link(Where.HOST, hostLink);
          int slot =
              known
                  .or(
                      () ->
                          existing
                              .flatMap(l -> l.addresses().stream().findFirst())
                              .flatMap(Uplinks::slotOf))
                  .orElseGet(() -> lowestFree(reserved));
          LocalUplink uplink = uplink(networkId, slot);
          if (existing.isEmpty()) {
            Where inside = Where.ns(uplink.namespace());
            netns.removeLink(inside, LocalNames.UPLINK_INSIDE);
            netns.run(
                Where.HOST,
                "link",
                "add",
                hostLink,
                "type",
                "veth",
                "peer",
                "name",
                LocalNames.UPLINK_INSIDE,
                "netns",
                uplink.namespace());
          }
          configure(Where.HOST, hostLink, uplink.hostAddress());
          configure(
              Where.ns(uplink.namespace()), LocalNames.UPLINK_INSIDE, uplink.namespaceAddress());
          return slot;
        });
  }

  /** Whether both ends exist, are up and carry their addresses. */
  boolean isComplete(LocalUplink uplink) {
    return hasAddress(Where.HOST, uplink.hostLink(), uplink.hostAddress())
        && hasAddress(
            Where.ns(uplink.namespace()), LocalNames.UPLINK_INSIDE, uplink.namespaceAddress());
  }

  private boolean hasAddress(Where where, String link, String address) {
    return netns
        .link(where, link)
        .filter(Netns.Link::up)
        .filter(l -> l.addresses().contains(address + "/" + PREFIX))
        .isPresent();
  }

  private void configure(Where where, String link, String address) {
    netns.run(where, "addr", "replace", address + "/" + PREFIX, "dev", link);
    netns.run(where, "link", "set", "dev", link, "alias", mark);
    netns.run(where, "link", "set", "dev", link, "up");
  }

  private int lowestFree(Set<Integer> reserved) {
    Set<Integer> used = new HashSet<>(reserved);
    for (Netns.Link link : netns.links(Where.HOST)) {
      link.addresses().forEach(a -> slotOf(a).ifPresent(used::add));
    }
    for (int slot = 0; slot < SLOTS; slot++) {
      if (!used.contains(slot)) {
        return slot;
      }
    }
    throw new ProviderException(
        "local: every uplink /30 of 169.254.100.0/22 is in use ("
            + SLOTS
            + " networks on this"
            + " host); delete networks or run `causeway local reset`");
  }

  private static Path hostLockFile() {
    Path runLock = Path.of("/run/lock");
    Path dir =
        Files.isDirectory(runLock) && Files.isWritable(runLock)
            ? runLock
            : Path.of(System.getProperty("java.io.tmpdir"));
    return dir.resolve("causeway-local-uplinks.lock");
  }
}
