package io.causeway.model;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** What the user asked for when creating (or patching) a transit gateway: the desired state. */
public record TransitGatewaySpec(
    String name, AttachmentConfig attachment, List<DnsMapping> dnsConfig) {
  public TransitGatewaySpec {
    requireNonNull(name, "name");
    requireNonNull(attachment, "attachment");
    dnsConfig = List.copyOf(dnsConfig);
  }
}
