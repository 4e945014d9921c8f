package io.sextant.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
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
import org.junit.jupiter.api.Test;
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
 * The chat in a real browser: Debian's Chromium headless through its chromedriver (nothing is
 * downloaded), against the running test server. Each test checks the page with axe-core for
 * serious or critical accessibility problems and fails on console errors; a failing test leaves
 * a screenshot in {@code target/browser-screenshots}.
 */
@QuarkusTest
class ChatBrowserTest {

    private static final Path SCREENSHOTS = Path.of("target/browser-screenshots");
    private static final Path AXE = Path.of("src/test/browser/node_modules/axe-core/axe.min.js");
    private static ChromeDriver driver;
    private static Path downloads;

    @TestHTTPResource("/")
    URL base;

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
    void signedOut() {
        driver.get(base.toString() + "signin.html");
        driver.manage().deleteAllCookies();
        driver.manage().logs().get(LogType.BROWSER); // start each test with an empty console
    }

    private WebDriverWait waiting() {
        return new WebDriverWait(driver, Duration.ofSeconds(30));
    }

    private void signIn(String user) {
        driver.get(base.toString() + "signin.html");
        driver.findElement(By.id("user")).sendKeys(user);
        driver.findElement(By.id("password")).sendKeys("demo");
        driver.findElement(By.id("signin-button")).click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("who"), "Signed in as"));
    }

    /** Asks in the text box and returns the new answer once it has arrived. */
    private WebElement ask(String question) {
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
    private void click(WebElement element) {
        driver.executeScript("arguments[0].scrollIntoView({block: 'center'})", element);
        element.click();
    }

    private WebElement lastAnswer() {
        List<WebElement> answers = driver.findElements(By.cssSelector(".messages .answer"));
        return answers.get(answers.size() - 1);
    }

    /** The serious and critical axe-core violations of the page as it is now. */
    private List<String> accessibilityProblems() throws IOException {
        driver.executeScript(Files.readString(AXE));
        Object result = ((JavascriptExecutor) driver)
                .executeAsyncScript(
                        "const done = arguments[arguments.length - 1];"
                                + "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations"
                                + ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
                                + ".map(v => v.id + ': ' + v.help + ' at ' + v.nodes.map(n => n.target.join(' ')).join(', '))));");
        return ((List<?>) result).stream().map(String::valueOf).toList();
    }

    private List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .toList();
    }

    @Test
    void should_sign_in_and_show_a_verified_answer_as_chart_table_and_csv() throws IOException {
        driver.get(base.toString());
        waiting().until(ExpectedConditions.urlContains("/signin.html"));
        assertThat(accessibilityProblems()).as("sign-in page").isEmpty();

        signIn("elena");
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#onboarding .suggestion")));
        assertThat(accessibilityProblems()).as("empty chat").isEmpty();

        WebElement answer = ask("Show monthly net revenue for 2025.");
        assertThat(answer.getAttribute("data-decision")).isEqualTo("ANSWER");
        assertThat(answer.findElement(By.cssSelector(".badge")).getText()).isEqualToIgnoringCase("verified");
        assertThat(answer.findElement(By.cssSelector(".policy")).getText()).contains("rows you may see");
        WebElement chart = answer.findElement(By.cssSelector(".chart"));
        assertThat(chart.getAttribute("data-kind")).isEqualTo("line");
        assertThat(chart.isDisplayed()).isTrue();
        assertThat(answer.findElement(By.cssSelector(".result-table")).isDisplayed())
                .isFalse();

        click(answer.findElement(By.cssSelector(".show-table")));
        List<WebElement> rows = answer.findElements(By.cssSelector(".result-table tbody tr"));
        assertThat(rows).hasSize(12);
        assertThat(chart.isDisplayed()).isFalse();

        // sorting by the second column puts the largest month last
        click(answer.findElements(By.cssSelector(".result-table th button")).get(1));
        List<Double> sorted = answer.findElements(By.cssSelector(".result-table tbody tr td:nth-child(2)")).stream()
                .map(td -> Double.parseDouble(td.getText()))
                .toList();
        assertThat(sorted).isSorted();

        click(answer.findElement(By.cssSelector(".download-csv")));
        Path csv = downloads.resolve("sextant-answer.csv");
        waiting().until(d -> Files.exists(csv));
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines).hasSize(13);
        assertThat(lines.get(0).split(",")).hasSize(2);

        click(answer.findElement(By.cssSelector(".sql summary")));
        assertThat(answer.findElement(By.cssSelector(".sql code")).getText()).containsIgnoringCase("order_dt");
        assertThat(accessibilityProblems()).as("chat with an answer").isEmpty();
        assertThat(consoleErrors()).isEmpty();
    }

    @Test
    void should_offer_a_clarification_as_buttons_that_ask_the_rephrased_question() {
        signIn("noah");
        WebElement clarification = ask("How much revenue did we make in 2025?");
        assertThat(clarification.getAttribute("data-decision")).isEqualTo("CLARIFY");
        List<WebElement> options = clarification.findElements(By.cssSelector(".suggestion"));
        assertThat(options).hasSizeGreaterThanOrEqualTo(2);
        String option = options.get(0).getText();
        int before = driver.findElements(By.cssSelector(".messages .answer")).size();
        click(options.get(0));
        waiting().until(d -> d.findElements(By.cssSelector(".messages .answer")).size() > before);
        assertThat(driver.findElements(By.cssSelector(".messages .question"))
                        .getLast()
                        .getText())
                .isEqualTo(option);
        assertThat(lastAnswer().getAttribute("data-decision")).isEqualTo("ANSWER");
        assertThat(consoleErrors()).isEmpty();
    }

    @Test
    void should_answer_from_an_hr_document_for_hr_and_not_for_sales() throws IOException {
        String question = "How long are grievance case records kept?";
        signIn("elena");
        assertThat(ask(question).getAttribute("data-decision")).isNotEqualTo("ANSWER");

        signedOut();
        signIn("hana");
        WebElement answer = ask(question);
        assertThat(answer.getAttribute("data-decision")).isEqualTo("ANSWER");
        assertThat(answer.findElement(By.cssSelector(".badge")).getText()).isEqualToIgnoringCase("document");
        WebElement citation = answer.findElement(By.cssSelector(".citation"));
        assertThat(citation.findElement(By.tagName("summary")).getText())
                .isEqualTo("Employee relations casework guide");
        click(citation.findElement(By.tagName("summary")));
        assertThat(citation.findElement(By.tagName("blockquote")).isDisplayed()).isTrue();
        assertThat(citation.findElement(By.tagName("blockquote")).getText()).isNotBlank();
        assertThat(accessibilityProblems()).as("document answer").isEmpty();
        assertThat(consoleErrors()).isEmpty();
    }

    @Test
    void should_show_markup_in_a_question_as_text() {
        signIn("noah");
        String hostile = "<img src=x onerror=\"document.title='owned'\"> net revenue <b>by</b> region";
        ask(hostile);
        assertThat(driver.findElements(By.cssSelector(".messages img"))).isEmpty();
        assertThat(driver.findElements(By.cssSelector(".messages b"))).isEmpty();
        assertThat(driver.findElements(By.cssSelector(".messages .question"))
                        .getLast()
                        .getText())
                .isEqualTo(hostile);
        assertThat(driver.getTitle()).isEqualTo("Sextant");
    }
}
