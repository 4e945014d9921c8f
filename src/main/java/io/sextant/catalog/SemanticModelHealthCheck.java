package io.sextant.catalog;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the semantic model loaded without errors; the first errors are in the data. */
@Readiness
@ApplicationScoped
class SemanticModelHealthCheck implements HealthCheck {

    private static final int SHOWN_ISSUES = 5;

    private final CatalogService catalog;

    SemanticModelHealthCheck(CatalogService catalog) {
        this.catalog = catalog;
    }

    @Override
    public HealthCheckResponse call() {
        CatalogService.Snapshot snapshot = catalog.current();
        HealthCheckResponseBuilder builder = HealthCheckResponse.named("semantic-model")
                .status(snapshot.valid())
                .withData("file", snapshot.file().toString())
                .withData("errors", snapshot.errorCount());
        snapshot.issues().stream()
                .filter(ModelIssue::isError)
                .limit(SHOWN_ISSUES)
                .forEach(i -> builder.withData("line " + i.line(), "[" + i.code() + "] " + i.message()));
        return builder.build();
    }
}
