/**
 * The {@code ./causeway} command line: the process roles ({@code up}, {@code control-plane}, {@code
 * data-plane}) and the API client commands ({@code networks}, {@code transit-gateways}, {@code
 * wait}, {@code control-planes}, {@code tokens}, {@code provider-accounts}, {@code login}, {@code
 * completion}). Client commands talk to the API over HTTP only, take the server and token from
 * flags, environment or the login file, print tables, JSON or YAML, and exit 0 (ok), 1 (API error),
 * 2 (usage) or 3 (timeout). {@link io.causeway.cli.Main} wires everything by hand.
 */
package io.causeway.cli;
