package io.causeway.model;

import java.util.List;

/** A region of a provider with its availability zones, e.g. {@code local} with {@code local-1..3}. */
public record ProviderRegion(String name, List<String> availabilityZones) {
  public ProviderRegion {
    availabilityZones = List.copyOf(availabilityZones);
  }
}
