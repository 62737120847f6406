package io.causeway.model;

/**
 * Every size limit Causeway enforces on the cloud-gateway API, in one place. The Konnect contract
 * publishes only the 120-character name limit; the others are ours (DESIGN §1) and are part of our
 * documented API: changing one is an API change.
 */
public final class Limits {
  /** Longest network or transit gateway {@code name}, in characters (Konnect's published limit). */
  public static final int NAME_MAX_LENGTH = 120;

  /** Fewest characters of a {@code name}: an empty name is refused. */
  public static final int NAME_MIN_LENGTH = 1;

  /** Most {@code availability_zones} of a network (Azure regions have at most 3, AWS up to 5). */
  public static final int AVAILABILITY_ZONES_MAX = 5;

  /** Most entries of a transit gateway's {@code dns_config}. */
  public static final int DNS_CONFIG_MAX_ENTRIES = 50;

  /** Most domains in one {@code domain_proxy_list}; at least one is required. */
  public static final int DNS_DOMAINS_PER_ENTRY_MAX = 100;

  /**
   * Most servers in one {@code remote_dns_server_ip_addresses}; at least one is required. Servers
   * are tried in order with failover, so more than a few only slows failure down.
   */
  public static final int DNS_SERVERS_PER_ENTRY_MAX = 8;

  /** Longest DNS name, in characters, without the trailing dot (RFC 1035 §2.3.4). */
  public static final int DOMAIN_MAX_LENGTH = 253;

  /** Longest DNS label, in characters (RFC 1035 §2.3.4). */
  public static final int DOMAIN_LABEL_MAX_LENGTH = 63;

  /** Azure resource group names: 1 to 90 characters. */
  public static final int RESOURCE_GROUP_NAME_MAX_LENGTH = 90;

  /** Azure virtual network names: 2 to 64 characters. */
  public static final int VNET_NAME_MIN_LENGTH = 2;

  /** Azure virtual network names: 2 to 64 characters. */
  public static final int VNET_NAME_MAX_LENGTH = 64;

  private Limits() {}
}
