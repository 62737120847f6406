package io.causeway.model;

import java.util.Optional;

/**
 * Found with {@link java.util.ServiceLoader}: creates a provider from the operator's settings,
 * or declines when it cannot run here (no credentials, no privileges), saying why.
 */
public interface NetworkProviderFactory {
  /** {@code simulated}, {@code local} or {@code azure}: the name used by {@code --provider}. */
  String name();

  /**
   * Creates the provider, or explains why it is unavailable here.
   *
   * @param settings operator settings (data directory, environment, options)
   */
  Availability create(ProviderSettings settings);

  /** The provider, or the reason it cannot run on this host. */
  sealed interface Availability {
    record Available(NetworkProvider provider) implements Availability {}

    record Unavailable(String reason) implements Availability {}

    default Optional<NetworkProvider> asOptional() {
      return this instanceof Available a ? Optional.of(a.provider()) : Optional.empty();
    }
  }
}
