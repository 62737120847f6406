package io.causeway.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.causeway.testkit.Chromium;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The gateway manager in headless Chromium against the {@link FakeApi}: the user journey of the
 * Azure VNET peering guide, with screenshots under {@code target/screenshots}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GatewayManagerIT {
  private static final String TENANT = "6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b";
  private static final String SUBSCRIPTION = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

  private ChromeDriver driver;
  private Path profile;
  private UiServer server;
  private WebDriverWait wait;

  @BeforeAll
  void startBrowser() throws Exception {
    if (!Chromium.isPresent()) {
      return;
    }
    profile = Files.createTempDirectory("causeway-ui-chromium");
    driver = Chromium.start(profile);
    wait = new WebDriverWait(driver, Duration.ofSeconds(15));
  }

  @AfterAll
  void stopBrowser() throws Exception {
    if (driver != null) {
      driver.quit();
    }
    if (profile != null) {
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @BeforeEach
  void startServer() {
    // Per test, so that each one counts as skipped (loudly) when there is no browser.
    Chromium.requireOrSkip();
    server = UiServer.start();
  }

  @AfterEach
  void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void refusesAWrongTokenThenSignsInAndOut() {
    driver.get(server.uri().toString());
    WebElement token = wait.until(ExpectedConditions.elementToBeClickable(By.id("token")));
    token.sendKeys("cw_pat_wrong", Keys.ENTER);
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.id("token-error"), "not accepted"));
    assertThat(token.getAttribute("aria-invalid")).isEqualTo("true");
    assertThat(driver.findElement(By.id("token-error")).getAttribute("role")).isEqualTo("alert");
    Chromium.screenshot(driver, "01-sign-in-refused");

    signIn();
    assertThat(text(By.cssSelector(".empty")))
        .contains("No networks yet", "Create your first network");
    assertThat(driver.manage().getCookieNamed(WebUi.COOKIE).isHttpOnly()).isTrue();
    assertThat((String) driver.executeScript("return document.cookie"))
        .doesNotContain(WebUi.COOKIE);
    assertThat(driver.getPageSource()).doesNotContain(FakeApi.TOKEN);
    Chromium.screenshot(driver, "02-networks-empty");

    driver.findElement(By.id("sign-out")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
    assertThat(driver.findElement(By.id("nav")).isDisplayed()).isFalse();
    driver.navigate().refresh();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
  }

  @Test
  void createsANetworkWithTheCidrCheckedAsYouTypeThenDeletesIt() {
    signIn();
    driver.findElement(By.linkText("Create network")).click();
    WebElement account =
        wait.until(
            ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("[data-field='cloud_gateway_provider_account_id']")));
    assertThat(new Select(account).getFirstSelectedOption().getText()).contains("simulated");
    driver.findElement(By.cssSelector("[data-field='name']")).sendKeys("edge");
    WebElement cidr = driver.findElement(By.cssSelector("[data-field='cidr_block']"));
    By cidrError = By.cssSelector("[data-error-for='cidr_block']");

    cidr.sendKeys("10.100.0.0/16");
    assertThat(text(cidrError)).contains("10.100.0.0/16 is reserved");
    retype(cidr, "10.1.0.0/24");
    assertThat(text(cidrError)).contains("prefix length must be /16 to /21");
    retype(cidr, "8.8.0.0/16");
    assertThat(text(cidrError)).contains("private range");
    retype(cidr, "10.1.0.1/16");
    assertThat(text(cidrError)).contains("did you mean 10.1.0.0/16?");
    retype(cidr, "10.1.0.0/22");
    assertThat(text(cidrError)).contains("(this is /22)");
    retype(cidr, "10.1.0.0/21");
    driver.findElement(By.cssSelector("[data-zone='local-3']")).click();
    assertThat(text(cidrError)).isEmpty();
    assertThat(text(By.cssSelector(".check-status"))).contains("2,048 addresses");
    retype(cidr, "10.1.0.0/16");
    Chromium.screenshot(driver, "03-create-network");
    cidr.sendKeys(Keys.ENTER);

    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "edge"));
    wait.until(
        ExpectedConditions.presenceOfElementLocated(By.cssSelector("h1 [data-state='ready']")));
    assertThat(text(By.cssSelector(".facts")))
        .contains("10.1.0.0/16", "local-1, local-2, local-3", "simulated");
    assertThat(text(By.cssSelector(".empty"))).contains("No VNET peering yet");
    Chromium.screenshot(driver, "04-network-detail");

    driver.findElement(By.linkText("Networks")).click();
    WebElement row =
        wait.until(
            ExpectedConditions.visibilityOfElementLocated(By.cssSelector("tr[data-network]")));
    assertThat(row.getText()).contains("edge", "simulated", "local", "10.1.0.0/16", "Ready");
    Chromium.screenshot(driver, "05-networks");

    row.findElement(By.linkText("edge")).click();
    wait.until(ExpectedConditions.elementToBeClickable(By.id("delete-network"))).click();
    WebElement dialog =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.tagName("dialog")));
    assertThat(dialog.getText()).contains("Delete network edge?", "10.1.0.0/16", "region local");
    dialog.findElement(By.cssSelector("[data-action='confirm']")).click();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.cssSelector(".empty"), "No networks yet"));
    assertThat(server.api.networksNow()).isEmpty();
  }

  @Test
  void configuresAPeeringWithAnMToNDnsMappingUntilReadyAndDeletesIt() throws Exception {
    String networkId = server.api.seedReadyNetwork("prod", "10.2.0.0/16");
    signIn();
    driver.get(server.uri() + "/#/networks/" + networkId);
    wait.until(ExpectedConditions.elementToBeClickable(By.id("configure-peering"))).click();

    // Step 1: a wrong GUID is shown on its own field as soon as the user leaves it.
    WebElement name =
        wait.until(
            ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-field='name']")));
    name.sendKeys("prod-vnet");
    WebElement tenant = field("transit_gateway_attachment_config.tenant_id");
    tenant.sendKeys("not-a-guid", Keys.TAB);
    assertThat(text(error("transit_gateway_attachment_config.tenant_id"))).contains("GUID");
    assertThat(tenant.getAttribute("aria-invalid")).isEqualTo("true");
    assertThat(tenant.getAttribute("aria-describedby"))
        .contains(
            driver
                .findElement(error("transit_gateway_attachment_config.tenant_id"))
                .getAttribute("id"));
    Chromium.screenshot(driver, "06-wizard-wrong-guid");
    retype(tenant, TENANT);
    assertThat(text(error("transit_gateway_attachment_config.tenant_id"))).isEmpty();
    field("transit_gateway_attachment_config.subscription_id").sendKeys(SUBSCRIPTION);
    field("transit_gateway_attachment_config.resource_group_name").sendKeys("rg-prod");
    field("transit_gateway_attachment_config.vnet_name").sendKeys("vnet-prod");
    driver.findElement(By.id("wizard-next")).click();

    // Step 2: two domains to two servers, and one more domain to one server; one wrong IP.
    wait.until(ExpectedConditions.elementToBeClickable(By.id("dns-add-row"))).click();
    field("dns_config.0.domain_proxy_list.0").sendKeys("internal.example.com");
    addIn(0, "domain");
    field("dns_config.0.domain_proxy_list.1").sendKeys("corp.example.com");
    field("dns_config.0.remote_dns_server_ip_addresses.0").sendKeys("10.0.0.4");
    addIn(0, "ip");
    field("dns_config.0.remote_dns_server_ip_addresses.1").sendKeys("10.0.0.300");
    addIn(0, "domain");
    field("dns_config.0.domain_proxy_list.2").sendKeys("removed.example.com");
    driver
        .findElement(By.cssSelector("[data-row='0'] li:nth-child(3) [data-remove='domain']"))
        .click();
    driver.findElement(By.id("dns-add-row")).click();
    field("dns_config.1.domain_proxy_list.0").sendKeys("db.example.net");
    field("dns_config.1.remote_dns_server_ip_addresses.0").sendKeys("10.0.1.4");
    driver.findElement(By.id("dns-add-row")).click();
    driver.findElement(By.cssSelector("[data-remove-row='2']")).click();
    driver.findElement(By.id("wizard-create")).click();

    By ipError = error("dns_config.0.remote_dns_server_ip_addresses.1");
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            ipError, "expected: an IPv4 or IPv6 address"));
    assertThat(text(By.cssSelector(".error-summary"))).contains("1 problem");
    assertThat(driver.switchTo().activeElement().getAttribute("data-field"))
        .isEqualTo("dns_config.0.remote_dns_server_ip_addresses.1");
    Chromium.screenshot(driver, "07-wizard-dns-error");
    retype(field("dns_config.0.remote_dns_server_ip_addresses.1"), "10.0.0.5");
    driver.findElement(By.id("wizard-create")).click();

    // Step 3: the Azure steps of this attachment, with copy buttons.
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("step-3")));
    JsonNode sent = server.api.transitGatewayBodies.getLast();
    assertThat(sent.get("dns_config"))
        .isEqualTo(
            json(
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
    assertThat(text(By.id("setup-note"))).contains("Simulated", "nothing is sent to Azure");
    assertThat(driver.findElement(By.id("consent-link")).getAttribute("href"))
        .contains(TENANT + "/adminconsent");
    String assignment = text(By.id("role-assignment-command"));
    assertThat(assignment)
        .contains(
            "--scope /subscriptions/"
                + SUBSCRIPTION
                + "/resourceGroups/rg-prod/providers/Microsoft.Network/virtualNetworks/vnet-prod");
    driver.findElement(By.cssSelector("[data-copy='role-assignment-command']")).click();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("toast"), "Role assignment command copied to the clipboard"));
    Chromium.screenshot(driver, "08-azure-setup");

    // Step 4: "I have done this" verifies, then the status follows the gateway to ready.
    driver.findElement(By.id("verify")).click();
    WebElement ready =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("peering-ready")));
    assertThat(ready.getText()).contains("internal.example.com, corp.example.com, db.example.net");
    assertThat(text(By.id("dns-table"))).contains("10.0.0.4, 10.0.0.5");
    Chromium.screenshot(driver, "09-peering-ready");

    // Edit the DNS forwarding in place: drop the second mapping, add a server to the first.
    driver.findElement(By.id("edit-dns")).click();
    driver.findElement(By.cssSelector("[data-remove-row='1']")).click();
    addIn(0, "ip");
    field("dns_config.0.remote_dns_server_ip_addresses.2").sendKeys("10.0.0.6");
    driver.findElement(By.id("save-dns")).click();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("dns-table"), "10.0.0.4, 10.0.0.5, 10.0.0.6"));
    assertThat(text(By.id("dns-table"))).doesNotContain("db.example.net");
    assertThat(server.api.transitGatewayBodies.getLast())
        .isEqualTo(
            json(
                Map.of(
                    "dns_config",
                    List.of(
                        Map.of(
                            "domain_proxy_list",
                            List.of("internal.example.com", "corp.example.com"),
                            "remote_dns_server_ip_addresses",
                            List.of("10.0.0.4", "10.0.0.5", "10.0.0.6"))))));

    // Delete, with a confirmation naming what goes; Escape cancels it first.
    driver.findElement(By.id("delete-peering")).click();
    WebElement dialog =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.tagName("dialog")));
    assertThat(dialog.getText())
        .contains(
            "Delete VNET peering prod-vnet?",
            "rg-prod / vnet-prod",
            SUBSCRIPTION,
            "internal.example.com, corp.example.com");
    Chromium.screenshot(driver, "10-delete-peering");
    dialog.sendKeys(Keys.ESCAPE);
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.tagName("dialog")));
    assertThat(server.api.gatewaysNow()).hasSize(1);
    driver.findElement(By.id("delete-peering")).click();
    wait.until(
            ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("dialog [data-action='confirm']")))
        .click();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.cssSelector(".empty"), "No VNET peering yet"));
    assertThat(server.api.gatewaysNow()).isEmpty();
  }

  @Test
  void listsCreatesAndDeletesControlPlanes() {
    signIn();
    driver.findElement(By.linkText("Control planes")).click();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("table"), "default"));
    WebElement name = field("name");
    name.sendKeys("p");
    driver.findElement(By.cssSelector(".inline-form button[type='submit']")).click();
    assertThat(text(error("name"))).contains("at least 2");
    name.sendKeys("ayments", Keys.ENTER);
    wait.until(
        ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-delete='payments']")));
    Chromium.screenshot(driver, "11-control-planes");
    driver.findElement(By.cssSelector("[data-delete='payments']")).click();
    WebElement dialog =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.tagName("dialog")));
    assertThat(dialog.getText()).contains("Delete control plane payments?");
    dialog.findElement(By.cssSelector("[data-action='confirm']")).click();
    wait.until(
        ExpectedConditions.invisibilityOfElementLocated(
            By.cssSelector("[data-delete='payments']")));
    assertThat(text(By.cssSelector("table"))).contains("default").doesNotContain("payments");

    driver.findElement(By.linkText("default")).click();
    WebElement nodes =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("nodes-table")));
    assertThat(nodes.findElement(By.cssSelector("tbody tr:nth-child(1)")).getText())
        .contains("dp-1", "In sync");
    assertThat(nodes.findElement(By.cssSelector("tbody tr:nth-child(2)")).getText())
        .contains("dp-2", "never", "Not in sync");
    assertThat(text(By.id("services-table")))
        .contains("orders", "http://orders.internal.example.com:8080/v1");
    assertThat(text(By.id("routes-table"))).contains("orders-api", "GET · path /orders", "orders");
    Chromium.screenshot(driver, "12-control-plane");
  }

  private static JsonNode json(Object value) {
    return FakeApi.JSON.valueToTree(value);
  }

  private void signIn() {
    driver.get(server.uri().toString());
    WebElement token = wait.until(ExpectedConditions.elementToBeClickable(By.id("token")));
    token.sendKeys(FakeApi.TOKEN, Keys.ENTER);
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Networks"));
  }

  private WebElement field(String path) {
    return wait.until(
        ExpectedConditions.visibilityOfElementLocated(
            By.cssSelector("[data-field='" + path + "']")));
  }

  private static By error(String path) {
    return By.cssSelector("[data-error-for='" + path + "']");
  }

  private void addIn(int row, String kind) {
    driver
        .findElement(By.cssSelector("[data-row='" + row + "'] [data-add='" + kind + "']"))
        .click();
  }

  private String text(By by) {
    return driver.findElement(by).getAttribute("textContent").strip();
  }

  private static void retype(WebElement input, String value) {
    input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
    input.sendKeys(value);
  }
}
