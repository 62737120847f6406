package io.causeway.controlplane;

import io.causeway.controlplane.Outcome.Next;
import io.causeway.model.NetworkObservation;
import io.causeway.model.NetworkProvider;
import io.causeway.model.NetworkRef;
import io.causeway.model.NetworkState;
import io.causeway.model.ProviderException;
import io.causeway.model.StateMetadata;
import java.util.Optional;

/**
 * One level-triggered step for a network: observe, then at most one provider action. Creating and
 * deleting are idempotent at the provider, so repeating a step after a crash is harmless; the
 * {@code providerRef} ("create-requested", "delete-requested") only spares needless calls.
 */
final class NetworkSteps {
  static final String CREATE_REQUESTED = "create-requested";
  static final String DELETE_REQUESTED = "delete-requested";

  private NetworkSteps() {}

  static Outcome step(
      NetworkProvider provider, NetworkRef ref, NetworkState state, Optional<String> providerRef) {
    return switch (state) {
      case CREATED, INITIALIZING, READY -> provision(provider, ref, state, providerRef);
      case TERMINATING -> terminate(provider, ref, providerRef);
      case OFFLINE ->
          Outcome.of(state.wire(), "OFFLINE", "not provisioned (offline)", providerRef, Next.PARK);
      case TERMINATED -> Outcome.of(state.wire(), "TERMINATED", "", providerRef, Next.PARK);
    };
  }

  private static Outcome provision(
      NetworkProvider provider, NetworkRef ref, NetworkState state, Optional<String> providerRef) {
    String initializing = NetworkState.INITIALIZING.wire();
    return switch (provider.observeNetwork(ref)) {
      case NetworkObservation.Ready r ->
          Outcome.of(NetworkState.READY.wire(), "READY", "", providerRef, Next.RESYNC);
      case NetworkObservation.InProgress p ->
          Outcome.of(initializing, "PROVISIONING", p.detail(), providerRef, Next.POLL);
      case NetworkObservation.Failed f -> reapply(provider, ref, f);
      case NetworkObservation.Absent a -> {
        provider.createNetwork(ref);
        String reason =
            state == NetworkState.READY
                ? "the network disappeared at the provider; provisioning it again"
                : "provisioning requested";
        yield Outcome.of(initializing, "PROVISIONING", reason, Optional.of(CREATE_REQUESTED),
            Next.POLL);
      }
    };
  }

  /**
   * A network the provider failed to provision (Azure: {@code provisioningState: Failed}) is
   * written again, since re-applying the same request is how such a resource recovers, with
   * exponential backoff so that a provider in trouble is not hammered. The failure stays visible
   * in {@code state_metadata} until the provider recovers. The contract has no {@code error} state
   * for networks, so the network stays {@code initializing} meanwhile.
   */
  private static Outcome reapply(
      NetworkProvider provider, NetworkRef ref, NetworkObservation.Failed failed) {
    String initializing = NetworkState.INITIALIZING.wire();
    try {
      provider.createNetwork(ref);
    } catch (ProviderException e) {
      return new Outcome(initializing,
          StateMetadata.of(failed.reportedStatus(), failed.reason()
              + "; provisioning it again failed and will be retried: " + e.getMessage()),
          Optional.of(CREATE_REQUESTED), Next.BACKOFF, e.retryAfter());
    }
    return Outcome.of(initializing, failed.reportedStatus(),
        failed.reason() + "; provisioning requested again", Optional.of(CREATE_REQUESTED),
        Next.BACKOFF);
  }

  private static Outcome terminate(
      NetworkProvider provider, NetworkRef ref, Optional<String> providerRef) {
    String terminating = NetworkState.TERMINATING.wire();
    boolean asked = providerRef.filter(DELETE_REQUESTED::equals).isPresent();
    return switch (provider.observeNetwork(ref)) {
      case NetworkObservation.Absent a ->
          Outcome.of(NetworkState.TERMINATED.wire(), "TERMINATED", "", providerRef, Next.PARK);
      case NetworkObservation.InProgress p when asked ->
          Outcome.of(terminating, "DELETING", p.detail(), providerRef, Next.POLL);
      case NetworkObservation.InProgress p -> delete(provider, ref);
      case NetworkObservation.Ready r -> delete(provider, ref);
      case NetworkObservation.Failed f -> delete(provider, ref);
    };
  }

  private static Outcome delete(NetworkProvider provider, NetworkRef ref) {
    provider.deleteNetwork(ref);
    return Outcome.of(
        NetworkState.TERMINATING.wire(), "DELETING", "deletion requested",
        Optional.of(DELETE_REQUESTED), Next.POLL);
  }
}
