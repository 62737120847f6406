/**
 * The {@code azure} provider: Azure Resource Manager over the JDK {@code HttpClient}, Entra tokens
 * from msal4j, cross-tenant VNET peering with precise remediation for every failure.
 */
package io.causeway.provider.azure;
