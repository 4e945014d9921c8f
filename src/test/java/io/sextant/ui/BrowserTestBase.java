package io.sextant.ui;

import io.quarkus.test.common.http.TestHTTPResource;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
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
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What the browser tests share: Debian's Chromium headless through its chromedriver (nothing is
 * downloaded), pointed at the running test server; signing in, asking, the axe-core check for
 * serious or critical accessibility problems, the console's errors, and a screenshot in {@code
 * target/browser-screenshots} for each failing test.
 */
abstract class BrowserTestBase {

    private static final Path SCREENSHOTS = Path.of("target/browser-screenshots");
    private static final Path AXE = Path.of("src/test/browser/node_modules/axe-core/axe.min.js");
    protected static ChromeDriver driver;
    protected static Path downloads;

    @TestHTTPResource("/")
    protected URL base;

    @RegisterExtension
    final TestWatcher screenshots = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            try {
                Files.createDirectories(SCREENSHOTS);
                Files.write(
                        SCREENSHOTS.resolve(context.getRequiredTestMethod().getName() + ".png"),
                        driver.getScreenshotAs(OutputType.BYTES));
            } catch (IOException | RuntimeException e) {
                cause.addSuppressed(e);
            }
        }
    };

    @BeforeAll
    static void startBrowser() throws IOException {
        downloads = Files.createTempDirectory("sextant-downloads");
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,1000");
        options.setExperimentalOption(
                "prefs",
                Map.of("download.default_directory", downloads.toString(), "download.prompt_for_download", false));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new java.io.File("/usr/bin/chromedriver"))
                .build();
        driver = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stopBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    @BeforeEach
    protected void signedOut() {
        driver.get(base.toString() + "signin.html");
        driver.manage().deleteAllCookies();
        driver.manage().logs().get(LogType.BROWSER); // start each test with an empty console
    }

    protected WebDriverWait waiting() {
        return new WebDriverWait(driver, Duration.ofSeconds(30));
    }

    protected void signIn(String user) {
        driver.get(base.toString() + "signin.html");
        driver.findElement(By.id("user")).sendKeys(user);
        driver.findElement(By.id("password")).sendKeys("demo");
        driver.findElement(By.id("signin-button")).click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("who"), "Signed in as"));
    }

    /** Asks in the text box and returns the new answer once it has arrived. */
    protected WebElement ask(String question) {
        int before = driver.findElements(By.cssSelector(".messages .answer")).size();
        WebElement box = driver.findElement(By.id("question"));
        box.clear();
        box.sendKeys(question);
        driver.findElement(By.id("ask-button")).click();
        waiting().until(d -> d.findElements(By.cssSelector(".messages .answer")).size() > before);
        List<WebElement> answers = driver.findElements(By.cssSelector(".messages .answer"));
        return answers.get(answers.size() - 1);
    }

    /** Clicks an element once it is scrolled to the middle of the window (clear of the ask bar). */
    protected void click(WebElement element) {
        driver.executeScript("arguments[0].scrollIntoView({block: 'center'})", element);
        element.click();
    }

    protected WebElement lastAnswer() {
        List<WebElement> answers = driver.findElements(By.cssSelector(".messages .answer"));
        return answers.get(answers.size() - 1);
    }

    /** The serious and critical axe-core violations of the page as it is now. */
    protected List<String> accessibilityProblems() throws IOException {
        driver.executeScript(Files.readString(AXE));
        Object result = ((JavascriptExecutor) driver)
                .executeAsyncScript(
                        "const done = arguments[arguments.length - 1];"
                                + "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations"
                                + ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
                                + ".map(v => v.id + ': ' + v.help + ' at ' + v.nodes.map(n => n.target.join(' ')).join(', '))));");
        return ((List<?>) result).stream().map(String::valueOf).toList();
    }

    /**
     * Saves the page as {@code name}.png in the folder named by the system property {@code
     * ui.screenshots}, when it is set (the README's screenshots come from
     * {@code ./mvnw test -Dtest='*BrowserTest' -Dui.screenshots=docs}).
     */
    protected void document(String name) throws IOException {
        String folder = System.getProperty("ui.screenshots");
        if (folder != null && !folder.isBlank()) {
            Files.createDirectories(Path.of(folder));
            Files.write(Path.of(folder, name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
        }
    }

    protected List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .toList();
    }
}
