package io.causeway.provider.local;

import io.causeway.model.NetworkProviderFactory;
import io.causeway.model.ProviderSettings;
import java.time.Clock;

/**
 * Creates the {@code simulated} provider: always available, in memory, no network isolation.
 * Registered in {@code META-INF/services/io.causeway.model.NetworkProviderFactory}.
 */
public final class SimulatedProviderFactory implements NetworkProviderFactory {
  public static final String NAME = "simulated";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Availability create(ProviderSettings settings) {
    return new Availability.Available(
        SimulatedProvider.create(Clock.systemUTC(), settings.simulatedDelay()));
  }
}
