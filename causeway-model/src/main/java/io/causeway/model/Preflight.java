package io.causeway.model;

import java.util.List;

/** Result of checking access to a customer network before (or while) peering with it. */
public sealed interface Preflight {
  /**
   * Everything needed is in place; {@code warnings} name what will not stop the peering but will
   * likely not work through it (e.g. a {@code dns_config} server outside the customer VNET).
   */
  record Passed(List<String> warnings) implements Preflight {
    public Passed {
      warnings = List.copyOf(warnings);
    }

    public Passed() {
      this(List.of());
    }
  }

  /** Something is missing; the problem says whether the customer or the input must change. */
  record Blocked(Problem problem) implements Preflight {}

  /**
   * A precise reason a peering cannot proceed. {@code userAction} problems lead to {@code
   * pending-user-action} (the customer must grant consent or a role), the others to {@code error}
   * (the input must change: VNET not found, address spaces overlap).
   */
  record Problem(Kind kind, String reportedStatus, String reason) {
    public boolean isUserAction() {
      return kind == Kind.CONSENT_MISSING || kind == Kind.ROLE_MISSING;
    }
  }

  enum Kind {
    CONSENT_MISSING,
    ROLE_MISSING,
    VNET_NOT_FOUND,
    ADDRESS_SPACE_OVERLAP,
    OTHER
  }
}
