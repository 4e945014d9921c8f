package io.sextant.ask;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the model replied to a SQL generation or repair prompt: SQL, a request to clarify with
 * options, or a statement that the question cannot be answered.
 */
record ModelAnswer(Kind kind, String sql, String message, List<String> options) {

    enum Kind {
        SQL,
        CLARIFY,
        UNANSWERABLE,
        UNREADABLE
    }

    private static final Pattern FENCED = Pattern.compile("```(?:sql|SQL)?\\s*\\n?(.*?)```", Pattern.DOTALL);
    private static final Pattern BARE_SELECT = Pattern.compile("(?is)^\\s*((?:WITH|SELECT)\\b.*)$");

    /** Reads a reply; anything that is none of the three forms is UNREADABLE. */
    static ModelAnswer parse(String reply) {
        String text = reply == null ? "" : reply.strip();
        String upper = text.toUpperCase(Locale.ROOT);
        int clarify = upper.indexOf("CLARIFY:");
        int unanswerable = upper.indexOf("UNANSWERABLE:");
        Matcher fenced = FENCED.matcher(text);
        boolean hasSql = fenced.find();
        if (unanswerable >= 0 && (!hasSql || unanswerable < fenced.start())) {
            return new ModelAnswer(Kind.UNANSWERABLE, null, firstLine(text.substring(unanswerable + 13)), List.of());
        }
        if (clarify >= 0 && (!hasSql || clarify < fenced.start())) {
            String rest = text.substring(clarify + 8);
            List<String> options = new ArrayList<>();
            for (String line : rest.split("\\R")) {
                String l = line.strip();
                if (l.startsWith("-") || l.startsWith("*") || l.matches("\\d+[.)].*")) {
                    String option = l.replaceFirst("^(?:[-*]|\\d+[.)])\\s*", "").strip();
                    if (!option.isEmpty()) {
                        options.add(option);
                    }
                }
            }
            return new ModelAnswer(Kind.CLARIFY, null, firstLine(rest), options);
        }
        if (hasSql) {
            return new ModelAnswer(Kind.SQL, fenced.group(1).strip(), null, List.of());
        }
        Matcher bare = BARE_SELECT.matcher(text);
        if (bare.matches()) {
            return new ModelAnswer(Kind.SQL, bare.group(1).strip(), null, List.of());
        }
        return new ModelAnswer(Kind.UNREADABLE, null, firstLine(text), List.of());
    }

    private static String firstLine(String text) {
        String s = text.strip();
        int newline = s.indexOf('\n');
        return (newline < 0 ? s : s.substring(0, newline)).strip();
    }
}
