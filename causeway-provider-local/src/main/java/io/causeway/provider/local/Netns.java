package io.causeway.provider.local;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.causeway.model.ProviderException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads and changes namespaces, links, addresses and routes through {@link Ip}, parsing {@code ip
 * -j} output. Every read observes the kernel afresh (nothing is cached), so callers converge on
 * what exists rather than on what they remember.
 */
final class Netns {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration KILL_GRACE = Duration.ofSeconds(3);

  /** The host's namespace, or a named one. */
  record Where(Optional<String> namespace) {
    static final Where HOST = new Where(Optional.empty());

    static Where ns(String name) {
      return new Where(Optional.of(name));
    }

    List<String> args(String... rest) {
      List<String> args = new ArrayList<>();
      namespace.ifPresent(n -> args.addAll(List.of("-n", n)));
      args.addAll(List.of(rest));
      return args;
    }

    @Override
    public String toString() {
      return namespace.map(n -> "namespace " + n).orElse("the host");
    }
  }

  /** A link with its state, alias and IPv4 addresses ({@code 10.0.0.1/16}). */
  record Link(String name, boolean up, String alias, List<String> addresses) {
    Link {
      addresses = List.copyOf(addresses);
    }
  }

  /** A route of the main table: destination ({@code default} or a CIDR) and device. */
  record Route(String destination, String device) {}

  private final Ip ip;

  Netns(Ip ip) {
    this.ip = requireNonNull(ip, "ip");
  }

  Ip ip() {
    return ip;
  }

  List<String> namespaces() {
    List<String> names = new ArrayList<>();
    for (JsonNode entry : parse(ip.run("-j", "netns", "list"))) {
      names.add(entry.path("name").asText());
    }
    return names;
  }

  boolean exists(String namespace) {
    return namespaces().contains(namespace);
  }

  /** Creates the namespace with loopback up; an existing one is left as it is. */
  void add(String namespace) {
    Ip.Result result = ip.tryRun(List.of("netns", "add", namespace));
    if (!result.ok() && !exists(namespace)) {
      throw Ip.failure(result);
    }
    ip.run("-n", namespace, "link", "set", "lo", "up");
  }

  /**
   * Ends the processes inside the namespace (TERM, then KILL after a grace period) and removes it.
   * Removing only the name would leave the namespace, its links and routes alive for as long as one
   * process still runs in it, so traffic would not stop.
   */
  void delete(String namespace) {
    if (!exists(namespace)) {
      return;
    }
    List<ProcessHandle> processes = processes(namespace);
    processes.forEach(ProcessHandle::destroy);
    Instant deadline = Instant.now().plus(KILL_GRACE);
    for (ProcessHandle process : processes) {
      Duration left = Duration.between(Instant.now(), deadline);
      try {
        process.onExit().get(Math.max(1, left.toMillis()), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ProviderException("local: interrupted while stopping " + namespace);
      } catch (ExecutionException | TimeoutException e) {
        process.destroyForcibly();
      }
    }
    Ip.Result result = ip.tryRun(List.of("netns", "del", namespace));
    if (!result.ok() && exists(namespace)) {
      throw Ip.failure(result);
    }
  }

  /**
   * Makes {@code namespace} an address space owned by {@code mark}: creates it if needed, puts the
   * first usable address of {@code cidr} on its loopback (without a prefix route, so only that one
   * address is local) and writes {@code mark} as the loopback's alias. Refuses a namespace of that
   * name that someone else made.
   */
  void claim(String namespace, LocalCidr cidr, String mark) {
    if (exists(namespace)) {
      String owner = owner(namespace);
      if (!owner.isEmpty() && !owner.equals(mark)) {
        throw new ProviderException(
            "local: namespace "
                + namespace
                + " exists and belongs to another Causeway data"
                + " directory ("
                + owner
                + ", expected: "
                + mark
                + "); run `causeway local reset`"
                + " with that data directory or choose other names");
      }
    }
    add(namespace);
    Where inside = Where.ns(namespace);
    run(inside, "link", "set", "dev", "lo", "alias", mark);
    run(
        inside,
        "addr",
        "replace",
        cidr.firstAddress() + "/" + cidr.prefixLength(),
        "dev",
        "lo",
        "noprefixroute");
  }

  /** The owner mark on a namespace's loopback, or empty when it has none. */
  String owner(String namespace) {
    return link(Where.ns(namespace), "lo").map(Link::alias).orElse("");
  }

  List<ProcessHandle> processes(String namespace) {
    List<ProcessHandle> processes = new ArrayList<>();
    for (String line : ip.run("netns", "pids", namespace).split("\n")) {
      if (!line.isBlank()) {
        ProcessHandle.of(Long.parseLong(line.strip())).ifPresent(processes::add);
      }
    }
    return processes;
  }

  List<Link> links(Where where) {
    List<Link> links = new ArrayList<>();
    for (JsonNode link :
        parse(ip.run(where.args("-j", "-d", "addr", "show").toArray(String[]::new)))) {
      List<String> addresses = new ArrayList<>();
      for (JsonNode address : link.path("addr_info")) {
        if (address.path("family").asText().equals("inet")) {
          addresses.add(address.path("local").asText() + "/" + address.path("prefixlen").asInt());
        }
      }
      boolean up = false;
      for (JsonNode flag : link.path("flags")) {
        up |= flag.asText().equals("UP");
      }
      links.add(
          new Link(link.path("ifname").asText(), up, link.path("ifalias").asText(""), addresses));
    }
    return links;
  }

  Optional<Link> link(Where where, String name) {
    return links(where).stream().filter(l -> l.name().equals(name)).findFirst();
  }

  List<Route> routes(Where where) {
    List<Route> routes = new ArrayList<>();
    for (JsonNode route : parse(ip.run(where.args("-j", "route", "show").toArray(String[]::new)))) {
      routes.add(new Route(route.path("dst").asText(), route.path("dev").asText()));
    }
    return routes;
  }

  /**
   * Removes a link if it exists. Tolerates it vanishing meanwhile: the kernel destroys the links of
   * a deleted namespace (and their veth peers) asynchronously.
   */
  void removeLink(Where where, String name) {
    if (link(where, name).isEmpty()) {
      return;
    }
    Ip.Result result = ip.tryRun(where.args("link", "del", name));
    if (!result.ok() && link(where, name).isPresent()) {
      throw Ip.failure(result);
    }
  }

  void run(Where where, String... args) {
    ip.run(where.args(args).toArray(String[]::new));
  }

  private static JsonNode parse(String output) {
    if (output.isBlank()) {
      return JSON.createArrayNode();
    }
    try {
      return JSON.readTree(output);
    } catch (JsonProcessingException e) {
      throw new ProviderException(
          "local: cannot parse the output of ip -j: " + e.getOriginalMessage(),
          Optional.empty(),
          e);
    }
  }
}
