package io.sextant.search;

import io.sextant.StorageConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the index directory exists (it is created if missing) and is writable. */
@Readiness
@ApplicationScoped
class IndexDirectoryHealthCheck implements HealthCheck {

    private final Path directory;

    IndexDirectoryHealthCheck(IndexConfig config, StorageConfig storage) {
        this.directory = config.directory(storage).toAbsolutePath().normalize();
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder builder =
                HealthCheckResponse.named("index-directory").withData("path", directory.toString());
        try {
            Files.createDirectories(directory);
            boolean writable = Files.isWritable(directory);
            builder.status(writable).withData("writable", writable);
            builder.withData("usableSpaceMiB", Files.getFileStore(directory).getUsableSpace() >> 20);
        } catch (IOException e) {
            builder.down().withData("error", e.getMessage());
        }
        return builder.build();
    }
}
