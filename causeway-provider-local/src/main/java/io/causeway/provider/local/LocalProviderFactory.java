package io.causeway.provider.local;

import io.causeway.model.NetworkProviderFactory;
import io.causeway.model.ProviderSettings;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Creates the {@code local} provider when this host can run it: Linux, root (or CAP_NET_ADMIN and
 * CAP_SYS_ADMIN), iproute2 installed, and a namespace can really be made (a privileged-looking
 * process in a restricted container may still be refused). Otherwise it is unavailable with a
 * reason that says what is needed. Registered in {@code
 * META-INF/services/io.causeway.model.NetworkProviderFactory}.
 */
public final class LocalProviderFactory implements NetworkProviderFactory {
  public static final String NAME = "local";
  private static final AtomicInteger PROBES = new AtomicInteger();

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Availability create(ProviderSettings settings) {
    return check(HostPrivileges.current())
        .<Availability>map(Availability.Unavailable::new)
        .orElseGet(() -> new Availability.Available(LocalProvider.create(settings.dataDir())));
  }

  static Optional<String> check(HostPrivileges privileges) {
    Optional<String> missing = privileges.missing();
    if (missing.isPresent()) {
      return missing;
    }
    Optional<Ip> ip = Ip.find();
    if (ip.isEmpty()) {
      return Optional.of("needs iproute2's ip command (not found in " + Ip.searchPath() + ")");
    }
    return probe(ip.get());
  }

  /** Makes and removes a throw-away namespace: the only sure test that namespaces work here. */
  private static Optional<String> probe(Ip ip) {
    String probe =
        LocalNames.PREFIX
            + "probe-"
            + ProcessHandle.current().pid()
            + "-"
            + PROBES.incrementAndGet();
    Ip.Result added = ip.tryRun(List.of("netns", "add", probe));
    if (!added.ok()) {
      return Optional.of("cannot create a network namespace here: " + added.stderr().strip());
    }
    Ip.Result removed = ip.tryRun(List.of("netns", "del", probe));
    if (!removed.ok()) {
      return Optional.of(
          "cannot remove the probe namespace " + probe + ": " + removed.stderr().strip());
    }
    return Optional.empty();
  }
}
