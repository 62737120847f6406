/**
 * Causeway's domain: records for networks, transit gateways and their attachment and DNS
 * configuration, their states, the validation rules of the public contract, and the {@code
 * NetworkProvider} SPI. No I/O happens here.
 */
package io.causeway.model;
