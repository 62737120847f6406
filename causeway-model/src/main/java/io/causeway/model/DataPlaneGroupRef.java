package io.causeway.model;

import static java.util.Objects.requireNonNull;

import java.util.UUID;

/**
 * A configuration's data-plane group as a provider sees it: where its nodes run and how many.
 *
 * @param groupId the group's id in the configuration (stable while its provider, region and
 *     network stay the same), under which a provider names and finds the nodes it launched
 * @param controlPlaneId the control plane the nodes serve (join tokens are minted for it)
 * @param network the network the nodes run in
 * @param instances how many nodes the group asks for (a provider may run fewer and say so)
 */
public record DataPlaneGroupRef(
    UUID groupId, UUID controlPlaneId, NetworkRef network, int instances) {
  public DataPlaneGroupRef {
    requireNonNull(groupId, "groupId");
    requireNonNull(controlPlaneId, "controlPlaneId");
    requireNonNull(network, "network");
    if (instances < 1) {
      throw new IllegalArgumentException("instances: " + instances + " (expected: 1 or more)");
    }
  }
}
