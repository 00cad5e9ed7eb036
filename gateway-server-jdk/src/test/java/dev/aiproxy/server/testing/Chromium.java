package dev.aiproxy.server.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Headless Chromium from Debian's packages ({@code chromium}, {@code chromium-driver}), driven through Selenium with
 * the driver's path given, so Selenium Manager never looks for (or downloads) a driver or a browser. Without them the
 * test is skipped, except under {@code CI=true}, where it fails ({@code ./gateway test} installs them). Paths may be
 * set with {@code CHROME_BIN} and {@code CHROMEDRIVER}.
 */
public final class Chromium implements AutoCloseable {
    private static final List<String> BROWSERS = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser");
    private static final List<String> DRIVERS = List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");

    private final ChromeDriver driver;
    private final Path profile;

    private Chromium(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** A new headless browser, 1280 px wide; skips (or fails under CI) when Chromium or its driver is missing. */
    public static Chromium start() {
        Path browser = find("CHROME_BIN", BROWSERS);
        Path driverBinary = find("CHROMEDRIVER", DRIVERS);
        if (browser == null || driverBinary == null) {
            String why = "Chromium and its driver are not installed (apt-get install chromium chromium-driver; "
                    + "or set CHROME_BIN and CHROMEDRIVER)";
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(why + ": under CI=true the dashboard's browser tests must run");
            }
            Assumptions.abort(why);
        }
        System.setProperty("webdriver.chrome.driver", driverBinary.toString());
        // Selenium Manager is not asked for anything when the driver and browser are given; this keeps it offline too
        System.setProperty("SE_OFFLINE", "true");
        try {
            Path profile = Files.createTempDirectory("gw-chromium-");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(browser.toFile());
            options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                    "--user-data-dir=" + profile, "--window-size=1280,900", "--no-first-run",
                    "--disable-extensions", "--disable-background-networking", "--disable-sync",
                    "--disable-component-update", "--lang=en-US");
            LoggingPreferences logs = new LoggingPreferences();
            logs.enable(LogType.BROWSER, Level.ALL);
            options.setCapability("goog:loggingPrefs", logs);
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(driverBinary.toFile()).usingAnyFreePort()
                    .withTimeout(Duration.ofSeconds(60)).build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
            return new Chromium(driver, profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path find(String variable, List<String> candidates) {
        String set = System.getenv(variable);
        if (set != null && !set.isBlank()) {
            return Files.isExecutable(Path.of(set)) ? Path.of(set) : null;
        }
        return candidates.stream().map(Path::of).filter(Files::isExecutable).findFirst().orElse(null);
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** The console's messages since the last call (each call drains them). */
    public List<LogEntry> console() {
        return driver.manage().logs().get(LogType.BROWSER).getAll();
    }

    /** Sets the viewport's width (the window is a little wider than its viewport). */
    public void width(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
        Number inner = (Number) driver.executeScript("return window.innerWidth");
        int extra = width - inner.intValue();
        if (extra != 0) {
            driver.manage().window().setSize(new Dimension(width + extra, height));
        }
    }

    /** A screenshot of the whole page, saved at {@code file}. */
    public void screenshot(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Number height = (Number) driver.executeScript("return document.documentElement.scrollHeight");
            Dimension before = driver.manage().window().getSize();
            driver.manage().window().setSize(new Dimension(before.width, Math.min(4000, height.intValue() + 140)));
            File shot = driver.getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            driver.manage().window().setSize(before);
        } catch (IOException e) {
            throw new UncheckedIOException("saving a screenshot at " + file, e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a temporary profile left behind is harmless; the test's result does not depend on it
            }
        }
    }
}
