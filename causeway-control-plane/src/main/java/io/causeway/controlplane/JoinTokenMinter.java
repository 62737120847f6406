package io.causeway.controlplane;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * Mints data-plane join tokens inside the control plane (what {@code POST
 * /v2/control-planes/{id}/join-tokens} does), e.g. for nodes a provider launches in a network.
 */
@FunctionalInterface
interface JoinTokenMinter {
  /**
   * A new single-use token for {@code controlPlaneId}, valid for {@code ttl}; with {@code
   * networkId}, the node redeeming it is bound to that network (its DNS forwarding table). The
   * token is shown to the caller only.
   *
   * @throws ApiException 400 ({@code cloud_gateway_network_id}, {@code missing_reference}) when
   *     no data-plane group of the control plane's configurations runs in that network
   */
  String mint(UUID controlPlaneId, Optional<UUID> networkId, Duration ttl);
}
