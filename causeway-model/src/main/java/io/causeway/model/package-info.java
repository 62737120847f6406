/**
 * Causeway's domain: records for networks, transit gateways and their attachment and DNS
 * configuration, their states, the validation rules of the public contract, and the {@code
 * NetworkProvider} SPI. No I/O happens here.
 *
 * <p>Request bodies arrive as Jackson trees and leave as {@link io.causeway.model.Validated}
 * values: {@link io.causeway.model.NetworkRequests}, {@link
 * io.causeway.model.TransitGatewayRequests} and {@link io.causeway.model.DnsConfigs} decode,
 * normalise and check them, reporting every problem as an {@link
 * io.causeway.model.InvalidParameter} at its dotted field path. Limits live in {@link
 * io.causeway.model.Limits}, network address rules in {@link io.causeway.model.CidrRules}, Azure
 * naming rules in {@link io.causeway.model.AzureNames}; {@link io.causeway.model.DnsClaims} checks
 * domains across the transit gateways of a network and {@link io.causeway.model.AzureSetup} writes
 * the customer's consent and role steps.
 */
package io.causeway.model;
