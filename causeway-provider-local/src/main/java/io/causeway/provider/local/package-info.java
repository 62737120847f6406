/**
 * Providers that run on one host: {@code simulated} (in memory, no isolation, labelled as such)
 * and {@code local} (real network namespaces and veth peerings, see {@link
 * io.causeway.provider.local.LocalProvider}).
 */
package io.causeway.provider.local;
