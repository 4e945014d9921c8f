package io.sextant.ingest;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Cuts a document into chunks along its structure: a chunk never spans two sections (headings),
 * paragraphs stay whole where they fit, long paragraphs split at sentence ends, and tables split
 * only between rows, with their header row repeated. Consecutive chunks of one section overlap by
 * up to {@code overlap} characters of text so an answer on the boundary is found in both.
 */
public final class Chunker {

    /** A piece of a document and the heading path it sits under ({@code A > B}), or null. */
    public record Piece(int ordinal, String heading, String text) {}

    private record Block(boolean table, String text) {}

    private final int size;
    private final int overlap;

    public Chunker(int size, int overlap) {
        if (size < 100 || overlap < 0 || overlap >= size / 2) {
            throw new IllegalArgumentException("chunk size must be at least 100 and overlap below half of it");
        }
        this.size = size;
        this.overlap = overlap;
    }

    public List<Piece> chunk(String body) {
        List<Piece> pieces = new ArrayList<>();
        Deque<String[]> headings = new ArrayDeque<>(); // {level, text}
        List<Block> section = new ArrayList<>();
        List<String> lines = body.lines().toList();
        StringBuilder paragraph = new StringBuilder();
        List<String> table = new ArrayList<>();
        for (String line : lines) {
            String stripped = line.strip();
            boolean isTable = stripped.startsWith("|");
            if (!isTable && !table.isEmpty()) {
                section.add(new Block(true, String.join("\n", table)));
                table.clear();
            }
            if (stripped.startsWith("#") && stripped.replaceFirst("^#+", "").startsWith(" ")) {
                flushParagraph(paragraph, section);
                emit(pieces, headingPath(headings), section);
                int level = stripped.indexOf(' ');
                while (!headings.isEmpty() && Integer.parseInt(headings.peekLast()[0]) >= level) {
                    headings.removeLast();
                }
                headings.addLast(new String[] {
                    Integer.toString(level), stripped.substring(level).strip()
                });
            } else if (isTable) {
                flushParagraph(paragraph, section);
                table.add(stripped);
            } else if (stripped.isEmpty()) {
                flushParagraph(paragraph, section);
            } else {
                if (paragraph.length() > 0) {
                    paragraph.append(stripped.startsWith("- ") || stripped.matches("^\\d+\\..*") ? "\n" : " ");
                }
                paragraph.append(stripped);
            }
        }
        if (!table.isEmpty()) {
            section.add(new Block(true, String.join("\n", table)));
        }
        flushParagraph(paragraph, section);
        emit(pieces, headingPath(headings), section);
        return pieces;
    }

    private static void flushParagraph(StringBuilder paragraph, List<Block> section) {
        if (paragraph.length() > 0) {
            section.add(new Block(false, paragraph.toString()));
            paragraph.setLength(0);
        }
    }

    private static String headingPath(Deque<String[]> headings) {
        if (headings.isEmpty()) {
            return null;
        }
        List<String> names = new ArrayList<>();
        headings.forEach(h -> names.add(h[1]));
        return String.join(" > ", names);
    }

    /** Packs one section's blocks into chunks and clears the section. */
    private void emit(List<Piece> pieces, String heading, List<Block> section) {
        StringBuilder current = new StringBuilder();
        for (Block block : section) {
            for (String part : block.table() ? tableParts(block.text()) : sentenceParts(block.text())) {
                if (current.length() > 0 && current.length() + 2 + part.length() > size) {
                    pieces.add(new Piece(pieces.size(), heading, current.toString()));
                    String carried = block.table() ? "" : tail(current.toString());
                    current.setLength(0);
                    current.append(carried);
                }
                if (current.length() > 0) {
                    current.append("\n\n");
                }
                current.append(part);
            }
        }
        if (!current.toString().isBlank()) {
            pieces.add(new Piece(pieces.size(), heading, current.toString()));
        }
        section.clear();
    }

    /** A paragraph whole if it fits, else runs of sentences that fit. */
    private List<String> sentenceParts(String paragraph) {
        if (paragraph.length() <= size) {
            return List.of(paragraph);
        }
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        for (String sentence : paragraph.split("(?<=[.!?])\\s+")) {
            for (String piece : hardSplit(sentence)) {
                if (part.length() > 0 && part.length() + 1 + piece.length() > size) {
                    parts.add(part.toString());
                    part.setLength(0);
                }
                if (part.length() > 0) {
                    part.append(' ');
                }
                part.append(piece);
            }
        }
        if (part.length() > 0) {
            parts.add(part.toString());
        }
        return parts;
    }

    /** A sentence longer than a chunk (rare: lists without punctuation) cut at spaces. */
    private List<String> hardSplit(String sentence) {
        List<String> pieces = new ArrayList<>();
        String rest = sentence;
        while (rest.length() > size) {
            int cut = rest.lastIndexOf(' ', size);
            cut = cut < size / 2 ? size : cut;
            pieces.add(rest.substring(0, cut).strip());
            rest = rest.substring(cut).strip();
        }
        pieces.add(rest);
        return pieces;
    }

    /** Runs of whole table rows that fit, each starting with the header rows. */
    private List<String> tableParts(String table) {
        if (table.length() <= size) {
            return List.of(table);
        }
        List<String> rows = table.lines().toList();
        int headerRows = rows.size() > 1 && rows.get(1).matches("^\\|[\\s:|-]+\\|?$") ? 2 : 1;
        String header = String.join("\n", rows.subList(0, Math.min(headerRows, rows.size())));
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder(header);
        for (String row : rows.subList(Math.min(headerRows, rows.size()), rows.size())) {
            if (part.length() > header.length() && part.length() + 1 + row.length() > size) {
                parts.add(part.toString());
                part = new StringBuilder(header);
            }
            part.append('\n').append(row);
        }
        parts.add(part.toString());
        return parts;
    }

    /** The end of a chunk to repeat at the start of the next: whole words, at most overlap chars. */
    private String tail(String text) {
        if (overlap == 0 || text.length() <= overlap) {
            return overlap == 0 ? "" : text;
        }
        String tail = text.substring(text.length() - overlap);
        int space = tail.indexOf(' ');
        return space < 0 ? tail : tail.substring(space + 1);
    }
}
