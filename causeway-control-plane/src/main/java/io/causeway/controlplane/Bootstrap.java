package io.causeway.controlplane;

import io.causeway.store.ControlPlaneRow;
import io.causeway.store.DuplicateKeyException;
import io.causeway.store.OrganizationRow;
import io.causeway.store.Store;
import io.causeway.store.TokenRow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First-start setup, idempotent and safe for replicas starting together: the default
 * organisation, its admin token (written to {@code DATA_DIR/admin-token}, mode 0600 from the
 * moment the file exists) and the control plane named {@code default}.
 */
final class Bootstrap {
  static final String DEFAULT_ORGANIZATION = "default";
  static final String DEFAULT_CONTROL_PLANE = "default";
  static final String CLUSTER_TYPE = "CLUSTER_TYPE_CONTROL_PLANE";
  private static final Logger LOG = LoggerFactory.getLogger(Bootstrap.class);

  record Result(UUID organizationId, UUID controlPlaneId, Optional<String> newAdminToken) {}

  private Bootstrap() {}

  static Result run(Store store, Tokens tokens, Path adminTokenFile) {
    Optional<OrganizationRow> existing =
        store.organizations().findByName(DEFAULT_ORGANIZATION);
    Optional<String> newToken = Optional.empty();
    OrganizationRow org;
    if (existing.isPresent()) {
      org = existing.get();
      LOG.info("Using the existing default organization; its admin token was shown on first start"
          + " ({} on that host)", adminTokenFile.getFileName());
    } else {
      String token = tokens.newToken();
      try {
        // One transaction: if the file cannot be written, no organisation without a token.
        org = store.inTransaction(tx -> {
          OrganizationRow created = tx.organizations().insert(
              OrganizationRow.create(UUID.randomUUID(), DEFAULT_ORGANIZATION));
          tx.tokens().insert(TokenRow.create(
              UUID.randomUUID(), created.id(), "admin", Tokens.hash(token), Principal.ROLE_ADMIN));
          writeSecret(adminTokenFile, token);
          return created;
        });
        newToken = Optional.of(token);
        LOG.info("Created the default organization; admin token written to {}", adminTokenFile);
      } catch (DuplicateKeyException e) {
        // Another replica bootstrapped at the same moment; use its organisation.
        org = store.organizations().findByName(DEFAULT_ORGANIZATION).orElseThrow(() -> e);
      }
    }
    UUID orgId = org.id();
    UUID controlPlaneId =
        findOrCreate(
            () -> store.controlPlanes().findByName(orgId, DEFAULT_CONTROL_PLANE),
            () -> store.controlPlanes().insert(
                ControlPlaneRow.create(UUID.randomUUID(), orgId, DEFAULT_CONTROL_PLANE,
                    Optional.of("Created by Causeway on first start"), CLUSTER_TYPE, "{}", true)))
            .id();
    return new Result(orgId, controlPlaneId, newToken);
  }

  private static ControlPlaneRow findOrCreate(
      Supplier<Optional<ControlPlaneRow>> find, Supplier<ControlPlaneRow> create) {
    Optional<ControlPlaneRow> found = find.get();
    if (found.isPresent()) {
      return found.get();
    }
    try {
      return create.get();
    } catch (DuplicateKeyException e) {
      return find.get().orElseThrow(() -> e);
    }
  }

  /**
   * Writes {@code secret} to {@code file} with owner-only permissions: the temporary file is
   * created with mode 0600 (never briefly world-readable) and then moved into place atomically.
   */
  static void writeSecret(Path file, String secret) {
    Path dir = file.toAbsolutePath().getParent();
    Path temp = dir.resolve("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
    try {
      if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
        Files.createFile(temp,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } else {
        Files.createFile(temp);
      }
      try (Writer w = Files.newBufferedWriter(temp, StandardCharsets.UTF_8,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        w.write(secret);
        w.write('\n');
      }
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
