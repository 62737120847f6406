package io.causeway.provider.azure;

import io.causeway.model.AzureSetup;
import io.causeway.model.AzureVnetPeering;
import io.causeway.model.NetworkProvider;
import io.causeway.model.NetworkProviderFactory.Availability;
import io.causeway.model.ProviderSettings;
import io.causeway.testkit.FakeArm;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Azure world of the tests: a {@link FakeArm} with the operator's tenant, app, subscription
 * and resource group, one customer tenant, and providers built against it exactly as the factory
 * builds them from the environment (only the TLS trust, pauses and budgets differ).
 */
final class FakeAzure implements AutoCloseable {
  static final String PROVIDER_TENANT = "11111111-1111-4111-8111-111111111111";
  static final String APP = "22222222-2222-4222-8222-222222222222";
  static final String SECRET = "s3cr3t-value-never-shown";
  static final String PROVIDER_SUBSCRIPTION = "33333333-3333-4333-8333-333333333333";
  static final String PROVIDER_GROUP = "causeway-networks";
  static final String CUSTOMER_TENANT = "44444444-4444-4444-8444-444444444444";
  static final String CUSTOMER_SUBSCRIPTION = "55555555-5555-4555-8555-555555555555";
  static final String CUSTOMER_GROUP = "customer-rg";
  static final String REGION = "eastus2";

  final FakeArm arm;
  final List<Duration> pauses = new ArrayList<>();
  private int vnets;

  FakeAzure() {
    this(Clock.systemUTC());
  }

  /** A world whose ARM fake (outages, client assertions) follows {@code clock}. */
  FakeAzure(Clock clock) {
    arm = FakeArm.start(clock)
        .registerApp(APP, PROVIDER_TENANT, SECRET)
        .subscription(PROVIDER_SUBSCRIPTION, PROVIDER_TENANT)
        .resourceGroup(PROVIDER_SUBSCRIPTION, PROVIDER_GROUP)
        .assignRole(PROVIDER_TENANT, "/subscriptions/" + PROVIDER_SUBSCRIPTION
            + "/resourceGroups/" + PROVIDER_GROUP, FakeArm.ALL_ACTIONS)
        .subscription(CUSTOMER_SUBSCRIPTION, CUSTOMER_TENANT)
        .resourceGroup(CUSTOMER_SUBSCRIPTION, CUSTOMER_GROUP);
  }

  Map<String, String> environment() {
    Map<String, String> env = new HashMap<>();
    env.put("CAUSEWAY_AZURE_TENANT_ID", PROVIDER_TENANT);
    env.put("CAUSEWAY_AZURE_CLIENT_ID", APP);
    env.put("CAUSEWAY_AZURE_CLIENT_SECRET", SECRET);
    env.put("CAUSEWAY_AZURE_SUBSCRIPTION_ID", PROVIDER_SUBSCRIPTION);
    env.put("CAUSEWAY_AZURE_RESOURCE_GROUP", PROVIDER_GROUP);
    env.put("CAUSEWAY_AZURE_ARM_ENDPOINT", arm.armEndpoint());
    env.put("CAUSEWAY_AZURE_AUTHORITY_HOST", arm.authorityHost());
    env.put("CAUSEWAY_AZURE_REGIONS", REGION + ",westeurope");
    return env;
  }

  /** A provider with fast polls; pauses it asks for are recorded (and slept, briefly). */
  NetworkProvider provider() {
    return provider(environment(), Duration.ofSeconds(5));
  }

  NetworkProvider provider(Map<String, String> env, Duration budget) {
    Pause pause = d -> {
      synchronized (pauses) {
        pauses.add(d);
      }
      // The fake answers at once; a short real pause keeps the loop from spinning.
      Pause.sleeping().pause(Duration.ofMillis(Math.min(d.toMillis(), 5)));
    };
    ArmClient.Timing timing = new ArmClient.Timing(Duration.ofSeconds(2), Duration.ofMillis(1),
        Duration.ofSeconds(30), Duration.ofMillis(1));
    Availability availability = AzureProviderFactory.create(
        new ProviderSettings(Path.of("unused"), env, Duration.ZERO),
        arm.clientSslContext(), Clock.systemUTC(), pause, timing, budget);
    return ((Availability.Available) availability).provider();
  }

  /** A provider with the given clock, pause and client timings (fault tests). */
  NetworkProvider provider(Clock clock, Pause pause, ArmClient.Timing timing, Duration budget) {
    Availability availability = AzureProviderFactory.create(
        new ProviderSettings(Path.of("unused"), environment(), Duration.ZERO),
        arm.clientSslContext(), clock, pause, timing, budget);
    return ((Availability.Available) availability).provider();
  }

  /** A customer VNET with consent granted and the peering role assigned on it. */
  AzureVnetPeering customerVnet(String cidr) {
    AzureVnetPeering vnet = bareCustomerVnet(cidr);
    arm.grantConsent(CUSTOMER_TENANT);
    arm.assignRole(CUSTOMER_TENANT, vnet.vnetResourceId(), AzureSetup.ROLE_ACTIONS);
    return vnet;
  }

  /** A customer VNET with neither consent nor role. */
  AzureVnetPeering bareCustomerVnet(String cidr) {
    vnets++;
    String name = "customer-vnet-" + vnets;
    arm.vnet(CUSTOMER_SUBSCRIPTION, CUSTOMER_GROUP, name, REGION, List.of(cidr));
    return new AzureVnetPeering(CUSTOMER_TENANT, CUSTOMER_SUBSCRIPTION, CUSTOMER_GROUP, name);
  }

  @Override
  public void close() {
    arm.close();
  }
}
