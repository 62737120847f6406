package io.causeway.provider.local;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.UUID;

/**
 * How the local provider names what it makes. Everything on the host starts with {@value #PREFIX}
 * (so {@code reset} can never touch anything else), and names are derived from Causeway ids by
 * hashing, so a repeated call finds the earlier resource. Link names stay within the kernel's 15
 * characters ({@code IFNAMSIZ} - 1).
 *
 * <ul>
 *   <li>provider network: namespace {@code cw-n-<h>}, host end of its uplink {@code cw-u-<h>},
 *       {@code <h>} from the network id;
 *   <li>customer VNET: namespace {@code cw-v-<h>}, {@code <h>} from subscription/resource
 *       group/name in lower case (Azure compares them case-insensitively);
 *   <li>peering: a veth pair {@code cw-p-<h>} (same name at both ends, one in each namespace),
 *       {@code <h>} from the transit gateway id.
 * </ul>
 *
 * <p>{@code <h>} is the first 10 hex digits of SHA-256, so sequential ids still spread.
 */
final class LocalNames {
  static final String PREFIX = "cw-";
  static final String NETWORK_PREFIX = "cw-n-";
  static final String VNET_PREFIX = "cw-v-";
  static final String UPLINK_PREFIX = "cw-u-";
  static final String PEERING_PREFIX = "cw-p-";

  /** The namespace end of a network's uplink. */
  static final String UPLINK_INSIDE = "cw-uplink";

  static final int MAX_LINK_NAME = 15;
  private static final int HASH_DIGITS = 10;

  private LocalNames() {}

  static String networkNamespace(UUID networkId) {
    return NETWORK_PREFIX + hash(networkId.toString(), HASH_DIGITS);
  }

  static String uplinkHostLink(UUID networkId) {
    return UPLINK_PREFIX + hash(networkId.toString(), HASH_DIGITS);
  }

  static String vnetNamespace(String subscriptionId, String resourceGroupName, String vnetName) {
    String key = subscriptionId + "/" + resourceGroupName + "/" + vnetName;
    return VNET_PREFIX + hash(key.toLowerCase(Locale.ROOT), HASH_DIGITS);
  }

  static String peeringLink(UUID transitGatewayId) {
    return PEERING_PREFIX + hash(transitGatewayId.toString(), HASH_DIGITS);
  }

  /**
   * The alias written on {@code lo} of every namespace (and on every host link) a data directory
   * makes: {@code causeway:<16 hex digits of SHA-256 of its absolute path>}. It survives the loss
   * of the state file, so {@code reset} still recognises what this data directory made.
   */
  static String ownerMark(Path dataDir) {
    String path = dataDir.toAbsolutePath().normalize().toString();
    return "causeway:" + hash(path, 16);
  }

  static String hash(String text, int digits) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, digits);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
