package io.causeway.controlplane;

import java.util.Optional;

/** The audit log contract on the embedded H2 file store. */
class AuditLogH2IT extends AuditLogContract {
  @Override
  Optional<String> databaseUrl() {
    return Optional.empty();
  }
}
