package io.sextant.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.SextantException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.Test;

class DocumentParserTest {

    @Test
    void should_read_markdown_front_matter() {
        ParsedDocument doc = DocumentParser.parse("policy.md", null, """
        ---
        title: Travel policy
        acl:
          groups: [everyone]
        tags: [policy]
        ---
        # Travel
        Book early.
        """.getBytes(StandardCharsets.UTF_8));

        assertThat(doc.title()).isEqualTo("Travel policy");
        assertThat(doc.body()).isEqualTo("# Travel\nBook early.");
        assertThat(doc.frontMatter()).containsEntry("tags", List.of("policy"));
        assertThat(doc.frontMatter().get("acl")).isEqualTo(Map.of("groups", List.of("everyone")));
    }

    @Test
    void should_keep_html_headings_lists_and_tables() {
        ParsedDocument doc = DocumentParser.parse("page.html", "text/html", """
        <html><head><title>Hotels</title></head><body>
        <h1>Caps</h1><p>Per night.</p><ul><li>London 300</li><li>Elsewhere 160</li></ul>
        <table><tr><th>City</th><th>Cap</th></tr><tr><td>Paris</td><td>220</td></tr></table>
        <script>ignored()</script></body></html>
        """.getBytes(StandardCharsets.UTF_8));

        assertThat(doc.title()).isEqualTo("Hotels");
        assertThat(doc.body())
                .contains("# Caps", "Per night.", "- London 300", "| City | Cap |", "| Paris | 220 |")
                .doesNotContain("ignored");
    }

    @Test
    void should_read_text_from_a_pdf() throws IOException {
        byte[] pdf;
        try (PDDocument document = new PDDocument();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPage page = new PDPage();
            document.addPage(page);
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                content.beginText();
                content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                content.newLineAtOffset(72, 700);
                content.showText("Refunds are issued within ten days.");
                content.endText();
            }
            document.getDocumentInformation().setTitle("Refunds");
            document.save(out);
            pdf = out.toByteArray();
        }

        ParsedDocument doc = DocumentParser.parse("refunds.pdf", "application/pdf", pdf);

        assertThat(doc.title()).isEqualTo("Refunds");
        assertThat(doc.body()).contains("Refunds are issued within ten days.");
    }

    @Test
    void should_reject_unreadable_and_unsupported_files_with_codes() {
        assertThatThrownBy(() -> DocumentParser.parse(
                        "broken.pdf", "application/pdf", "not a pdf".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(SextantException.class, e -> {
                    assertThat(e.code()).isEqualTo("unreadable-document");
                    assertThat(e.kind()).isEqualTo(SextantException.Kind.UNPROCESSABLE);
                });
        assertThatThrownBy(() -> DocumentParser.parse("sheet.xlsx", "application/vnd.ms-excel", new byte[] {1}))
                .isInstanceOfSatisfying(
                        SextantException.class, e -> assertThat(e.code()).isEqualTo("unsupported-format"));
        assertThatThrownBy(() -> DocumentParser.parse(
                        "bad.md", null, "---\ntitle: [unclosed\n---\nbody".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(
                        SextantException.class, e -> assertThat(e.code()).isEqualTo("unreadable-document"));
    }
}
