package io.sextant.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/** The admin pages in a real browser: feedback promoted to a verified query, edited and test-run. */
@QuarkusTest
class AdminBrowserTest extends BrowserTestBase {

    private static final String QUESTION = "What was net revenue by loyalty tier in Q3 2025?";
    private static final String NAME = "net_revenue_by_tier_q3_2025";

    /** A query this test promoted in an earlier run of the same data directory is gone first. */
    @org.junit.jupiter.api.BeforeEach
    void withoutAnEarlierPromotion() {
        io.restassured.RestAssured.given()
                .header("X-Sextant-User", "ada")
                .delete("/api/v1/admin/verified-queries/" + NAME)
                .then()
                .statusCode(org.hamcrest.Matchers.oneOf(200, 204, 404));
    }

    private void openAdmin() {
        driver.get(base.toString() + "admin.html");
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#query-table tbody tr")));
    }

    /** The row of the table holding the text, once the table shows it (it may be re-rendered meanwhile). */
    private WebElement row(String table, String text) {
        return waiting()
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> d.findElements(By.cssSelector("#" + table + " tbody tr")).stream()
                        .filter(r -> r.getText().contains(text))
                        .findFirst()
                        .orElse(null));
    }

    @Test
    void should_promote_a_liked_answer_then_edit_and_test_run_it_as_a_sales_user() throws IOException {
        // elena likes a planned answer
        signIn("elena");
        WebElement planned = ask(QUESTION);
        assertThat(planned.getAttribute("data-decision")).isEqualTo("ANSWER");
        assertThat(planned.findElement(By.cssSelector(".badge")).getText()).isEqualToIgnoringCase("planned");
        click(planned.findElement(By.cssSelector(".thumbs-up")));
        waiting()
                .until(ExpectedConditions.textToBePresentInElement(
                        planned.findElement(By.cssSelector(".feedback [role=status]")), "Thanks"));

        // ada promotes it, verified at once
        signedOut();
        signIn("ada");
        assertThat(driver.findElement(By.id("admin-link")).isDisplayed()).isTrue();
        openAdmin();
        assertThat(accessibilityProblems()).as("verified queries page").isEmpty();
        document("admin-verified-queries");
        click(driver.findElement(By.id("tab-feedback")));
        WebElement feedback = row("feedback-table", QUESTION);
        assertThat(accessibilityProblems()).as("feedback inbox").isEmpty();
        feedback.findElement(By.cssSelector(".promote-name")).sendKeys(NAME);
        click(feedback.findElement(By.cssSelector(".promote-verified")));
        click(feedback.findElement(By.cssSelector(".promote")));
        waiting()
                .until(ExpectedConditions.textToBePresentInElementLocated(
                        By.id("feedback-status"), "Promoted to " + NAME));

        // elena's identical question is now answered by the verified query
        signedOut();
        signIn("elena");
        WebElement verified = ask(QUESTION);
        assertThat(verified.findElement(By.cssSelector(".badge")).getText()).isEqualToIgnoringCase("verified");

        // ada edits its SQL and test-runs it as elena: her row policy applies
        signedOut();
        signIn("ada");
        openAdmin();
        click(driver.findElement(By.id("tab-queries")));
        driver.findElement(By.id("query-search")).sendKeys(NAME);
        click(driver.findElement(By.cssSelector("#query-filter button[type=submit]")));
        click(row("query-table", NAME).findElement(By.cssSelector(".edit")));
        WebElement sql = driver.findElement(By.id("q-sql"));
        waiting().until(d -> !sql.getAttribute("value").isBlank());
        sql.clear();
        sql.sendKeys("SELECT o.region_cd AS region, SUM(i.amt_rev2) AS net_revenue FROM orders o JOIN order_items i"
                + " ON i.order_id = o.order_id WHERE o.is_del = FALSE AND o.status_cd <> 'X' AND o.order_dt >= DATE"
                + " '2025-07-01' AND o.order_dt < DATE '2025-10-01' GROUP BY o.region_cd");
        click(driver.findElement(By.id("q-save")));
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("q-status"), "Saved"));
        new Select(driver.findElement(By.id("q-as"))).selectByValue("elena");
        click(driver.findElement(By.id("q-test")));
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("q-status"), "Ran as elena"));
        // one row: no chart, the table shows at once (with a chart, the toggle shows it)
        driver.findElements(By.cssSelector("#q-result .show-table")).forEach(this::click);
        List<String> regions =
                driver.findElements(By.cssSelector("#q-result .result-table tbody tr td:first-child")).stream()
                        .map(WebElement::getText)
                        .toList();
        assertThat(regions).containsExactly("EMEA");
        document("admin-test-run");
        assertThat(accessibilityProblems()).as("editor with a test run").isEmpty();

        // retired, it answers nobody any more
        click(driver.findElement(By.id("q-retire")));
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("q-status"), "Retired"));
        assertThat(consoleErrors()).isEmpty();
    }

    @Test
    void should_keep_the_admin_pages_to_admins() {
        signIn("elena");
        assertThat(driver.findElement(By.id("admin-link")).isDisplayed()).isFalse();
        driver.get(base.toString() + "admin.html");
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("not-admin")));
        assertThat(driver.findElement(By.id("admin-area")).isDisplayed()).isFalse();
    }

    @Test
    void should_upload_restrict_and_delete_a_document_and_show_access_rules_and_the_audit_log() throws IOException {
        signIn("ada");
        openAdmin();
        click(driver.findElement(By.id("tab-documents")));
        row("documents-table", "hr-handbook.md");
        assertThat(accessibilityProblems()).as("documents page").isEmpty();

        java.nio.file.Path memo = java.nio.file.Files.createTempFile("ui-memo", ".md");
        java.nio.file.Files.writeString(memo, "# UI memo\n\nThe zebra lantern budget is 42 units.\n");
        driver.findElement(By.id("doc-file")).sendKeys(memo.toString());
        driver.findElement(By.id("doc-id")).clear();
        driver.findElement(By.id("doc-id")).sendKeys("memos/ui-memo.md");
        driver.findElement(By.id("doc-groups")).sendKeys("finance");
        click(driver.findElement(By.cssSelector("#upload-form button[type=submit]")));
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("documents-status"), "Stored"));
        assertThat(row("documents-table", "memos/ui-memo.md").getText()).contains("group finance");

        WebElement uploaded = row("documents-table", "memos/ui-memo.md");
        uploaded.findElement(By.cssSelector(".acl-groups")).clear();
        uploaded.findElement(By.cssSelector(".acl-groups")).sendKeys("hr");
        click(uploaded.findElement(By.cssSelector(".save-acl")));
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("documents-status"), "Readers of"));
        waiting()
                .until(d -> row("documents-table", "memos/ui-memo.md").getText().contains("group hr"));

        WebElement delete = row("documents-table", "memos/ui-memo.md").findElement(By.cssSelector(".delete"));
        click(delete);
        assertThat(delete.getText()).isEqualTo("Confirm delete");
        click(delete);
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("documents-status"), "Deleted"));

        click(driver.findElement(By.id("tab-access")));
        assertThat(row("users-table", "elena").getText())
                .contains("region=EMEA")
                .contains("sales");
        assertThat(row("policies-table", "orders").getText()).contains("region_cd");
        assertThat(accessibilityProblems()).as("users and access page").isEmpty();

        click(driver.findElement(By.id("tab-audit")));
        driver.findElement(By.id("audit-user")).sendKeys("ada");
        click(driver.findElement(By.cssSelector("#audit-filter button[type=submit]")));
        waiting()
                .until(d -> d.findElement(By.id("audit-export"))
                        .getAttribute("href")
                        .contains("user=ada"));
        assertThat(row("audit-table", "ada").getText()).contains("ada");
        assertThat(accessibilityProblems()).as("audit page").isEmpty();
        assertThat(consoleErrors()).isEmpty();
    }

    @Test
    void should_show_the_latest_evaluation_report() throws IOException {
        java.nio.file.Path reports = java.nio.file.Path.of("eval/reports");
        java.nio.file.Files.createDirectories(reports);
        java.nio.file.Path report = reports.resolve("browser-test-" + System.nanoTime() + ".json");
        java.nio.file.Files.writeString(report, """
                {"suite": "browser-suite", "model": "none", "startedAt": "2026-01-15T10:00:00Z",
                 "summary": {"questions": 4, "coverage": 0.5, "precisionWhenAnswered": 1.0, "abstentionRecall": 1.0,
                             "clarificationRate": 0.0, "falseAbstentionRate": 0.5, "rs0": 75.0, "rs10": 75.0, "rsN": 75.0},
                 "executionAccuracy": 1.0, "strictExecutionAccuracy": 0.5, "linkingRecall": 0.75,
                 "byTag": {"range": {"questions": 2, "coverage": 0.5, "precisionWhenAnswered": 1.0,
                                     "abstentionRecall": 1.0, "rs10": 50.0}},
                 "results": [{"id": "q1"}]}
                """);
        try {
            signIn("ada");
            openAdmin();
            click(driver.findElement(By.id("tab-evaluation")));
            waiting()
                    .until(ExpectedConditions.textToBePresentInElementLocated(
                            By.id("evaluation-source"), "browser-suite"));
            assertThat(row("evaluation-summary", "Precision when answered").getText())
                    .contains("100.0%");
            assertThat(row("evaluation-summary", "RS(10)").getText()).contains("75.0");
            assertThat(row("evaluation-tags", "range").getText()).contains("50.0");
            assertThat(accessibilityProblems()).as("evaluation page").isEmpty();
        } finally {
            java.nio.file.Files.deleteIfExists(report);
        }
    }

    private void submit(String form, String status) {
        click(driver.findElement(By.cssSelector("#" + form + " button[type=submit]")));
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("access-status"), status));
    }

    @Test
    void should_manage_users_groups_grants_and_row_policies() {
        String group = "ui_testers_" + (System.nanoTime() % 100000);
        String user = "ui_user_" + (System.nanoTime() % 100000);
        signIn("ada");
        openAdmin();
        click(driver.findElement(By.id("tab-access")));
        row("users-table", "elena");

        click(driver.findElement(By.cssSelector("#panel-access details:nth-of-type(2) summary")));
        driver.findElement(By.id("new-group-name")).sendKeys(group);
        submit("group-form", "Created group " + group);
        click(driver.findElement(By.cssSelector("#panel-access details:nth-of-type(1) summary")));
        driver.findElement(By.id("new-user-id")).sendKeys(user);
        driver.findElement(By.id("new-user-name")).sendKeys("UI User");
        driver.findElement(By.id("new-user-groups")).sendKeys(group);
        driver.findElement(By.id("new-user-password")).sendKeys("a-long-enough-password-42");
        submit("user-form", "Created " + user);
        assertThat(row("users-table", user).getText()).contains(group);

        new Select(driver.findElement(By.id("attribute-user"))).selectByValue(user);
        driver.findElement(By.id("attribute-name")).sendKeys("region");
        driver.findElement(By.id("attribute-value")).sendKeys("APAC");
        submit("attribute-form", "Set region of " + user);
        waiting().until(d -> row("users-table", user).getText().contains("region=APAC"));

        driver.findElement(By.id("grant-name")).sendKeys("sales_targets.target_amt");
        driver.findElement(By.id("grant-groups")).sendKeys("admins, " + group);
        submit("grant-form", "Restricted sales_targets.target_amt");
        waiting()
                .until(d -> row("grants-table", "sales_targets.target_amt")
                        .getText()
                        .contains(group));
        click(driver.findElement(By.id("grant-open")));
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("access-status"), "Opened"));

        driver.findElement(By.id("policy-table")).sendKeys("sales_targets");
        driver.findElement(By.id("policy-filter")).sendKeys("region_id = 3");
        driver.findElement(By.id("policy-applies")).sendKeys(group);
        submit("policy-form", "Row policy on sales_targets set");
        waiting().until(d -> row("policies-table", "sales_targets").getText().contains(group));
        click(driver.findElement(By.id("policy-delete")));
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("access-status"), "removed"));
        waiting()
                .until(d -> d.findElements(By.cssSelector("#policies-table tbody tr")).stream()
                        .noneMatch(r -> r.getText().startsWith("sales_targets")));
        assertThat(consoleErrors()).isEmpty();
    }
}
