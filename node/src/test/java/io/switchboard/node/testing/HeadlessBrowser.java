package io.switchboard.node.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's headless Chromium driven through its chromium-driver (Selenium WebDriver), for tests
 * that look at what a person would see: open a page, wait for a condition in the page, click and
 * type, read text, save a screenshot per step. Never downloads a browser or a driver: without
 * {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver} (apt: chromium chromium-driver) the
 * test is skipped, or fails when {@code SWITCHBOARD_REQUIRE_EXTERNAL_CLIENTS=1} (CI).
 *
 * <p>Reusable by any test: {@code try (HeadlessBrowser b = HeadlessBrowser.start(dir)) {...}}.
 */
public final class HeadlessBrowser implements AutoCloseable {
  public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  public static final Path DRIVER = Path.of("/usr/bin/chromedriver");

  private final ChromeDriver driver;
  private final Path screenshots;
  private final Path profile;

  private HeadlessBrowser(ChromeDriver driver, Path screenshots, Path profile) {
    this.driver = driver;
    this.screenshots = screenshots;
    this.profile = profile;
  }

  /** Skips the calling test when Chromium or its driver is missing (fails instead in CI). */
  public static void assumeAvailable() {
    boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
    if (!present && "1".equals(System.getenv("SWITCHBOARD_REQUIRE_EXTERNAL_CLIENTS"))) {
      throw new AssertionError("Chromium and chromium-driver are required: apt-get install chromium chromium-driver");
    }
    Assumptions.assumeTrue(present, "Chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)");
  }

  /**
   * A fresh headless browser (its own profile, so nothing is remembered between tests) saving
   * screenshots in {@code screenshots}. Certificate errors are ignored (nodes under test use
   * self-signed dev certificates).
   */
  public static HeadlessBrowser start(Path screenshots) throws IOException {
    assumeAvailable();
    Files.createDirectories(screenshots);
    Path profile = Files.createTempDirectory("chromium-profile-");
    System.setProperty("webdriver.chrome.driver", DRIVER.toString());
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--no-first-run",
        "--ignore-certificate-errors", "--window-size=1280,900",
        // Loopback only: every other host name fails without a DNS query (pages may name outside hosts).
        "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost", "--user-data-dir=" + profile);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(DRIVER.toString()))
        .usingAnyFreePort()
        .build();
    return new HeadlessBrowser(new ChromeDriver(service, options), screenshots, profile);
  }

  public void open(String url) {
    driver.get(url);
  }

  /** Evaluates {@code script} (a function body: {@code return ...;}) in the page. */
  public Object eval(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  /** Waits until {@code script} returns true in the page; fails with {@code what} and the page's log. */
  public void await(String what, String script, Duration timeout) {
    try {
      io.switchboard.persistence.testkit.Await.until(what, timeout, () -> Boolean.TRUE.equals(eval(script)));
    } catch (AssertionError e) {
      screenshot("timeout");
      List<String> log = log();
      throw new AssertionError("browser: " + what + " did not happen within " + timeout + "; page log:\n"
          + String.join("\n", log.subList(Math.max(0, log.size() - 60), log.size())), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  public WebElement find(String css) {
    return driver.findElement(By.cssSelector(css));
  }

  public List<WebElement> findAll(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  /** The visible text of the whole page. */
  public String pageText() {
    return driver.findElement(By.tagName("body")).getText();
  }

  /** Saves a PNG of the page as {@code <screenshots>/<name>.png}; returns its path. */
  public Path screenshot(String name) {
    Path target = screenshots.resolve(name + ".png");
    try {
      Path shot = driver.getScreenshotAs(OutputType.FILE).toPath();
      Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);
      return target;
    } catch (IOException e) {
      throw new IllegalStateException("cannot save screenshot " + target, e);
    }
  }

  /** The page's console messages so far (and since the last call). */
  public List<String> log() {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::toString).toList();
  }

  @Override
  public void close() {
    driver.quit();
    try (var files = Files.walk(profile)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temp directory left behind
    }
  }
}
