package dev.gatehouse.server.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Debian Chromium driven through its own chromedriver, for tests that go through pages as a person
 * would. Register it as a static field with {@code @RegisterExtension}: one browser per test class, every
 * cookie of every site cleared before each test.
 *
 * <p>Nothing is downloaded: the driver and the browser are named by path, so Selenium Manager is never asked,
 * and the browser runs with a fresh profile and without any of its own traffic (updates, sync, QUIC). When the
 * browser is not installed the tests are skipped with a message saying what to install; under CI
 * ({@code CI=true}) they fail instead, since a skipped browser test there would hide a missing install step.
 */
public final class Browser implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {
    public static final Path CHROMIUM = Path.of(System.getProperty("gatehouse.test.chromium", "/usr/bin/chromium"));
    public static final Path CHROMEDRIVER =
            Path.of(System.getProperty("gatehouse.test.chromedriver", "/usr/bin/chromedriver"));

    /** How long a page, a redirect chain or a condition may take before a test fails. */
    private static final Duration PATIENCE = Duration.ofSeconds(15);

    private ChromeDriver driver;
    private ChromeDriverService service;
    private Path profile;

    /** Whether {@link #CHROMIUM} and {@link #CHROMEDRIVER} are there to be run. */
    public static boolean installed() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        if (!installed()) {
            String message = "browser tests need Debian's chromium and chromium-driver (" + CHROMIUM + ", "
                    + CHROMEDRIVER + "): apt-get install chromium chromium-driver";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(message);
            }
            Assumptions.abort(message);
        }
        // Selenium Manager would look for (and download) a driver; with both paths given it is never run.
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
        profile = Files.createTempDirectory("gatehouse-chromium");
        service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withLogOutput(java.io.OutputStream.nullOutputStream())
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,900", "--lang=en-US", "--user-data-dir=" + profile);
        // English pages unless a test asks for another language (ui_locales), whatever the machine's locale
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "en-US,en"));
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(PATIENCE);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        clearCookies();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            if (driver != null) {
                driver.quit();
            }
        } finally {
            if (service != null) {
                service.close();
            }
            if (profile != null) {
                delete(profile);
            }
        }
    }

    /** Forgets every cookie of every site, as a browser just installed would have none. */
    public void clearCookies() {
        driver.executeCdpCommand("Network.clearBrowserCookies", Map.of());
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** Opens {@code uri} and waits until the page (after any redirects) has loaded. */
    public Browser open(URI uri) {
        driver.get(uri.toString());
        return this;
    }

    public Browser open(String uri) {
        return open(URI.create(uri));
    }

    /** The address the browser is at now, after every redirect. */
    public URI currentUri() {
        return URI.create(driver.getCurrentUrl());
    }

    /** The visible text of the page. */
    public String text() {
        return driver.findElement(By.tagName("body")).getText();
    }

    public String html() {
        return driver.getPageSource();
    }

    public String title() {
        return driver.getTitle();
    }

    /** The {@code lang} attribute of the page's {@code html} element. */
    public String language() {
        return driver.findElement(By.tagName("html")).getDomAttribute("lang");
    }

    /** Types {@code value} into the form field named {@code name}, replacing what was there. */
    public Browser type(String name, String value) {
        WebElement field = field(name);
        field.clear();
        field.sendKeys(value);
        return this;
    }

    /** The form field (input, select, textarea or button) named {@code name}. */
    public WebElement field(String name) {
        return driver.findElement(By.name(name));
    }

    public boolean hasField(String name) {
        return !driver.findElements(By.name(name)).isEmpty();
    }

    /** Clicks the submit button of the form that holds the field named {@code name} and waits for the next page. */
    public Browser submitFormOf(String name) {
        WebElement form = field(name).findElement(By.xpath("ancestor::form"));
        return clickAndWait(form.findElement(By.cssSelector("button[type=submit], input[type=submit], button:not([type])")));
    }

    /** Clicks the button named {@code name} with {@code value} (consent's allow or deny, say) and waits. */
    public Browser press(String name, String value) {
        List<WebElement> buttons = driver.findElements(By.cssSelector("button[name='" + name + "'], input[name='" + name + "']"));
        WebElement button = buttons.stream().filter(b -> value.equals(b.getDomAttribute("value"))).findFirst()
                .orElseThrow(() -> new AssertionError("no button " + name + "=" + value + " on " + currentUri()
                        + ":\n" + html()));
        return clickAndWait(button);
    }

    /** Follows the link whose visible text is {@code text} and waits for the next page. */
    public Browser follow(String text) {
        return clickAndWait(driver.findElement(By.linkText(text)));
    }

    /** Clicks {@code element} and waits until the browser has left the page it was on and loaded another. */
    public Browser clickAndWait(WebElement element) {
        WebElement html = driver.findElement(By.tagName("html"));
        element.click();
        waitUntil(d -> isStale(html) && "complete".equals(d.executeScript("return document.readyState")),
                "the page to change after a click on " + currentUri());
        return this;
    }

    /** Waits until the browser is at an address that {@code where} accepts (the end of a redirect chain). */
    public Browser waitForUri(Predicate<URI> where, String what) {
        waitUntil(d -> where.test(currentUri()), what);
        return this;
    }

    /** A cookie that the page now shown can see. */
    public Cookie cookie(String name) {
        return driver.manage().getCookieNamed(name);
    }

    private void waitUntil(Predicate<ChromeDriver> condition, String what) {
        try {
            new WebDriverWait(driver, PATIENCE).until(d -> condition.test((ChromeDriver) d));
        } catch (TimeoutException e) {
            throw new AssertionError("waited " + PATIENCE.toSeconds() + "s for " + what + "; now at " + currentUri()
                    + ":\n" + html(), e);
        }
    }

    /**
     * Whether the element belongs to a page the browser has left. Chromium reports that either as a stale element
     * or, while the next document is being committed, as a node that "does not belong to the document".
     */
    private static boolean isStale(WebElement element) {
        try {
            element.isEnabled();
            return false;
        } catch (org.openqa.selenium.StaleElementReferenceException e) {
            return true;
        } catch (org.openqa.selenium.WebDriverException e) {
            if (e.getMessage() != null && e.getMessage().contains("does not belong to the document")) {
                return true;
            }
            throw e;
        }
    }

    private static void delete(Path dir) {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
