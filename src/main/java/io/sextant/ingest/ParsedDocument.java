package io.sextant.ingest;

import java.util.Map;

/**
 * A document's text with its structure kept as Markdown (headings as {@code #}, tables as
 * {@code |} rows), its title and its front matter (empty for formats without one).
 */
public record ParsedDocument(String title, String body, Map<String, Object> frontMatter) {

    public ParsedDocument {
        frontMatter = frontMatter == null ? Map.of() : Map.copyOf(frontMatter);
    }
}
