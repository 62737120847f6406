/**
 * Persistence of the control plane: JDBI repositories over H2 (embedded default) or PostgreSQL,
 * schema managed by Flyway, and row leases that let several control plane replicas share one
 * database without driving the same resource at once.
 */
package io.causeway.store;
