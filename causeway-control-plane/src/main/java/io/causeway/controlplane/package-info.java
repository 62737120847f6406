/**
 * The control plane: the Konnect-compatible REST API, authentication, the reconciler that drives
 * networks and transit gateways through their providers, and the process wiring.
 */
package io.causeway.controlplane;
