package io.causeway.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * The row of {@code cluster_ca}: the cluster CA's certificate and private key, both PEM. The key
 * is a secret: {@link #toString} leaves it out.
 */
public record ClusterCaRow(String certificatePem, String keyPem, Instant createdAt) {

  public ClusterCaRow {
    requireNonNull(certificatePem, "certificatePem");
    requireNonNull(keyPem, "keyPem");
    requireNonNull(createdAt, "createdAt");
  }

  @Override
  public String toString() {
    return "ClusterCaRow[certificatePem=" + certificatePem.length() + " chars, keyPem=[redacted], createdAt="
        + createdAt + "]";
  }
}
