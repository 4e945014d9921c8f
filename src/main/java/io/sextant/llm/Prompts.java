package io.sextant.llm;

import dev.langchain4j.model.input.PromptTemplate;
import io.sextant.SextantException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The prompt templates of {@code prompts/}, loaded once at start; a file of the same name in
 * {@code sextant.llm.prompts-dir} replaces the shipped one. Each template has a version (the
 * first 12 hex digits of its SHA-256) that audit rows record.
 */
@ApplicationScoped
public class Prompts {

    /** Templates the pipeline uses. */
    public static final List<String> NAMES = List.of("sql-generation", "sql-repair", "document-answer");

    private static final Logger LOG = Logger.getLogger(Prompts.class);

    /** A loaded template: where it came from and its version. */
    public record Template(String name, String text, String version, String origin) {

        /** Fills the template's {{variables}}. */
        public String render(Map<String, Object> variables) {
            return PromptTemplate.from(text).apply(variables).text();
        }
    }

    private final Map<String, Template> templates = new LinkedHashMap<>();

    @Inject
    Prompts(LlmConfig config) {
        this(config.promptsDir());
    }

    public Prompts(Optional<Path> overrides) {
        for (String name : NAMES) {
            Template template = overrides
                    .map(dir -> dir.resolve(name + ".md"))
                    .filter(Files::isRegularFile)
                    .map(file -> read(name, file))
                    .orElseGet(() -> shipped(name));
            templates.put(name, template);
            LOG.debugf("Prompt %s version %s from %s", name, template.version(), template.origin());
        }
    }

    public Template get(String name) {
        Template template = templates.get(name);
        if (template == null) {
            throw new IllegalArgumentException("no prompt named " + name);
        }
        return template;
    }

    /** Every template's version, for audit rows and the info endpoint. */
    public Map<String, String> versions() {
        Map<String, String> versions = new LinkedHashMap<>();
        templates.forEach((name, t) -> versions.put(name, t.version()));
        return versions;
    }

    private static Template read(String name, Path file) {
        try {
            return template(name, Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new SextantException(
                    SextantException.Kind.INTERNAL, "prompt-unreadable", "Cannot read prompt " + file + ": " + e);
        }
    }

    private static Template shipped(String name) {
        try (InputStream in = Prompts.class.getResourceAsStream("/prompts/" + name + ".md")) {
            if (in == null) {
                throw new SextantException(
                        SextantException.Kind.INTERNAL, "prompt-missing", "The prompt " + name + " is not packaged");
            }
            return template(
                    name, new String(in.readAllBytes(), StandardCharsets.UTF_8), "classpath:prompts/" + name + ".md");
        } catch (IOException e) {
            throw new SextantException(
                    SextantException.Kind.INTERNAL, "prompt-unreadable", "Cannot read prompt " + name);
        }
    }

    private static Template template(String name, String text, String origin) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return new Template(name, text, HexFormat.of().formatHex(hash).substring(0, 12), origin);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
