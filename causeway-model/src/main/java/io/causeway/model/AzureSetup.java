package io.causeway.model;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;

/**
 * What a customer runs so Causeway may peer with their VNET (the steps of Konnect's guide, made
 * concrete for one attachment): grant admin consent to the provider's multi-tenant app in their
 * tenant, create a custom role allowed exactly the five peering actions in their subscription, and
 * assign it to the app on their VNET. A pure function of the attachment, the app id and the role
 * name; the role definition is built as a JSON tree, so it is always valid JSON.
 *
 * <p>Role names are unique per Entra tenant while the role's assignable scope is one subscription:
 * a customer peering VNETs of two subscriptions of one tenant needs two role names (Konnect's
 * documented {@code RoleDefinitionWithSameNameExists} trap). {@link #roleNameForSubscription} makes
 * such a name.
 *
 * @param adminConsentUrl {@code
 *     https://login.microsoftonline.com/{tenant}/adminconsent?client_id={app}}
 * @param roleDefinitionJson the role definition, compact JSON
 * @param roleDefinitionCommand {@code az role definition create --role-definition '<json>'}
 * @param roleAssignmentCommand {@code az role assignment create --role "<name>" --assignee <app>
 *     --scope "<vnet id>"}
 */
public record AzureSetup(
    String adminConsentUrl,
    String roleDefinitionJson,
    String roleDefinitionCommand,
    String roleAssignmentCommand) {

  /** The actions the role allows: read the VNET, manage its peerings, peer with it. */
  public static final List<String> ROLE_ACTIONS =
      List.of(
          "Microsoft.Network/virtualNetworks/read",
          "Microsoft.Network/virtualNetworks/virtualNetworkPeerings/read",
          "Microsoft.Network/virtualNetworks/virtualNetworkPeerings/write",
          "Microsoft.Network/virtualNetworks/virtualNetworkPeerings/delete",
          "Microsoft.Network/virtualNetworks/peer/action");

  /** A role name for operators that configure none. */
  public static final String DEFAULT_ROLE_NAME = "Causeway Peering Creator";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int ROLE_NAME_MAX_LENGTH = 128;
  // Characters that would end or expand the shell quoting of the generated commands.
  private static final String SHELL_SPECIAL = "\"'\\$`!";

  public AzureSetup {
    requireNonNull(adminConsentUrl, "adminConsentUrl");
    requireNonNull(roleDefinitionJson, "roleDefinitionJson");
    requireNonNull(roleDefinitionCommand, "roleDefinitionCommand");
    requireNonNull(roleAssignmentCommand, "roleAssignmentCommand");
  }

  /** Entra's authority host in Azure's public cloud. */
  public static final String PUBLIC_CLOUD_AUTHORITY_HOST = "https://login.microsoftonline.com";

  /**
   * The setup for {@code attachment}.
   *
   * @param appClientId the provider's multi-tenant app (client) id, a GUID
   * @param roleName the custom role's name, the same in both commands
   * @throws IllegalArgumentException if the app id is not a GUID, or the role name is blank, longer
   *     than 128 characters, or holds a quote, backslash, {@code $}, backtick, {@code !} or control
   *     character (operator configuration, not user input)
   */
  public static AzureSetup of(AzureVnetPeering attachment, String appClientId, String roleName) {
    return of(attachment, appClientId, roleName, URI.create(PUBLIC_CLOUD_AUTHORITY_HOST));
  }

  /**
   * The setup for {@code attachment} in the cloud whose Entra authority is {@code authorityHost}
   * (e.g. {@code https://login.microsoftonline.us} for Azure Government): the consent page lives
   * there, not in the public cloud.
   *
   * @throws IllegalArgumentException as {@link #of(AzureVnetPeering, String, String)}, or if the
   *     authority host is not an absolute https URI
   */
  public static AzureSetup of(
      AzureVnetPeering attachment, String appClientId, String roleName, URI authorityHost) {
    requireNonNull(authorityHost, "authorityHost");
    if (!"https".equalsIgnoreCase(authorityHost.getScheme()) || authorityHost.getHost() == null) {
      throw new IllegalArgumentException(
          "authority host must be an absolute https URI: " + authorityHost);
    }
    String authority = authorityHost.toString().replaceAll("/+$", "");
    requireNonNull(attachment, "attachment");
    requireNonNull(appClientId, "appClientId");
    requireNonNull(roleName, "roleName");
    if (!AzureNames.isGuid(appClientId)) {
      throw new IllegalArgumentException("app client id must be a GUID: " + appClientId);
    }
    checkRoleName(roleName);
    String appId = AzureNames.canonicalGuid(appClientId);
    String json = roleDefinition(roleName, attachment.subscriptionId()).toString();
    return new AzureSetup(
        "%s/%s/adminconsent?client_id=%s".formatted(authority, attachment.tenantId(), appId),
        json,
        "az role definition create --role-definition '" + json + "'",
        "az role assignment create --role \"%s\" --assignee %s --scope \"%s\""
            .formatted(roleName, appId, attachment.vnetResourceId()));
  }

  /** {@code base} made unique per subscription: {@code <base> (<subscription id>)}. */
  public static String roleNameForSubscription(String base, String subscriptionId) {
    return base + " (" + subscriptionId + ")";
  }

  /** The role definition as a fresh JSON tree. */
  public JsonNode roleDefinition() {
    try {
      return JSON.readTree(roleDefinitionJson);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ObjectNode roleDefinition(String roleName, String subscriptionId) {
    ObjectNode role = JSON.createObjectNode();
    role.put("Name", roleName);
    role.put("IsCustom", true);
    role.put(
        "Description",
        "Lets the Causeway peering app read this virtual network and create, update and delete"
            + " its peerings.");
    ROLE_ACTIONS.forEach(role.putArray("Actions")::add);
    role.putArray("NotActions");
    role.putArray("AssignableScopes").add("/subscriptions/" + subscriptionId);
    return role;
  }

  private static void checkRoleName(String roleName) {
    if (roleName.isBlank() || roleName.length() > ROLE_NAME_MAX_LENGTH) {
      throw new IllegalArgumentException(
          "role name must have 1-" + ROLE_NAME_MAX_LENGTH + " characters: " + roleName);
    }
    if (roleName
        .chars()
        .anyMatch(c -> SHELL_SPECIAL.indexOf(c) >= 0 || Character.isISOControl(c))) {
      throw new IllegalArgumentException(
          "role name must not contain quotes, \\, $, `, ! or control characters: " + roleName);
    }
  }
}
