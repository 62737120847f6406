package io.causeway.model;

/**
 * The {@code transit_gateway_attachment_config} of a transit gateway, discriminated by {@code
 * kind}. Only Azure VNET peering is supported; other kinds of the contract are refused at the API.
 */
public sealed interface AttachmentConfig permits AzureVnetPeering {
  /** The contract's {@code kind} value. */
  String kind();
}
