/**
 * Providers that run on one host: {@code simulated} (in memory, no isolation) and, later,
 * {@code local} (network namespaces).
 */
package io.causeway.provider.local;
