package io.causeway.controlplane;

import io.causeway.controlplane.Outcome.Next;
import io.causeway.model.NetworkProvider;
import io.causeway.model.NetworkState;
import io.causeway.model.PeeringObservation;
import io.causeway.model.PeeringRef;
import io.causeway.model.Preflight;
import io.causeway.model.ProviderException;
import io.causeway.model.RefusedException;
import io.causeway.model.TransitGatewayState;
import java.util.Optional;

/**
 * One level-triggered step for a transit gateway (an Azure VNET peering): wait for the network,
 * observe the peering, and if it is absent check access (preflight) before creating it. Missing
 * consent or role leads to {@code pending-user-action}, wrong input to {@code error}; both are
 * checked again with backoff, so granting access is noticed without any call.
 */
final class PeeringSteps {
  private PeeringSteps() {}

  static Outcome step(
      NetworkProvider provider,
      PeeringRef ref,
      TransitGatewayState state,
      NetworkState networkState,
      Optional<String> providerRef) {
    return switch (state) {
      case TERMINATING -> terminate(provider, ref, providerRef);
      case TERMINATED -> Outcome.of(state.wire(), "TERMINATED", "", providerRef, Next.PARK);
      case CREATED, INITIALIZING, PENDING_USER_ACTION, READY, ERROR ->
          networkState == NetworkState.READY
              ? converge(provider, ref, state, providerRef)
              : Outcome.of(
                  state == TransitGatewayState.CREATED ? state.wire()
                      : TransitGatewayState.INITIALIZING.wire(),
                  "WAITING_FOR_NETWORK",
                  "waiting for network " + ref.network().networkId() + " to be ready (it is "
                      + networkState.wire() + ")",
                  providerRef,
                  // An offline network only moves on a user action: no need to poll it.
                  networkState == NetworkState.OFFLINE ? Next.RESYNC : Next.POLL);
    };
  }

  private static Outcome converge(
      NetworkProvider provider, PeeringRef ref, TransitGatewayState state,
      Optional<String> providerRef) {
    String initializing = TransitGatewayState.INITIALIZING.wire();
    return switch (provider.observePeering(ref)) {
      case PeeringObservation.Connected c ->
          Outcome.of(TransitGatewayState.READY.wire(), "CONNECTED", readyWarnings(provider, ref),
              providerRef, Next.RESYNC);
      case PeeringObservation.InProgress p ->
          Outcome.of(initializing, "PEERING", p.detail(), providerRef, Next.POLL);
      case PeeringObservation.Degraded d -> {
        Optional<Outcome> refused = create(provider, ref, providerRef);
        yield refused.orElseGet(() -> Outcome.of(initializing, "REPAIRING",
            "re-creating the peering: " + d.reason(), Optional.of(NetworkSteps.CREATE_REQUESTED),
            Next.POLL));
      }
      case PeeringObservation.Failed f -> blocked(f.problem(), providerRef);
      case PeeringObservation.Absent a -> switch (provider.preflight(ref)) {
        case Preflight.Blocked b -> blocked(b.problem(), providerRef);
        case Preflight.Passed p -> {
          Optional<Outcome> refused = create(provider, ref, providerRef);
          if (refused.isPresent()) {
            yield refused.get();
          }
          yield Outcome.of(initializing, "PEERING",
              withWarnings(
                  state == TransitGatewayState.READY
                      ? "the peering disappeared at the provider; creating it again"
                      : "access verified; peering requested",
                  p),
              Optional.of(NetworkSteps.CREATE_REQUESTED), Next.POLL);
        }
      };
    };
  }

  /**
   * Asks the provider for both sides; a write it refused for a customer-fixable reason (a role
   * removed since the preflight, {@code peer/action} that a read cannot prove, consent revoked)
   * becomes the same state as a blocked preflight instead of a provider failure.
   */
  private static Optional<Outcome> create(
      NetworkProvider provider, PeeringRef ref, Optional<String> providerRef) {
    try {
      provider.createPeering(ref);
      return Optional.empty();
    } catch (RefusedException e) {
      return Optional.of(blocked(e.problem(), providerRef));
    }
  }

  /**
   * The warnings of a connected peering, so that a DNS server outside the customer VNET stays
   * visible once ready. Only asked when there is a dns_config (nothing else produces warnings
   * yet), and best effort: a blocked or failed check does not change a connected peering.
   */
  private static String readyWarnings(NetworkProvider provider, PeeringRef ref) {
    if (ref.dnsConfig().isEmpty()) {
      return "";
    }
    try {
      return provider.preflight(ref) instanceof Preflight.Passed p ? withWarnings("", p) : "";
    } catch (ProviderException e) {
      return "";
    }
  }

  /**
   * {@code reason} followed by the preflight's warnings; they go into the reason because the
   * state_metadata contract has no other free-text field.
   */
  static String withWarnings(String reason, Preflight.Passed passed) {
    StringBuilder text = new StringBuilder(reason);
    for (String warning : passed.warnings()) {
      text.append(text.isEmpty() ? "" : "; ").append("warning: ").append(warning);
    }
    return text.toString();
  }

  static Outcome blocked(Preflight.Problem problem, Optional<String> providerRef) {
    TransitGatewayState state =
        problem.isUserAction()
            ? TransitGatewayState.PENDING_USER_ACTION
            : TransitGatewayState.ERROR;
    return Outcome.of(
        state.wire(), problem.reportedStatus(), problem.reason(), providerRef, Next.BACKOFF);
  }

  private static Outcome terminate(
      NetworkProvider provider, PeeringRef ref, Optional<String> providerRef) {
    boolean asked = providerRef.filter(NetworkSteps.DELETE_REQUESTED::equals).isPresent();
    return switch (provider.observePeering(ref)) {
      case PeeringObservation.Absent a ->
          Outcome.of(TransitGatewayState.TERMINATED.wire(), "TERMINATED", "", providerRef,
              Next.PARK);
      case PeeringObservation.InProgress p when asked ->
          Outcome.of(TransitGatewayState.TERMINATING.wire(), "DELETING", p.detail(), providerRef,
              Next.POLL);
      default -> {
        provider.deletePeering(ref);
        yield Outcome.of(TransitGatewayState.TERMINATING.wire(), "DELETING",
            "removal of both sides requested", Optional.of(NetworkSteps.DELETE_REQUESTED),
            Next.POLL);
      }
    };
  }
}
