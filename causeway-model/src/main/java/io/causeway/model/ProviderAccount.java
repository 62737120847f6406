package io.causeway.model;

import static java.util.Objects.requireNonNull;

import java.util.UUID;

/**
 * A provider account as the contract shows it: {@code provider} is always {@code azure} (the
 * simulated and local providers present themselves as Azure, DESIGN §9), {@code
 * providerAccountId} names the real account ({@code simulated}, {@code local} or the Azure
 * subscription id). {@code id} is a fixed UUID per provider so it survives restarts.
 */
public record ProviderAccount(UUID id, String provider, String providerAccountId, String label) {
  public ProviderAccount {
    requireNonNull(id, "id");
    requireNonNull(provider, "provider");
    requireNonNull(providerAccountId, "providerAccountId");
    requireNonNull(label, "label");
  }
}
