package io.causeway.controlplane;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.causeway.model.CidrRules;
import io.causeway.model.NetworkProvider;
import io.causeway.model.ProviderAccount;
import io.causeway.model.ProviderRegion;
import io.causeway.store.Filter;
import io.causeway.store.OrganizationRow;
import io.causeway.store.Page;
import io.causeway.store.PageRequest;
import io.causeway.store.Store;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * What the operator configured: {@code provider-accounts} (one per provider this control plane
 * runs) and the public {@code availability.json} (providers, regions, zones, CIDR rules).
 */
final class CatalogApi {
  static final String ACCOUNTS = "/v2/cloud-gateways/provider-accounts";
  static final String AVAILABILITY = "/v2/cloud-gateways/availability.json";
  /** The Kong configuration format our data plane speaks, as the contract lists versions. */
  static final String GATEWAY_VERSION = "3.10";

  private static final Map<String, Queries.FilterField> FILTERS =
      Map.of("provider", Queries.FilterField.string());

  private final Store store;
  private final AccountProviders providers;

  CatalogApi(Store store, AccountProviders providers) {
    this.store = store;
    this.providers = providers;
  }

  void routes(RoutesConfig routes) {
    routes.get(ACCOUNTS, this::listAccounts);
    routes.get(ACCOUNTS + "/{providerAccountId}", this::getAccount);
    routes.get(AVAILABILITY, this::availability);
  }

  private List<ProviderAccount> accounts() {
    return providers.byAccount().values().stream()
        .map(NetworkProvider::account)
        .sorted(Comparator.comparing(ProviderAccount::providerAccountId))
        .toList();
  }

  private void listAccounts(Context ctx) {
    Principal who = Authenticator.principal(ctx);
    List<Filter> filters = Queries.filters(ctx, FILTERS);
    PageRequest request = Queries.page(ctx);
    List<ProviderAccount> matching =
        accounts().stream().filter(a -> filters.stream().allMatch(f -> matches(f, a))).toList();
    int from = (int) Math.min(matching.size(), (long) (request.number() - 1) * request.size());
    int to = Math.min(matching.size(), from + request.size());
    Instant since = since(who);
    List<ObjectNode> items =
        matching.subList(from, to).stream().map(a -> Wire.providerAccount(a, since)).toList();
    Responses.json(
        ctx, 200, Wire.page(new Page<>(matching.subList(from, to), matching.size(), request),
            items));
  }

  private static boolean matches(Filter filter, ProviderAccount account) {
    String value = account.provider().toLowerCase(Locale.ROOT);
    List<String> wanted = filter.values().stream().map(v -> v.toLowerCase(Locale.ROOT)).toList();
    return switch (filter.op()) {
      case EQ, OEQ -> wanted.contains(value);
      case NEQ -> !wanted.contains(value);
      case CONTAINS, OCONTAINS -> wanted.stream().anyMatch(value::contains);
    };
  }

  private void getAccount(Context ctx) {
    Principal who = Authenticator.principal(ctx);
    UUID id = Ids.path(ctx, "providerAccountId");
    ProviderAccount account =
        accounts().stream()
            .filter(a -> a.id().equals(id))
            .findFirst()
            .orElseThrow(ApiException::notFound);
    Responses.json(ctx, 200, Wire.providerAccount(account, since(who)));
  }

  /** Accounts are linked to an organisation when it is made. */
  private Instant since(Principal who) {
    return store.organizations().get(who.organizationId())
        .map(OrganizationRow::createdAt)
        .orElse(Instant.EPOCH);
  }

  private void availability(Context ctx) {
    Map<String, ArrayNode> regionsByProvider = new TreeMap<>();
    for (ProviderAccount account : accounts()) {
      NetworkProvider provider = providers.byAccount().get(account.id());
      ArrayNode regions =
          regionsByProvider.computeIfAbsent(account.provider(), p -> Json.array());
      for (ProviderRegion region : provider.regions()) {
        ObjectNode node = regions.addObject();
        node.put("region", region.name());
        node.put("name", region.name() + " (" + account.label() + ")");
        region.availabilityZones().forEach(node.putArray("availability_zones")::add);
        CidrRules.ALLOWED_BLOCKS.forEach(node.putArray("cidr_blocks")::add);
        CidrRules.RESERVED_BLOCKS.forEach(node.putArray("reserved_cidr_blocks")::add);
      }
    }
    ObjectNode body = Json.object();
    body.putArray("versions").add(GATEWAY_VERSION);
    body.putArray("instance_types");
    ArrayNode list = body.putArray("providers");
    regionsByProvider.forEach(
        (name, regions) -> {
          ObjectNode node = list.addObject();
          node.put("provider", name);
          node.set("regions", regions);
        });
    body.putArray("serverless_v1_providers");
    Responses.json(ctx, 200, body);
  }
}
