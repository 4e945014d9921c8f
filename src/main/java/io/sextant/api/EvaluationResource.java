package io.sextant.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sextant.SextantException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The newest report of the ask evaluation runner ({@code eval --suite ...}, written to {@code
 * eval/reports} below the server's working directory): its suite, model, summary, execution
 * accuracy and figures per tag, without the per-question results.
 */
@Path("/api/v1/admin/evaluation")
@Produces(MediaType.APPLICATION_JSON)
public class EvaluationResource {

    /** Where the evaluation runner writes its reports by default. */
    static final java.nio.file.Path REPORTS = java.nio.file.Path.of("eval/reports");

    private final ObjectMapper json;

    EvaluationResource(ObjectMapper json) {
        this.json = json;
    }

    @GET
    @Path("/latest")
    public JsonNode latest() {
        return newest().orElseThrow(() -> new SextantException(
                SextantException.Kind.NOT_FOUND,
                "no-evaluation-report",
                "No evaluation report yet: run java -jar target/quarkus-app/quarkus-run.jar eval --suite"
                        + " eval/ask/acme.yaml in the server's working directory."));
    }

    private Optional<JsonNode> newest() {
        if (!Files.isDirectory(REPORTS)) {
            return Optional.empty();
        }
        List<java.nio.file.Path> files;
        try (Stream<java.nio.file.Path> listing = Files.list(REPORTS)) {
            files = listing.filter(p -> p.getFileName().toString().endsWith(".json"))
                    .sorted(Comparator.comparing(EvaluationResource::modified).reversed())
                    .toList();
        } catch (IOException e) {
            throw new SextantException(
                    SextantException.Kind.UNAVAILABLE, "evaluation-unreadable", "The reports folder cannot be read");
        }
        for (java.nio.file.Path file : files) {
            try {
                JsonNode report = json.readTree(file.toFile());
                if (report instanceof ObjectNode o && o.has("summary") && o.has("results")) {
                    o.remove("results");
                    o.put("file", file.getFileName().toString());
                    return Optional.of(o);
                }
            } catch (IOException e) {
                // not a report of the ask runner (or half written): the next one
            }
        }
        return Optional.empty();
    }

    private static FileTime modified(java.nio.file.Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }
}
