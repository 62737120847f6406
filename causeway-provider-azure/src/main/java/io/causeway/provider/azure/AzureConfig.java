package io.causeway.provider.azure;

import static java.util.Objects.requireNonNull;

import io.causeway.model.AzureNames;
import io.causeway.model.AzureSetup;
import io.causeway.model.ProviderRegion;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The operator's Azure configuration, read from {@code CAUSEWAY_AZURE_*} environment variables.
 * The client secret is held in {@link Credential.Secret}, whose {@code toString} never shows it.
 *
 * @param tenantId the provider's Entra tenant (home of the multi-tenant app)
 * @param clientId the multi-tenant app's client id
 * @param credential client secret or certificate
 * @param subscriptionId the provider subscription that holds the networks
 * @param resourceGroup the resource group for provider VNETs (must exist)
 * @param armEndpoint {@code https://management.azure.com} unless a sovereign cloud or a test double
 * @param authorityHost {@code https://login.microsoftonline.com} likewise
 * @param regions the regions offered, each with zones {@code <region>-az1..3}
 * @param roleName base name of the customer's custom role (made unique per subscription)
 */
record AzureConfig(
    String tenantId,
    String clientId,
    Credential credential,
    String subscriptionId,
    String resourceGroup,
    URI armEndpoint,
    URI authorityHost,
    List<ProviderRegion> regions,
    String roleName) {

  static final String TENANT_ID = "CAUSEWAY_AZURE_TENANT_ID";
  static final String CLIENT_ID = "CAUSEWAY_AZURE_CLIENT_ID";
  static final String CLIENT_SECRET = "CAUSEWAY_AZURE_CLIENT_SECRET";
  static final String CLIENT_CERTIFICATE = "CAUSEWAY_AZURE_CLIENT_CERTIFICATE";
  static final String CLIENT_CERTIFICATE_PASSWORD = "CAUSEWAY_AZURE_CLIENT_CERTIFICATE_PASSWORD";
  static final String SUBSCRIPTION_ID = "CAUSEWAY_AZURE_SUBSCRIPTION_ID";
  static final String RESOURCE_GROUP = "CAUSEWAY_AZURE_RESOURCE_GROUP";
  static final String ARM_ENDPOINT = "CAUSEWAY_AZURE_ARM_ENDPOINT";
  static final String AUTHORITY_HOST = "CAUSEWAY_AZURE_AUTHORITY_HOST";
  static final String REGIONS = "CAUSEWAY_AZURE_REGIONS";
  static final String ROLE_NAME = "CAUSEWAY_AZURE_ROLE_NAME";

  static final String DEFAULT_ARM_ENDPOINT = "https://management.azure.com";
  static final String DEFAULT_AUTHORITY_HOST = "https://login.microsoftonline.com";
  static final String DEFAULT_REGIONS = "eastus2,westus2,westeurope,northeurope";

  AzureConfig {
    requireNonNull(tenantId, "tenantId");
    requireNonNull(clientId, "clientId");
    requireNonNull(credential, "credential");
    requireNonNull(subscriptionId, "subscriptionId");
    requireNonNull(resourceGroup, "resourceGroup");
    requireNonNull(armEndpoint, "armEndpoint");
    requireNonNull(authorityHost, "authorityHost");
    regions = List.copyOf(regions);
    requireNonNull(roleName, "roleName");
  }

  /** How the app proves its identity to Entra. */
  sealed interface Credential {
    /** A client secret; never printed. */
    record Secret(String value) implements Credential {
      public Secret {
        requireNonNull(value, "value");
      }

      @Override
      public String toString() {
        return "Secret[value=<redacted>]";
      }
    }

    /**
     * A certificate: a PKCS12 file ({@code .pfx}/{@code .p12}, optional password) or a PEM file
     * holding the private key (PKCS#8) and the certificate.
     */
    record Certificate(Path path, Optional<Secret> password) implements Credential {
      public Certificate {
        requireNonNull(path, "path");
        requireNonNull(password, "password");
      }
    }
  }

  /** Either the configuration or every problem with the environment. */
  sealed interface Parsed {
    record Ok(AzureConfig config) implements Parsed {}

    record Problems(List<String> problems) implements Parsed {
      public Problems {
        problems = List.copyOf(problems);
      }
    }
  }

  static Parsed fromEnvironment(Map<String, String> env) {
    List<String> missing = new ArrayList<>();
    List<String> invalid = new ArrayList<>();
    String tenant = required(env, TENANT_ID, missing);
    String client = required(env, CLIENT_ID, missing);
    String subscription = required(env, SUBSCRIPTION_ID, missing);
    String group = required(env, RESOURCE_GROUP, missing);
    Optional<String> secret = optional(env, CLIENT_SECRET);
    Optional<String> certificate = optional(env, CLIENT_CERTIFICATE);
    if (secret.isEmpty() && certificate.isEmpty()) {
      missing.add(CLIENT_SECRET + " or " + CLIENT_CERTIFICATE);
    }
    for (var guid : List.of(Map.entry(TENANT_ID, tenant), Map.entry(CLIENT_ID, client),
        Map.entry(SUBSCRIPTION_ID, subscription))) {
      if (!guid.getValue().isEmpty() && !AzureNames.isGuid(guid.getValue())) {
        invalid.add(guid.getKey() + ": " + guid.getValue() + " (expected: a GUID)");
      }
    }
    URI arm = endpoint(env, ARM_ENDPOINT, DEFAULT_ARM_ENDPOINT, invalid);
    URI authority = endpoint(env, AUTHORITY_HOST, DEFAULT_AUTHORITY_HOST, invalid);
    if (!missing.isEmpty() || !invalid.isEmpty()) {
      List<String> problems = new ArrayList<>();
      if (!missing.isEmpty()) {
        problems.add("missing " + String.join(", ", missing));
      }
      problems.addAll(invalid);
      return new Parsed.Problems(problems);
    }
    Credential credential = certificate
        .<Credential>map(path -> new Credential.Certificate(Path.of(path),
            optional(env, CLIENT_CERTIFICATE_PASSWORD).map(Credential.Secret::new)))
        .orElseGet(() -> new Credential.Secret(secret.orElseThrow()));
    return new Parsed.Ok(new AzureConfig(
        AzureNames.canonicalGuid(tenant), AzureNames.canonicalGuid(client), credential,
        AzureNames.canonicalGuid(subscription), group, arm, authority,
        regions(optional(env, REGIONS).orElse(DEFAULT_REGIONS)),
        optional(env, ROLE_NAME).orElse(AzureSetup.DEFAULT_ROLE_NAME)));
  }

  private static List<ProviderRegion> regions(String names) {
    return Arrays.stream(names.split(","))
        .map(String::trim)
        .filter(name -> !name.isEmpty())
        .map(name -> name.toLowerCase(Locale.ROOT))
        .distinct()
        .map(name -> new ProviderRegion(name, List.of(name + "-az1", name + "-az2", name + "-az3")))
        .toList();
  }

  private static URI endpoint(
      Map<String, String> env, String name, String fallback, List<String> invalid) {
    String value = optional(env, name).orElse(fallback);
    while (value.endsWith("/")) {
      value = value.substring(0, value.length() - 1);
    }
    try {
      URI uri = URI.create(value);
      if (!"https".equals(uri.getScheme()) || uri.getHost() == null) {
        invalid.add(name + ": " + value + " (expected: an https:// URL)");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      invalid.add(name + ": " + value + " (expected: an https:// URL)");
      return URI.create(fallback);
    }
  }

  private static String required(Map<String, String> env, String name, List<String> missing) {
    Optional<String> value = optional(env, name);
    if (value.isEmpty()) {
      missing.add(name);
    }
    return value.orElse("");
  }

  private static Optional<String> optional(Map<String, String> env, String name) {
    return Optional.ofNullable(env.get(name)).map(String::trim).filter(v -> !v.isEmpty());
  }

  /** The role name shown to customers of {@code subscriptionId}: unique per subscription. */
  String roleNameFor(String customerSubscriptionId) {
    return AzureSetup.roleNameForSubscription(roleName, customerSubscriptionId);
  }

  /** The scope every token is requested for: {@code <arm endpoint>/.default}. */
  String armScope() {
    return armEndpoint + "/.default";
  }
}
