/**
 * The web UI: the gateway manager with the VNET peering wizard, static assets shipped in the jar
 * and served by the control plane at {@code /}; no Node toolchain is needed to build or run it.
 */
package io.causeway.ui;
