package io.causeway.controlplane;

import static java.util.Objects.requireNonNull;

import java.util.UUID;

/** Who is calling: the organisation whose resources the call sees, and through which token. */
record Principal(UUID organizationId, UUID tokenId, boolean admin) {
  static final String ROLE_ADMIN = "admin";
  static final String ROLE_USER = "user";

  Principal {
    requireNonNull(organizationId, "organizationId");
    requireNonNull(tokenId, "tokenId");
  }
}
