package io.causeway.testkit;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium and chromedriver, started headless with nothing that phones home. The driver
 * path is always given, so Selenium Manager never downloads anything. Modules that use it declare
 * {@code selenium-java} themselves (it is optional here, so provider tests do not carry it).
 */
public final class Chromium {
  public static final Path BROWSER =
      Path.of(Optional.ofNullable(System.getenv("CAUSEWAY_CHROMIUM")).orElse("/usr/bin/chromium"));
  public static final Path DRIVER =
      Path.of(
          Optional.ofNullable(System.getenv("CAUSEWAY_CHROMEDRIVER"))
              .orElse("/usr/bin/chromedriver"));
  public static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private Chromium() {}

  /** Skips the calling test class loudly, or fails it when CAUSEWAY_REQUIRE_BROWSER=1. */
  public static void requireOrSkip() {
    if (isPresent()) {
      return;
    }
    String message =
        "Browser tests need "
            + BROWSER
            + " and "
            + DRIVER
            + " (apt-get install -y chromium chromium-driver)";
    if ("1".equals(System.getenv("CAUSEWAY_REQUIRE_BROWSER"))) {
      fail(message + "; CAUSEWAY_REQUIRE_BROWSER=1 forbids skipping");
    }
    System.err.println("!!!!!!!! SKIPPED: " + message + " !!!!!!!!");
    Assumptions.abort("SKIPPED LOUDLY: " + message);
  }

  public static boolean isPresent() {
    return Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER);
  }

  public static ChromeDriver start(Path userDataDir) {
    System.setProperty("webdriver.chrome.driver", DRIVER.toString());
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BROWSER.toFile());
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1280,1000",
        "--user-data-dir=" + userDataDir.toAbsolutePath());
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(DRIVER.toFile())
            .usingAnyFreePort()
            .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
    return driver;
  }

  public static Path screenshot(ChromeDriver driver, String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Path file = SCREENSHOTS.resolve(name + ".png");
      Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
