package io.sextant.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sextant.sql.SqlTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The guard on public text-to-SQL data (read from {@code ../shared/data}, or the folder named by
 * the system property {@code sextant.eval.data}, else the workspace's shared folder); skipped with a
 * message where the data is absent.
 */
class GuardEvalTest {

    private static final Path DATA = java.util.stream.Stream.of(
                    System.getProperty("sextant.eval.data", "../shared/data"), "/work/shared/data")
            .map(Path::of)
            .filter(Files::isDirectory)
            .findFirst()
            .orElse(Path.of("../shared/data"));

    @Test
    void should_accept_and_reproduce_the_results_of_spider_dev_gold_sql() throws Exception {
        Path spider = DATA.resolve("spider");
        assumeTrue(Files.exists(spider.resolve("dev.json")), "Spider data not found in " + spider.toAbsolutePath());

        GuardEval.Report report = GuardEval.spider(spider);

        assertThat(report.total()).isEqualTo(972);
        assertThat(report.acceptedShare()).as(report.byCategory().toString()).isGreaterThanOrEqualTo(0.99);
        assertThat(report.equalShare()).as(report.byCategory().toString()).isGreaterThanOrEqualTo(0.99);
    }

    @Test
    void should_accept_bird_minidev_gold_sql_in_sqlite_and_postgresql() throws Exception {
        Path bird = DATA.resolve("bird-minidev");
        assumeTrue(Files.exists(bird.resolve("dev_tables.json")), "BIRD data not found in " + bird.toAbsolutePath());

        for (SqlTarget dialect : new SqlTarget[] {SqlTarget.SQLITE, SqlTarget.POSTGRESQL}) {
            GuardEval.Report report = GuardEval.bird(bird, dialect);
            assertThat(report.total()).isEqualTo(500);
            assertThat(report.acceptedShare())
                    .as(dialect + " " + report.byCategory())
                    .isGreaterThanOrEqualTo(0.98);
        }
    }
}
