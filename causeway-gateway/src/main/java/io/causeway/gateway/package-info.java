/**
 * The data plane: a Netty reverse proxy with Kong's routing model, upstream balancing and
 * health checks, its status listener, and the loader of Kong declarative configuration.
 */
package io.causeway.gateway;
