package io.causeway.cli;

import static io.causeway.cli.DemoCommand.API_HOST;
import static io.causeway.cli.DemoCommand.API_PORT;
import static io.causeway.cli.DemoCommand.API_PROCESS;
import static io.causeway.cli.DemoCommand.DNS_PROCESS;
import static io.causeway.cli.DemoCommand.NETWORK;
import static io.causeway.cli.DemoCommand.NETWORK_CIDR;
import static io.causeway.cli.DemoCommand.PROXY_PORT;
import static io.causeway.cli.DemoCommand.RESOURCE_GROUP;
import static io.causeway.cli.DemoCommand.ROUTE;
import static io.causeway.cli.DemoCommand.ROUTE_PATH;
import static io.causeway.cli.DemoCommand.SERVICE;
import static io.causeway.cli.DemoCommand.TENANT;
import static io.causeway.cli.DemoCommand.TRANSIT_GATEWAY;
import static io.causeway.cli.DemoCommand.VNET;
import static io.causeway.cli.DemoCommand.VNET_CIDR;
import static io.causeway.cli.DemoCommand.ZONE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The steps of {@code causeway demo}: each finds what exists by its fixed name and creates only
 * what is missing ({@link #up}), or removes what exists in reverse order ({@link #down}). Progress
 * goes to standard error, one line per step. Blocking; polls the API once a second while waiting.
 */
final class DemoCommandSteps {
  private static final Duration POLL = Duration.ofSeconds(1);
  private static final String LOCAL_ACCOUNT = "local";
  private static final String VNETS = LocalCommand.VNETS;

  /** What {@code demo} prints on standard output. */
  record Result(String text, JsonNode json) {}

  private final Api api;
  private final PrintWriter progress;
  private final Instant deadline;
  private final Duration timeout;

  DemoCommandSteps(Api api, PrintWriter progress, Duration timeout) {
    this.api = api;
    this.progress = progress;
    this.timeout = timeout;
    this.deadline = Instant.now().plus(timeout);
  }

  Result up(String dnsmasq, List<String> apiCommand) {
    String account = localAccount();
    String controlPlane = ControlPlanesCommand.resolve(api, "default");
    // The default control plane's id stands in for the customer's subscription: stable for this
    // installation (so a second run finds the same VNET) and different on another data directory
    // on the same host (whose demo VNET then gets its own namespace).
    String subscription = controlPlane;
    JsonNode vnet = api.post(VNETS, vnetBody(subscription));
    String vnetAddress = vnet.path("address").asText();
    say("VNET " + VNET + " (" + VNET_CIDR + ", namespace " + vnet.path("namespace").asText() + ")");
    process(API_PROCESS, apiCommand);
    process(DNS_PROCESS, dnsmasqCommand(dnsmasq, ZONE, API_HOST, vnetAddress));
    say("  private API http://" + API_HOST + ":" + API_PORT + " -> " + vnetAddress
        + ", DNS server " + vnetAddress + ":53 for " + ZONE);
    String network = network(account);
    awaitState(Resolver.NETWORKS + "/" + network, "network " + NETWORK, "ready");
    String gatewayPath = transitGateway(network, subscription, vnetAddress);
    awaitState(gatewayPath, "transit gateway " + TRANSIT_GATEWAY, "ready");
    place(controlPlane, network);
    routeToApi(controlPlane);
    String address = awaitGroup(controlPlane, network);
    String url = "http://" + address + ":" + PROXY_PORT + ROUTE_PATH;
    String body = awaitProxy(url);
    ObjectNode json = Api.JSON.createObjectNode();
    json.put("url", url);
    json.put("curl", "curl " + url);
    json.put("body", body);
    json.put("vnet", VNET);
    json.put("network_id", network);
    json.put("private_name", API_HOST);
    String text =
        String.join(
            "\n",
            "The demo is up: the proxy reaches the private API by its private name "
                + API_HOST + ", resolved by the VNET's DNS server through DNS forwarding.",
            "",
            "  curl " + url,
            "",
            "answers:",
            "  " + body.strip(),
            "",
            "Remove it with: ./causeway demo --down");
    return new Result(text, json);
  }

  void down() {
    localAccount();
    Optional<String> controlPlane = find(Resolver.CONTROL_PLANES, "default");
    controlPlane.ifPresent(this::removeRoute);
    Optional<String> network = find(Resolver.NETWORKS, NETWORK);
    if (network.isPresent()) {
      controlPlane.ifPresent(cp -> unplace(cp, network.get()));
      removeTransitGateway(network.get());
      removeNetwork(network.get());
    }
    try {
      api.delete(VNETS + "/" + LocalCommand.segment(VNET));
      say("Deleted VNET " + VNET + " (its API and DNS server ended with it)");
    } catch (ApiError e) {
      if (e.status() != 404) {
        throw e;
      }
    }
  }

  /** The local provider account; anything else means the demo cannot run here. */
  private String localAccount() {
    ArrayNode accounts;
    try {
      accounts = api.list(Resolver.PROVIDER_ACCOUNTS);
    } catch (ApiError e) {
      throw e;
    } catch (CliException e) {
      List<String> lines = new ArrayList<>(e.lines());
      lines.add("The demo runs on top of Causeway with the local provider: sudo ./causeway up");
      throw new CliException(e.exitCode(), lines);
    }
    List<String> seen = new ArrayList<>();
    for (JsonNode account : accounts) {
      String name = account.path("provider_account_id").asText();
      if (name.equals(LOCAL_ACCOUNT)) {
        return account.path("id").asText();
      }
      seen.add(name);
    }
    throw CliException.api(
        "The demo needs the local provider (network namespaces on this host), but the control"
            + " plane at "
            + api.server()
            + " runs "
            + seen
            + ". Stop it and run as root: sudo ./causeway up");
  }

  private static ObjectNode vnetBody(String subscription) {
    return Api.JSON
        .createObjectNode()
        .put("subscription_id", subscription)
        .put("resource_group_name", RESOURCE_GROUP)
        .put("name", VNET)
        .put("cidr", VNET_CIDR);
  }

  /**
   * dnsmasq in the foreground, authoritative for {@code zone} on {@code address}:53, where {@code
   * host} is {@code address}; its log goes to standard output (the process's log file).
   */
  static List<String> dnsmasqCommand(String dnsmasq, String zone, String host, String address) {
    return List.of(
        dnsmasq,
        "--keep-in-foreground",
        "--no-resolv",
        "--no-hosts",
        "--bind-interfaces",
        "--listen-address=" + address,
        "--port=53",
        "--pid-file=",
        "--log-facility=-",
        "--auth-server=ns." + zone + "," + address,
        "--auth-zone=" + zone,
        "--auth-ttl=30",
        "--local-ttl=30",
        "--host-record=" + host + "," + address);
  }

  /** Starts a process in the VNET, or keeps the one running; replaces one with another command. */
  private void process(String name, List<String> command) {
    ObjectNode body = Api.JSON.createObjectNode().put("name", name);
    ArrayNode words = body.putArray("command");
    command.forEach(words::add);
    String path = LocalCommand.processes(VNET);
    try {
      api.post(path, body);
    } catch (ApiError e) {
      if (e.status() != 409) {
        throw e;
      }
      api.delete(path + "/" + name);
      api.post(path, body);
    }
  }

  private String network(String account) {
    Optional<String> existing = find(Resolver.NETWORKS, NETWORK);
    if (existing.isPresent()) {
      say("Network " + NETWORK + " exists");
      return existing.get();
    }
    ObjectNode body = Api.JSON.createObjectNode();
    body.put("name", NETWORK);
    body.put("cloud_gateway_provider_account_id", account);
    body.put("region", "local");
    body.putArray("availability_zones").add("local-1");
    body.put("cidr_block", NETWORK_CIDR);
    String id = api.post(Resolver.NETWORKS, body).path("id").asText();
    say("Created network " + NETWORK + " (" + NETWORK_CIDR + ")");
    return id;
  }

  private String transitGateway(String network, String subscription, String dnsServer) {
    String collection = Resolver.transitGatewaysPath(network);
    Optional<String> existing = find(collection, TRANSIT_GATEWAY);
    if (existing.isPresent()) {
      say("Transit gateway " + TRANSIT_GATEWAY + " exists");
      return collection + "/" + existing.get();
    }
    ObjectNode body = Api.JSON.createObjectNode();
    body.put("name", TRANSIT_GATEWAY);
    ObjectNode attachment = body.putObject("transit_gateway_attachment_config");
    attachment.put("kind", TransitGatewaysCommand.KIND);
    attachment.put("tenant_id", TENANT);
    attachment.put("subscription_id", subscription);
    attachment.put("resource_group_name", RESOURCE_GROUP);
    attachment.put("vnet_name", VNET);
    ObjectNode dns = body.putArray("dns_config").addObject();
    dns.putArray("domain_proxy_list").add(ZONE);
    dns.putArray("remote_dns_server_ip_addresses").add(dnsServer);
    String id = api.post(collection, body).path("id").asText();
    say("Created transit gateway " + TRANSIT_GATEWAY + " (VNET peering; " + ZONE + " -> "
        + dnsServer + ")");
    return collection + "/" + id;
  }

  /** Adds a group in the network to the control plane's configuration, keeping its others. */
  private void place(String controlPlane, String network) {
    Optional<JsonNode> current = configuration(controlPlane);
    List<JsonNode> groups = new ArrayList<>();
    current.ifPresent(c -> c.path("dataplane_group_config").forEach(groups::add));
    if (groups.stream().anyMatch(g -> inNetwork(g, network))) {
      say("The default control plane's data planes are placed in " + NETWORK);
      return;
    }
    ObjectNode group = Api.JSON.createObjectNode();
    group.put("provider", "azure");
    group.put("region", "local");
    group.put("cloud_gateway_network_id", network);
    group.putObject("autoscale").put("kind", "autopilot").put("base_rps", 100);
    groups.add(group);
    putConfiguration(controlPlane, current, groups);
    say("Placed the default control plane's data planes in " + NETWORK);
  }

  private void unplace(String controlPlane, String network) {
    Optional<JsonNode> current = configuration(controlPlane);
    List<JsonNode> groups = new ArrayList<>();
    current.ifPresent(c -> c.path("dataplane_group_config").forEach(groups::add));
    if (groups.removeIf(g -> inNetwork(g, network))) {
      putConfiguration(controlPlane, current, groups);
      say("Removed the data-plane group in " + NETWORK + " (its nodes stop)");
    }
  }

  private static boolean inNetwork(JsonNode group, String network) {
    return group.path("cloud_gateway_network_id").asText().equals(network);
  }

  private Optional<JsonNode> configuration(String controlPlane) {
    for (JsonNode c :
        api.list(ConfigurationsCommand.PATH + "?filter%5Bcontrol_plane_id%5D=" + controlPlane)) {
      return Optional.of(c);
    }
    return Optional.empty();
  }

  private void putConfiguration(
      String controlPlane, Optional<JsonNode> current, List<JsonNode> groups) {
    ObjectNode body = Api.JSON.createObjectNode();
    body.put("control_plane_id", controlPlane);
    body.put(
        "control_plane_geo",
        current.map(c -> c.path("control_plane_geo").asText("us")).orElse("us"));
    body.put("version", current.map(c -> c.path("version").asText("3.10")).orElse("3.10"));
    body.put("kind", "dedicated.v0");
    ArrayNode array = body.putArray("dataplane_groups");
    groups.forEach(array::add);
    try {
      api.put(ConfigurationsCommand.PATH, body);
    } catch (ApiError e) {
      // 409 "identical": someone (an earlier run) already asked for exactly this.
      if (e.status() != 409) {
        throw e;
      }
    }
  }

  private void routeToApi(String controlPlane) {
    String base = Resolver.CONTROL_PLANES + "/" + controlPlane + "/core-entities/";
    if (get(base + "services/" + SERVICE).isEmpty()) {
      ObjectNode service = Api.JSON.createObjectNode();
      service.put("name", SERVICE);
      service.put("url", "http://" + API_HOST + ":" + API_PORT + "/");
      service.putArray("tags").add("causeway-demo");
      api.post(base + "services", service);
    }
    if (get(base + "routes/" + ROUTE).isEmpty()) {
      ObjectNode route = Api.JSON.createObjectNode();
      route.put("name", ROUTE);
      route.putArray("paths").add(ROUTE_PATH);
      route.putArray("tags").add("causeway-demo");
      api.post(base + "services/" + SERVICE + "/routes", route);
    }
    say("Route " + ROUTE_PATH + " -> service " + SERVICE + " (http://" + API_HOST + ":" + API_PORT
        + "/)");
  }

  private void removeRoute(String controlPlane) {
    String base = Resolver.CONTROL_PLANES + "/" + controlPlane + "/core-entities/";
    if (deleteIfPresent(base + "routes/" + ROUTE) | deleteIfPresent(base + "services/" + SERVICE)) {
      say("Deleted route " + ROUTE + " and service " + SERVICE);
    }
  }

  private void removeTransitGateway(String network) {
    String collection = Resolver.transitGatewaysPath(network);
    Optional<String> gateway = find(collection, TRANSIT_GATEWAY);
    if (gateway.isEmpty()) {
      return;
    }
    String path = collection + "/" + gateway.get();
    deleteWhenSettled(path, "transit gateway " + TRANSIT_GATEWAY);
    say("Deleted transit gateway " + TRANSIT_GATEWAY + " (the peering is gone)");
  }

  private void removeNetwork(String network) {
    deleteWhenSettled(Resolver.NETWORKS + "/" + network, "network " + NETWORK);
    say("Deleted network " + NETWORK);
  }

  /** DELETE answers 400 while the entity is transitional: wait that out, then wait for 404. */
  private void deleteWhenSettled(String path, String what) {
    await(
        what + " deletable",
        () -> {
          try {
            api.delete(path);
            return Optional.of(true);
          } catch (ApiError e) {
            if (e.status() == 404) {
              return Optional.of(true);
            }
            if (e.status() == 400) {
              return Optional.empty();
            }
            throw e;
          }
        });
    await(what + " gone", () -> get(path).isEmpty() ? Optional.of(true) : Optional.empty());
  }

  private void awaitState(String path, String what, String wanted) {
    String[] last = {""};
    await(
        what + " " + wanted,
        () -> {
          JsonNode entity = api.get(path);
          String state = entity.path("state").asText();
          if (!state.equals(last[0])) {
            say("  " + what + ": " + state + reason(entity));
            last[0] = state;
          }
          if (state.equals("error")) {
            throw CliException.api(what + " is in error" + reason(entity));
          }
          return state.equals(wanted) ? Optional.of(true) : Optional.empty();
        });
  }

  /** The first address of the control plane's group in the network, once it is ready. */
  private String awaitGroup(String controlPlane, String network) {
    String[] last = {""};
    return await(
        "data-plane group in " + NETWORK + " ready",
        () -> {
          for (JsonNode c :
              api.list(
                  ConfigurationsCommand.PATH + "?filter%5Bcontrol_plane_id%5D=" + controlPlane)) {
            for (JsonNode group : c.path("dataplane_groups")) {
              if (!inNetwork(group, network)) {
                continue;
              }
              String state = group.path("state").asText();
              if (!state.equals(last[0])) {
                say("  data-plane group: " + state + reason(group));
                last[0] = state;
              }
              JsonNode addresses = group.path("private_ip_addresses");
              if (state.equals("ready") && !addresses.isEmpty()) {
                return Optional.of(addresses.get(0).asText());
              }
            }
          }
          return Optional.empty();
        });
  }

  /** Polls the proxy until the route answers with the private API's document. */
  private String awaitProxy(String url) {
    say("Waiting for " + url + " to answer through the proxy");
    try (HttpClient http =
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
      int[] lastStatus = {-1};
      return await(
          url + " answering 200",
          () -> {
            try {
              HttpResponse<String> response =
                  http.send(
                      HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                      HttpResponse.BodyHandlers.ofString());
              if (response.statusCode() != lastStatus[0]) {
                say("  proxy answered " + response.statusCode());
                lastStatus[0] = response.statusCode();
              }
              return response.statusCode() == 200 ? Optional.of(response.body()) : Optional.empty();
            } catch (IOException e) {
              return Optional.empty();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw CliException.api("Interrupted while waiting for " + url);
            }
          });
    }
  }

  private <T> T await(String what, Supplier<Optional<T>> attempt) {
    while (true) {
      Optional<T> done = attempt.get();
      if (done.isPresent()) {
        return done.get();
      }
      if (Instant.now().isAfter(deadline)) {
        throw new CliException(
            CliException.TIMEOUT,
            "Timed out after " + timeout.toSeconds() + "s waiting for " + what
                + " (run `./causeway demo` again to continue, or pass a longer --timeout)");
      }
      try {
        Thread.sleep(POLL);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw CliException.api("Interrupted while waiting for " + what);
      }
    }
  }

  private Optional<String> find(String collection, String name) {
    List<String> ids = new ArrayList<>();
    for (JsonNode item : api.list(collection)) {
      if (item.path("name").asText().equals(name)
          && !item.path("state").asText().equals("terminated")) {
        ids.add(item.path("id").asText());
      }
    }
    return ids.stream().findFirst();
  }

  private Optional<JsonNode> get(String path) {
    try {
      return Optional.of(api.get(path));
    } catch (ApiError e) {
      if (e.status() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** Kong's DELETE answers 204 whether or not the entity existed, so look first. */
  private boolean deleteIfPresent(String path) {
    if (get(path).isEmpty()) {
      return false;
    }
    try {
      api.delete(path);
      return true;
    } catch (ApiError e) {
      if (e.status() == 404) {
        return false;
      }
      throw e;
    }
  }

  private static String reason(JsonNode entity) {
    String reason = entity.path("state_metadata").path("reason").asText("");
    return reason.isEmpty() ? "" : " (" + reason + ")";
  }

  private void say(String line) {
    progress.println(line);
    progress.flush();
  }
}
