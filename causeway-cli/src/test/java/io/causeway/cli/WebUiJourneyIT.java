package io.causeway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.causeway.controlplane.ControlPlane;
import io.causeway.controlplane.ControlPlaneOptions;
import io.causeway.testkit.Chromium;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;

/**
 * The web UI in headless Chromium against a real in-process control plane (simulated provider):
 * sign in, create a network, peer it with an Azure VNET with an M-N DNS mapping, check what the
 * API stored, delete the peering, sign out. The UI module's own browser tests use a fake API;
 * this one proves the UI and the real API agree.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebUiJourneyIT {
  private static final String TENANT = "6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b";
  private static final String SUBSCRIPTION = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  @TempDir static Path dataDir;
  @TempDir static Path profile;
  private ControlPlane controlPlane;
  private String token;
  private ChromeDriver driver;

  @BeforeAll
  void start() {
    Chromium.requireOrSkip();
    controlPlane =
        ControlPlane.start(
            new ControlPlaneOptions(
                dataDir,
                "127.0.0.1",
                0,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                "simulated",
                Duration.ofMillis(200),
                true,
                Map.of()));
    token = controlPlane.newAdminToken().orElseThrow();
    driver = Chromium.start(profile);
  }

  @AfterAll
  void stop() {
    if (driver != null) {
      driver.quit();
    }
    if (controlPlane != null) {
      controlPlane.close();
    }
  }

  @Test
  @Timeout(value = 240, unit = TimeUnit.SECONDS)
  void peersANewNetworkWithAnMToNDnsMappingThroughTheUiAndTheApiStoresIt() {
    signIn();
    String networkId = createReadyNetwork("journey", "10.0.0.0/16");

    find(By.id("configure-peering")).click();
    fillAzureFieldsFixingAWrongTenant();
    find(By.id("wizard-next")).click();
    enterDnsMappingFixingAWrongAddress();

    // The Azure steps of this attachment, then "I have done this" until the peering is ready.
    find(By.id("step-3"));
    assertThat(find(By.id("consent-link")).getAttribute("href"))
        .startsWith("https://login.microsoftonline.com/" + TENANT + "/adminconsent");
    assertThat(text(By.id("role-assignment-command")))
        .contains("/subscriptions/" + SUBSCRIPTION + "/resourceGroups/rg-prod");
    screenshot("journey-azure-setup");
    find(By.id("verify")).click();
    WebElement ready = find(By.id("peering-ready"));
    assertThat(ready.getText()).contains("internal.example.com, corp.example.com, db.example.net");
    assertThat(text(By.id("dns-table"))).contains("10.0.0.4, 10.0.0.5", "10.0.1.4");

    JsonNode gateway = onlyTransitGateway(networkId);
    assertThat(gateway.get("state").asText()).isEqualTo("ready");
    assertThat(gateway.get("dns_config"))
        .isEqualTo(
            Api.JSON.valueToTree(
                List.of(
                    Map.of(
                        "domain_proxy_list",
                        List.of("internal.example.com", "corp.example.com"),
                        "remote_dns_server_ip_addresses",
                        List.of("10.0.0.4", "10.0.0.5")),
                    Map.of(
                        "domain_proxy_list",
                        List.of("db.example.net"),
                        "remote_dns_server_ip_addresses",
                        List.of("10.0.1.4")))));

    find(By.id("delete-peering")).click();
    WebElement dialog = find(By.tagName("dialog"));
    assertThat(dialog.getText()).contains("Delete VNET peering prod-vnet?", "rg-prod / vnet-prod");
    dialog.findElement(By.cssSelector("[data-action='confirm']")).click();
    awaitText(By.cssSelector(".empty"), "No VNET peering yet");
    await()
        .atMost(PATIENCE)
        .untilAsserted(() -> assertThat(transitGateways(networkId).get("data")).isEmpty());
    assertThat(text(By.tagName("h1"))).contains("journey");
    Path shot = screenshot("journey-network-final");
    assertThat(shot).isNotEmptyFile();

    find(By.id("sign-out")).click();
    find(By.id("token"));
    driver.navigate().refresh();
    find(By.id("token"));
  }

  private void signIn() {
    driver.get(controlPlane.apiUri().toString());
    WebElement field = find(By.id("token"));
    field.sendKeys("cw_wrong_token", Keys.ENTER);
    awaitText(By.id("token-error"), "not accepted");
    retype(field, token);
    field.sendKeys(Keys.ENTER);
    awaitText(By.tagName("h1"), "Networks");
  }

  private String createReadyNetwork(String name, String cidr) {
    find(By.linkText("Create network")).click();
    Select account = new Select(field("cloud_gateway_provider_account_id"));
    assertThat(account.getFirstSelectedOption().getText()).contains("simulated");
    Select region = new Select(field("region"));
    region.selectByValue("local");
    WebElement zone =
        await()
            .atMost(PATIENCE)
            .ignoreExceptions()
            .until(() -> driver.findElement(By.cssSelector("[data-zone='local-2']")), z -> true);
    if (!zone.isSelected()) {
      zone.click();
    }
    field("name").sendKeys(name);
    field("cidr_block").sendKeys(cidr);
    assertThat(text(error("cidr_block"))).isEmpty();
    driver.findElement(By.cssSelector("form button[type='submit']")).click();
    awaitText(By.tagName("h1"), name);
    await()
        .atMost(PATIENCE)
        .ignoreExceptions()
        .until(() -> !driver.findElements(By.cssSelector("h1 [data-state='ready']")).isEmpty());
    assertThat(text(By.cssSelector(".facts"))).contains(cidr, "local");
    screenshot("journey-network-ready");
    String networkId = (String) driver.executeScript("return location.hash.split('/')[2]");
    JsonNode network = get("/v2/cloud-gateways/networks/" + networkId);
    assertThat(network.get("state").asText()).isEqualTo("ready");
    assertThat(network.get("cidr_block").asText()).isEqualTo(cidr);
    return networkId;
  }

  private void fillAzureFieldsFixingAWrongTenant() {
    field("name").sendKeys("prod-vnet");
    WebElement tenant = field("transit_gateway_attachment_config.tenant_id");
    tenant.sendKeys("6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4", Keys.TAB);
    awaitText(error("transit_gateway_attachment_config.tenant_id"), "GUID");
    assertThat(tenant.getAttribute("aria-invalid")).isEqualTo("true");
    screenshot("journey-wrong-tenant");
    retype(tenant, TENANT);
    tenant.sendKeys(Keys.TAB);
    assertThat(text(error("transit_gateway_attachment_config.tenant_id"))).isEmpty();
    field("transit_gateway_attachment_config.subscription_id").sendKeys(SUBSCRIPTION);
    field("transit_gateway_attachment_config.resource_group_name").sendKeys("rg-prod");
    field("transit_gateway_attachment_config.vnet_name").sendKeys("vnet-prod");
  }

  /** Two domains to two servers plus one domain to one server; one server typed wrong first. */
  private void enterDnsMappingFixingAWrongAddress() {
    find(By.id("dns-add-row")).click();
    field("dns_config.0.domain_proxy_list.0").sendKeys("internal.example.com");
    addIn(0, "domain");
    field("dns_config.0.domain_proxy_list.1").sendKeys("corp.example.com");
    field("dns_config.0.remote_dns_server_ip_addresses.0").sendKeys("10.0.0.4");
    addIn(0, "ip");
    field("dns_config.0.remote_dns_server_ip_addresses.1").sendKeys("10.0.0.300");
    find(By.id("dns-add-row")).click();
    field("dns_config.1.domain_proxy_list.0").sendKeys("db.example.net");
    field("dns_config.1.remote_dns_server_ip_addresses.0").sendKeys("10.0.1.4");
    find(By.id("wizard-create")).click();
    awaitText(error("dns_config.0.remote_dns_server_ip_addresses.1"), "10.0.0.300");
    // The client lets it through; the real API refuses it and the UI puts that on the field.
    assertThat(text(By.cssSelector(".error-summary")))
        .contains("The API refused this", "1 problem", "expected: an IPv4 or IPv6 address");
    assertThat(transitGateways(currentNetworkId()).get("data")).isEmpty();
    screenshot("journey-dns-error");
    retype(field("dns_config.0.remote_dns_server_ip_addresses.1"), "10.0.0.5");
    find(By.id("wizard-create")).click();
  }

  private JsonNode onlyTransitGateway(String networkId) {
    JsonNode list = transitGateways(networkId).get("data");
    assertThat(list).hasSize(1);
    return list.get(0);
  }

  private JsonNode transitGateways(String networkId) {
    return get("/v2/cloud-gateways/networks/" + networkId + "/transit-gateways");
  }

  private String currentNetworkId() {
    return (String) driver.executeScript("return location.hash.split('/')[2]");
  }

  private JsonNode get(String path) {
    HttpRequest request =
        HttpRequest.newBuilder(controlPlane.apiUri().resolve(path))
            .header("Authorization", "Bearer " + token)
            .timeout(Duration.ofSeconds(10))
            .GET()
            .build();
    try (HttpClient client = HttpClient.newHttpClient()) {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
      return Api.JSON.readTree(response.body());
    } catch (IOException e) {
      throw new AssertionError(path, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(path, e);
    }
  }

  private WebElement find(By by) {
    return await()
        .atMost(PATIENCE)
        .ignoreExceptions()
        .until(() -> driver.findElement(by), WebElement::isDisplayed);
  }

  private WebElement field(String path) {
    return find(By.cssSelector("[data-field='" + path + "']"));
  }

  private static By error(String path) {
    return By.cssSelector("[data-error-for='" + path + "']");
  }

  private void addIn(int row, String kind) {
    find(By.cssSelector("[data-row='" + row + "'] [data-add='" + kind + "']")).click();
  }

  private void awaitText(By by, String needle) {
    await()
        .atMost(PATIENCE)
        .ignoreExceptions()
        .untilAsserted(() -> assertThat(text(by)).contains(needle));
  }

  private String text(By by) {
    return driver.findElement(by).getAttribute("textContent").strip();
  }

  private static void retype(WebElement input, String value) {
    input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
    input.sendKeys(value);
  }

  private Path screenshot(String name) {
    return Chromium.screenshot(driver, name);
  }
}
