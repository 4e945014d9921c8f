package io.sextant.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** The chat in a real browser, as business users use it. */
@QuarkusTest
class ChatBrowserTest extends BrowserTestBase {

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
        document("chat-chart");
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
        List<String> tableRows = answer.findElements(By.cssSelector(".result-table tbody tr")).stream()
                .map(tr -> String.join(
                        ",",
                        tr.findElements(By.tagName("td")).stream()
                                .map(WebElement::getText)
                                .toList()))
                .toList();
        assertThat(lines.subList(1, lines.size()))
                .as("the CSV has the table's rows")
                .hasSameElementsAs(tableRows);

        click(answer.findElement(By.cssSelector(".sql summary")));
        assertThat(answer.findElement(By.cssSelector(".sql code")).getText()).containsIgnoringCase("order_dt");
        assertThat(accessibilityProblems()).as("chat with an answer").isEmpty();
        assertThat(consoleErrors()).isEmpty();
        Object elsewhere = driver.executeScript("return performance.getEntriesByType('resource')"
                + ".map(e => e.name).filter(n => !n.startsWith(location.origin) && !n.startsWith('blob:'))");
        assertThat((List<?>) elsewhere).as("requests to other sites").isEmpty();
    }

    @Test
    void should_be_readable_at_phone_width() throws IOException {
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
        try {
            signIn("noah");
            WebElement answer = ask("What was net revenue by region in 2025?");
            assertThat(answer.getAttribute("data-decision")).isEqualTo("ANSWER");
            Object overflow = driver.executeScript(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
            Object wide = driver.executeScript("const w = document.documentElement.clientWidth;"
                    + "return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > w + 1)"
                    + ".slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"
                    + ".concat(['viewport ' + w + ' inner ' + window.innerWidth]);");
            assertThat(((Number) overflow).intValue())
                    .as("horizontal overflow in pixels: " + wide)
                    .isLessThanOrEqualTo(0);
            assertThat(driver.findElement(By.id("question")).isDisplayed()).isTrue();
            assertThat(accessibilityProblems()).as("chat at phone width").isEmpty();
        } finally {
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 1000));
        }
    }

    @Test
    void should_offer_a_clarification_as_buttons_that_ask_the_rephrased_question() throws IOException {
        signIn("noah");
        WebElement clarification = ask("How much revenue did we make in 2025?");
        assertThat(clarification.getAttribute("data-decision")).isEqualTo("CLARIFY");
        List<WebElement> options = clarification.findElements(By.cssSelector(".suggestion"));
        assertThat(options).hasSizeGreaterThanOrEqualTo(2);
        document("chat-clarification");
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
        assertThat(citation.findElement(By.tagName("blockquote")).getText())
                .isNotBlank()
                .doesNotContain("<mark>");
        assertThat(citation.findElements(By.cssSelector("blockquote mark"))).isNotEmpty();
        document("chat-document");
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
