package io.causeway.model;

import static java.util.Objects.requireNonNull;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What a new network may use: the provider accounts and, per account, the regions and their
 * availability zones. Network requests are checked against it ({@code
 * cloud_gateway_provider_account_id}, {@code region}, {@code availability_zones}).
 */
public record Catalog(List<Offer> offers) {

  /** One provider account with the regions it offers. */
  public record Offer(ProviderAccount account, List<ProviderRegion> regions) {
    public Offer {
      requireNonNull(account, "account");
      regions = List.copyOf(regions);
    }

    public Optional<ProviderRegion> region(String name) {
      return regions.stream().filter(r -> r.name().equals(name)).findFirst();
    }
  }

  public Catalog {
    offers = List.copyOf(offers);
    Map<UUID, Offer> byId = new LinkedHashMap<>();
    for (Offer offer : offers) {
      if (byId.put(offer.account().id(), offer) != null) {
        throw new IllegalArgumentException("two offers for account " + offer.account().id());
      }
    }
  }

  /** The catalog of the providers loaded in this control plane. */
  public static Catalog of(Collection<? extends NetworkProvider> providers) {
    return new Catalog(providers.stream().map(p -> new Offer(p.account(), p.regions())).toList());
  }

  public Optional<Offer> offer(UUID accountId) {
    return offers.stream().filter(o -> o.account().id().equals(accountId)).findFirst();
  }
}
