package io.causeway.testkit;

import static java.util.Objects.requireNonNull;

import io.causeway.model.AzureVnetPeering;

/**
 * A customer VNET prepared by a {@link NetworkProviderContract} fixture: the attachment that names
 * it and the address space it was created with.
 *
 * @param attachment tenant, subscription, resource group and VNET name, as a transit gateway
 *     carries them
 * @param cidr the VNET's address space, e.g. {@code 10.20.0.0/16}
 */
public record CustomerVnet(AzureVnetPeering attachment, String cidr) {
  public CustomerVnet {
    requireNonNull(attachment, "attachment");
    requireNonNull(cidr, "cidr");
  }
}
