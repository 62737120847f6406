package io.causeway.model;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.UUID;

/**
 * What the user asked for when creating a network (the desired state). Values are already
 * validated and normalised when a record exists; see {@link NetworkRequests}.
 */
public record NetworkSpec(
    String name,
    UUID providerAccountId,
    String region,
    List<String> availabilityZones,
    String cidrBlock) {
  public NetworkSpec {
    requireNonNull(name, "name");
    requireNonNull(providerAccountId, "providerAccountId");
    requireNonNull(region, "region");
    availabilityZones = List.copyOf(availabilityZones);
    requireNonNull(cidrBlock, "cidrBlock");
  }

  public NetworkSpec withName(String newName) {
    return new NetworkSpec(newName, providerAccountId, region, availabilityZones, cidrBlock);
  }
}
