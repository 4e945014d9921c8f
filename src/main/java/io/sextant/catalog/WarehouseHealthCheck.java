package io.sextant.catalog;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the warehouse answers. */
@Readiness
@ApplicationScoped
class WarehouseHealthCheck implements HealthCheck {

    private final Warehouse warehouse;

    WarehouseHealthCheck(Warehouse warehouse) {
        this.warehouse = warehouse;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("warehouse")
                .status(warehouse.ping())
                .withData("kind", warehouse.kind())
                .withData("url", warehouse.displayUrl())
                .withData("embedded", warehouse.embedded())
                .build();
    }
}
