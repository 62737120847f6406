package io.causeway.model;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A provider write was refused for a reason only the customer or a change of input can fix,
 * although the read-only {@link NetworkProvider#preflight preflight} had passed: the customer
 * removed a role or revoked consent in between, the write needs a permission a read cannot prove
 * (Azure's {@code virtualNetworks/peer/action}), or the provider found an overlap only when
 * writing. {@link NetworkProvider#createPeering} may throw it instead of a plain {@link
 * ProviderException}; the reconciler then records {@link #problem()} exactly as a blocked
 * preflight ({@code pending-user-action} with the remedy, or {@code error}) and checks again with
 * backoff, so completing the step lets the peering proceed by itself.
 *
 * <p>It extends {@link ProviderException} so that callers which only know that type still retry
 * with backoff and show the precise reason; no provider is required to throw it.
 */
public class RefusedException extends ProviderException {
  private static final long serialVersionUID = 1L;
  private final transient Preflight.Problem problem;

  public RefusedException(Preflight.Problem problem) {
    super(requireNonNull(problem, "problem").reason(), Optional.empty(), null);
    this.problem = problem;
  }

  /** What is missing and how to fix it, with the state it leads to. */
  public Preflight.Problem problem() {
    return problem;
  }
}
