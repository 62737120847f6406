/**
 * The {@code azure} provider: provider VNETs in the operator's subscription and cross-tenant VNET
 * peerings with customers' VNETs, through Azure Resource Manager. {@link
 * io.causeway.provider.azure.AzureProviderFactory} reads {@code CAUSEWAY_AZURE_*} and builds the
 * provider: a thin ARM client on the JDK {@code HttpClient} (long-running operations, {@code
 * Retry-After}, auxiliary tokens), Entra tokens per tenant from msal4j (client secret or
 * certificate), and precise remediation for every customer-fixable failure (consent URL, role
 * assignment command, what was looked up, both address ranges). See {@code docs/azure.md}.
 */
package io.causeway.provider.azure;
