package io.causeway.controlplane;

import static java.util.Objects.requireNonNull;

import java.util.UUID;

/**
 * Who is calling: the organisation whose resources the call sees, the token it came through, the
 * token's role in that organisation, and whether it is the operator (an admin token of the
 * organisation made on first start, the only one that may create organisations or touch host
 * resources such as local VNETs).
 */
record Principal(
    UUID organizationId, UUID tokenId, String tokenName, Role role, boolean operator) {
  /** The role of the admin token made on first start (Bootstrap writes it). */
  static final String ROLE_ADMIN = "admin";

  Principal {
    requireNonNull(organizationId, "organizationId");
    requireNonNull(tokenId, "tokenId");
    requireNonNull(tokenName, "tokenName");
    requireNonNull(role, "role");
  }

  /**
   * True for the operator only (not for an organisation's own admins): kept under this name for
   * the host-wide checks that predate roles.
   */
  boolean admin() {
    return operator;
  }
}
