package io.sextant.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkerTest {

    private final Chunker chunker = new Chunker(300, 60);

    @Test
    void should_keep_sections_apart_and_record_the_heading_path() {
        List<Chunker.Piece> pieces = chunker.chunk("""
        # Travel
        Book early.

        ## Hotels
        Caps apply per night.

        # Meals
        Up to 75 USD.
        """);

        assertThat(pieces).extracting(Chunker.Piece::heading).containsExactly("Travel", "Travel > Hotels", "Meals");
        assertThat(pieces)
                .extracting(Chunker.Piece::text)
                .containsExactly("Book early.", "Caps apply per night.", "Up to 75 USD.");
        assertThat(pieces).extracting(Chunker.Piece::ordinal).containsExactly(0, 1, 2);
    }

    @Test
    void should_split_tables_between_rows_and_repeat_the_header() {
        StringBuilder table = new StringBuilder("| Role | Minimum | Maximum |\n|---|---:|---:|\n");
        for (int i = 0; i < 30; i++) {
            table.append("| Role number ")
                    .append(i)
                    .append(" | ")
                    .append(1000 * i)
                    .append(" | ")
                    .append(2000 * i)
                    .append(" |\n");
        }

        List<Chunker.Piece> pieces = chunker.chunk("# Bands\n" + table);

        assertThat(pieces).hasSizeGreaterThan(1);
        for (Chunker.Piece piece : pieces) {
            List<String> lines = piece.text().lines().toList();
            assertThat(lines.get(0)).isEqualTo("| Role | Minimum | Maximum |");
            assertThat(lines.get(1)).isEqualTo("|---|---:|---:|");
            assertThat(lines).allMatch(l -> l.startsWith("|") && l.endsWith("|"));
            assertThat(piece.text().length()).isLessThanOrEqualTo(300);
        }
        String all = String.join("\n", pieces.stream().map(Chunker.Piece::text).toList());
        for (int i = 0; i < 30; i++) {
            assertThat(all).contains("| Role number " + i + " |");
        }
    }

    @Test
    void should_split_long_paragraphs_at_sentence_ends_with_overlap() {
        StringBuilder paragraph = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            paragraph.append("Sentence number ").append(i).append(" says something about expenses. ");
        }

        List<Chunker.Piece> pieces = chunker.chunk(paragraph.toString());

        assertThat(pieces).hasSizeGreaterThan(2);
        assertThat(pieces).allSatisfy(p -> assertThat(p.text().length()).isLessThanOrEqualTo(300 + 60 + 2));
        for (int i = 1; i < pieces.size(); i++) {
            String previous = pieces.get(i - 1).text();
            String next = pieces.get(i).text();
            String carried = next.substring(0, next.indexOf("\n\n"));
            assertThat(previous).endsWith(carried);
        }
        assertThat(pieces.get(0).text()).endsWith("expenses.");
    }

    @Test
    void should_return_nothing_for_an_empty_body() {
        assertThat(chunker.chunk("  \n\n ")).isEmpty();
    }
}
