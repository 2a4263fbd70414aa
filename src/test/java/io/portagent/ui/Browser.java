package io.portagent.ui;

import io.portagent.testing.TestFiles;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless chromium driven by its chromedriver (both from apt, nothing downloaded), with
 * a fresh profile, for one test class: register it on a static field, and it starts before the
 * class and quits after it. Waits have deadlines; screenshots go to {@code target/screenshots/}.
 */
public final class Browser implements BeforeAllCallback, AfterAllCallback {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Pattern REFUSED = Pattern.compile("/api/\\S+ - Failed to load resource: the server"
            + " responded with a status of 40[013] ");

    private final int width;
    private final int height;
    private final boolean phone;
    private final String language;
    private ChromeDriver driver;
    private Path profile;

    private Browser(int width, int height, boolean phone, String language) {
        this.width = width;
        this.height = height;
        this.phone = phone;
        this.language = language;
    }

    /** A desktop-sized window, in English whatever the machine's locale. */
    public static Browser desktop() {
        return new Browser(1280, 860, false, "en-US");
    }

    /**
     * A desktop-sized window whose user speaks {@code language} (a BCP 47 tag such as zh-CN): the
     * browser's own --lang and the languages it asks pages for.
     */
    public static Browser desktopIn(String language) {
        return new Browser(1280, 860, false, language);
    }

    /** A phone: the viewport is emulated exactly, as the device toolbar does. */
    public static Browser phone(int width, int height) {
        return phoneIn("en-US", width, height);
    }

    /** A phone whose user speaks {@code language}, as {@link #desktopIn(String)}. */
    public static Browser phoneIn(String language, int width, int height) {
        return new Browser(width, height, true, language);
    }

    /**
     * What is wider than the window this browser was given (tag.class and right edge, at most
     * five, innermost last), or nothing when the page does not scroll sideways. On an emulated
     * phone, content too wide widens the layout viewport (innerWidth) itself, so both are held to
     * the phone's width.
     */
    @SuppressWarnings("unchecked")
    public List<String> widerThanTheWindow() {
        return (List<String>) js("const w = arguments[0];"
                + " if (innerWidth <= w && document.documentElement.scrollWidth <= w) return [];"
                + " const wide = [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > w + 0.5);"
                + " return wide.slice(-5).map((e) => e.tagName.toLowerCase() + '.' + [...e.classList].join('.')"
                + " + ' ' + Math.round(e.getBoundingClientRect().right));", width);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        profile = TestFiles.tempDir("portagent-chromium");
        driver = start(width, height, language, profile);
        if (phone) {
            driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height,
                    "deviceScaleFactor", 2, "mobile", true));
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            if (driver != null) {
                driver.quit();
            }
        } finally {
            TestFiles.deleteTree(profile);
        }
    }

    private static ChromeDriver start(int width, int height, String language, Path profile) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("portagent.chromium", "/usr/bin/chromium"));
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--no-first-run",
                "--user-data-dir=" + profile, "--window-size=" + width + "," + height, "--lang=" + language);
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", language));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(System.getProperty("portagent.chromedriver", "/usr/bin/chromedriver")))
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(WAIT);
        return driver;
    }

    public ChromeDriver driver() {
        if (driver == null) {
            throw new IllegalStateException("the browser is not running: register it on a static field with"
                    + " @RegisterExtension");
        }
        return driver;
    }

    public void open(URI uri) {
        driver().get(uri.toString());
    }

    public String url() {
        return driver().getCurrentUrl();
    }

    public WebElement find(String css) {
        return until(d -> {
            List<WebElement> found = d.findElements(By.cssSelector(css));
            return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
        }, "a visible " + css);
    }

    public List<WebElement> all(String css) {
        return driver().findElements(By.cssSelector(css));
    }

    public boolean present(String css) {
        return !all(css).isEmpty();
    }

    /** The field whose label reads {@code label}, exactly. */
    public WebElement field(String label) {
        return until(d -> d.findElements(By.xpath("//label[normalize-space()='" + label + "']")).stream()
                .map(l -> d.findElement(By.id(l.getAttribute("for")))).findFirst().orElse(null), "field " + label);
    }

    public WebElement button(String text) {
        return until(d -> d.findElements(By.xpath("//button[normalize-space()='" + text + "']")).stream()
                .filter(WebElement::isDisplayed).findFirst().orElse(null), "button " + text);
    }

    public WebElement byLabel(String ariaLabel) {
        return find("[aria-label=\"" + ariaLabel + "\"]");
    }

    public void type(WebElement input, String text) {
        input.clear();
        input.sendKeys(text);
    }

    public String text(String css) {
        return find(css).getText();
    }

    public void awaitText(String css, String expected) {
        until(d -> d.findElements(By.cssSelector(css)).stream().anyMatch(e -> e.getText().contains(expected)) ? true
                : null, "'" + expected + "' in " + css);
    }

    public void awaitUrlEndsWith(String suffix) {
        until(d -> d.getCurrentUrl().endsWith(suffix) ? true : null, "URL ending " + suffix);
    }

    public void awaitGone(String css) {
        until(d -> d.findElements(By.cssSelector(css)).isEmpty() ? true : null, "no " + css);
    }

    public <T> T until(Function<WebDriver, T> condition, String what) {
        // a page that re-renders can replace an element between finding it and reading it: look again
        return new WebDriverWait(driver(), WAIT).withMessage("waiting for " + what)
                .ignoring(StaleElementReferenceException.class).until(condition::apply);
    }

    public Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver()).executeScript(script, args);
    }

    public String localStorage(String key) {
        return (String) js("return localStorage.getItem(arguments[0]);", key);
    }

    /** Console lines at SEVERE level, e.g. CSP violations or uncaught errors. */
    public List<String> consoleErrors() {
        return driver().manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::getMessage).toList();
    }

    /**
     * {@link #consoleErrors()} but for the API's refusals (Chrome logs every 4xx answer as a failed
     * resource), for pages where a test provokes a 400, 401 or 403 on purpose. A 404 still counts.
     */
    public List<String> consoleErrorsButRefusals() {
        return consoleErrors().stream().filter(e -> !REFUSED.matcher(e).find()).toList();
    }

    public Path screenshot(String name) {
        try {
            Path dir = screenshotDir();
            Files.createDirectories(dir);
            Path target = dir.resolve(name + ".png");
            Files.copy(driver().getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path screenshotDir() {
        String war = System.getProperty("portagent.war", "target/portagent.war");
        return Path.of(war).toAbsolutePath().getParent().resolve("screenshots");
    }

}
