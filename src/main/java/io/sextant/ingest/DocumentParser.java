package io.sextant.ingest;

import io.sextant.SextantException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;

/** Extracts text and structure from Markdown, plain text, HTML and PDF. */
public final class DocumentParser {

    /** The formats Sextant reads. */
    public enum Format {
        MARKDOWN,
        TEXT,
        HTML,
        PDF
    }

    private DocumentParser() {}

    /** The format from a content type, else from the file name's extension. */
    public static Optional<Format> format(String fileName, String contentType) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (type.startsWith("text/markdown")) {
            return Optional.of(Format.MARKDOWN);
        } else if (type.startsWith("text/html")) {
            return Optional.of(Format.HTML);
        } else if (type.startsWith("application/pdf")) {
            return Optional.of(Format.PDF);
        } else if (type.startsWith("text/plain") && !isMarkdownName(fileName)) {
            return Optional.of(Format.TEXT);
        }
        String name = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT);
        if (isMarkdownName(name)) {
            return Optional.of(Format.MARKDOWN);
        } else if (name.endsWith(".txt")) {
            return Optional.of(Format.TEXT);
        } else if (name.endsWith(".html") || name.endsWith(".htm")) {
            return Optional.of(Format.HTML);
        } else if (name.endsWith(".pdf")) {
            return Optional.of(Format.PDF);
        }
        return Optional.empty();
    }

    private static boolean isMarkdownName(String name) {
        String lower = name == null ? "" : name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".md") || lower.endsWith(".markdown");
    }

    /**
     * Parses a document.
     *
     * @throws SextantException {@code unsupported-format} or {@code unreadable-document}
     */
    public static ParsedDocument parse(String fileName, String contentType, byte[] content) {
        Format format = format(fileName, contentType)
                .orElseThrow(() -> new SextantException(
                        SextantException.Kind.UNSUPPORTED_MEDIA_TYPE,
                        "unsupported-format",
                        "Sextant reads Markdown, plain text, HTML and PDF; '" + fileName + "' (" + contentType
                                + ") is none of them"));
        return switch (format) {
            case MARKDOWN -> markdown(fileName, text(content));
            case TEXT -> plain(fileName, text(content));
            case HTML -> html(fileName, text(content));
            case PDF -> pdf(fileName, content);
        };
    }

    private static String text(byte[] content) {
        String text = new String(content, StandardCharsets.UTF_8);
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    private static ParsedDocument markdown(String fileName, String text) {
        Map<String, Object> front = new HashMap<>();
        String body = text;
        if (text.startsWith("---\n") || text.startsWith("---\r\n")) {
            int end = text.indexOf("\n---", 3);
            if (end > 0) {
                try {
                    Object loaded = new Yaml().load(text.substring(text.indexOf('\n') + 1, end));
                    if (loaded instanceof Map<?, ?> map) {
                        map.forEach((k, v) -> front.put(String.valueOf(k), v));
                    }
                } catch (YAMLException e) {
                    throw unreadable(fileName, "its front matter is not valid YAML: " + e.getMessage());
                }
                int next = text.indexOf('\n', end + 4);
                body = next < 0 ? "" : text.substring(next + 1);
            }
        }
        String title =
                front.get("title") instanceof String t ? t : firstHeading(body).orElse(baseName(fileName));
        return new ParsedDocument(title, body.strip(), front);
    }

    private static ParsedDocument plain(String fileName, String text) {
        return new ParsedDocument(baseName(fileName), text.strip(), Map.of());
    }

    private static ParsedDocument html(String fileName, String text) {
        org.jsoup.nodes.Document html = Jsoup.parse(text);
        StringBuilder body = new StringBuilder();
        for (Element e : html.body().select("h1, h2, h3, h4, h5, h6, p, li, pre, blockquote, tr")) {
            String tag = e.tagName();
            if (tag.equals("tr")) {
                body.append('|');
                e.select("th, td")
                        .forEach(cell -> body.append(' ').append(cell.text()).append(" |"));
                body.append('\n');
                continue;
            }
            if (e.parents().stream()
                    .anyMatch(p -> p.tagName().equals("li") || p.tagName().equals("blockquote"))) {
                continue; // its text is part of the enclosing item already
            }
            String line = e.text().strip();
            if (line.isEmpty()) {
                continue;
            }
            if (tag.length() == 2 && tag.charAt(0) == 'h') {
                body.append('\n')
                        .append("#".repeat(tag.charAt(1) - '0'))
                        .append(' ')
                        .append(line)
                        .append("\n\n");
            } else if (tag.equals("li")) {
                body.append("- ").append(line).append('\n');
            } else {
                body.append(line).append("\n\n");
            }
        }
        String title = html.title().isBlank() ? firstHeading(body.toString()).orElse(baseName(fileName)) : html.title();
        return new ParsedDocument(title.strip(), body.toString().strip(), Map.of());
    }

    private static ParsedDocument pdf(String fileName, byte[] content) {
        try (PDDocument pdf = Loader.loadPDF(content)) {
            if (pdf.isEncrypted()) {
                throw unreadable(fileName, "it is encrypted");
            }
            String text = new PDFTextStripper().getText(pdf);
            String title = pdf.getDocumentInformation().getTitle();
            return new ParsedDocument(
                    title == null || title.isBlank() ? baseName(fileName) : title.strip(), text.strip(), Map.of());
        } catch (IOException e) {
            throw unreadable(fileName, "it is not a readable PDF (" + e.getMessage() + ")");
        }
    }

    private static Optional<String> firstHeading(String body) {
        return body.lines()
                .filter(l -> l.startsWith("# "))
                .map(l -> l.substring(2).strip())
                .findFirst();
    }

    private static String baseName(String fileName) {
        String name = fileName == null ? "document" : fileName.replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static SextantException unreadable(String fileName, String why) {
        return new SextantException(
                SextantException.Kind.UNPROCESSABLE,
                "unreadable-document",
                "'" + fileName + "' cannot be read: " + why);
    }
}
