package io.sextant.ask;

import io.sextant.access.Permissions;
import io.sextant.access.Principal;
import io.sextant.catalog.SemanticModel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Links the phrases of a question to the semantic model: tables, fields, metrics, filters and
 * sample values, by their names and synonyms. Deterministic and explainable: each link says which
 * words made it. A phrase that links equally well to elements meaning different things is an
 * ambiguity; a phrase that links only to elements the principal may not see is a restriction.
 */
public final class SchemaLinker {

    /** How an element was named in the question. */
    enum Strength {
        /** Its name, a synonym or a sample value, word for word. */
        EXACT(1.0),
        /** The last word of its multi-word name ("price" for unit price). */
        HEAD(0.9);

        final double score;

        Strength(double score) {
            this.score = score;
        }
    }

    /** A model element a phrase can name. */
    record Element(
            String kind,
            String table,
            String physicalTable,
            String name,
            String expr,
            String description,
            Set<String> targets,
            boolean visible,
            String dataType) {

        Element(
                String kind,
                String table,
                String physicalTable,
                String name,
                String expr,
                String description,
                Set<String> targets,
                boolean visible) {
            this(kind, table, physicalTable, name, expr, description, targets, visible, null);
        }

        /** True for a field of data type boolean ("discontinued"). */
        boolean flag() {
            return dataType != null && dataType.equalsIgnoreCase("boolean");
        }

        String display() {
            return name.replace('_', ' ');
        }

        String id() {
            return kind + ":" + table + "." + name;
        }
    }

    /** One phrase of the question and an element it names. */
    record Link(int start, int end, String phrase, Element element, Strength strength, boolean value) {}

    /** A phrase that names two or more different things; options rephrase the question for each. */
    record Ambiguity(String phrase, List<String> meanings, List<String> options) {}

    /** The linking of one question. */
    record Linked(
            List<Link> links,
            List<Ambiguity> ambiguities,
            List<String> restrictedPhrases,
            Set<String> tables,
            double coverage) {

        boolean empty() {
            return links.stream().noneMatch(l -> l.element().visible());
        }

        /**
         * True when nothing of the model is named but a few values in a question that is mostly
         * about something else ("the weather in Paris tomorrow"): the model does not cover it.
         */
        boolean strayValuesOnly() {
            return !empty()
                    && links.stream().filter(l -> l.element().visible()).allMatch(Link::value)
                    && coverage < 0.5;
        }

        List<Element> elements() {
            Map<String, Element> byId = new LinkedHashMap<>();
            links.stream()
                    .filter(l -> l.element().visible())
                    .forEach(l -> byId.putIfAbsent(l.element().id(), l.element()));
            return List.copyOf(byId.values());
        }
    }

    private record Term(List<String> words, Element element, Strength strength, boolean value) {}

    private static final Pattern COLUMN_REF = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\.([A-Za-z_][A-Za-z0-9_]*)");

    private final SemanticModel model;
    private final Permissions permissions;
    /** Sample values of tables without a row policy (lower case): the ones anybody may match. */
    private final Set<String> publicValues;

    private final Set<String> readAsPrincipal;

    public SchemaLinker(SemanticModel model, Permissions permissions) {
        this(model, permissions, Set.of());
    }

    /**
     * A linker that also links {@code readAsPrincipal} — values of tables under a row policy read
     * for the asking principal ({@link PrincipalValues}), as {@code table.field=value} in lower
     * case.
     */
    SchemaLinker(SemanticModel model, Permissions permissions, Set<String> readAsPrincipal) {
        this.model = model;
        this.permissions = permissions;
        this.readAsPrincipal = readAsPrincipal;
        Set<String> values = new java.util.HashSet<>();
        for (SemanticModel.LogicalTable table : model.tables()) {
            String physical =
                    table.baseTable() == null ? table.name() : table.baseTable().table();
            if (!permissions.rowPolicies().containsKey(physical.toLowerCase(Locale.ROOT))) {
                table.fields().forEach(f -> f.sampleValues().forEach(v -> values.add(v.toLowerCase(Locale.ROOT))));
            }
        }
        this.publicValues = values;
    }

    /**
     * How much of the question the model covers, 0..1: the share of its content words (not
     * numbers, time or aggregation words) that link to something the principal may see. The
     * linker's own confidence that the data can answer the question.
     */
    public double coverage(String question, Principal principal) {
        Linked linked = link(question, principal, 0.15);
        return linked.empty() ? 0 : linked.coverage();
    }

    /** The physical tables the question links to (through tables, fields, metrics or values). */
    public Set<String> linkedPhysicalTables(String question, Principal principal) {
        Set<String> tables = new TreeSet<>();
        for (Element e : link(question, principal, 0.15).elements()) {
            tables.add(e.physicalTable());
            e.targets().stream().filter(t -> t.contains(".")).forEach(t -> tables.add(t.substring(0, t.indexOf('.'))));
        }
        return tables;
    }

    /** Links a question (with the earlier question of a follow-up, if any) for the principal. */
    Linked link(String question, Principal principal, double clarifyMargin) {
        List<String> words = Phrases.words(question).stream().map(Phrases::stem).toList();
        List<Link> links = new ArrayList<>();
        for (Term term : terms(principal)) {
            int n = term.words().size();
            for (int i = 0; i + n <= words.size(); i++) {
                if (words.subList(i, i + n).equals(term.words())) {
                    links.add(new Link(
                            i, i + n, String.join(" ", term.words()), term.element(), term.strength(), term.value()));
                }
            }
        }
        links = longestSpans(links);
        Set<String> namedTables = new TreeSet<>();
        links.stream()
                .filter(l -> l.element().kind().equals("table") && l.element().visible())
                .forEach(l -> namedTables.add(l.element().table()));

        Map<String, List<Link>> bySpan = new LinkedHashMap<>();
        links.forEach(l -> bySpan.computeIfAbsent(l.start() + ":" + l.end(), k -> new ArrayList<>())
                .add(l));
        // Tables the question is clearly about: named ones, and those of phrases with one meaning.
        Set<String> anchors = new TreeSet<>(namedTables);
        for (List<Link> span : bySpan.values()) {
            Set<String> spanTables = new TreeSet<>();
            span.stream()
                    .filter(l -> l.element().visible())
                    .forEach(l -> spanTables.add(l.element().table()));
            if (spanTables.size() == 1) {
                anchors.addAll(spanTables);
            }
        }
        List<Ambiguity> ambiguities = new ArrayList<>();
        List<String> restricted = new ArrayList<>();
        Set<Integer> covered = new LinkedHashSet<>();
        for (List<Link> span : bySpan.values()) {
            List<Link> visible =
                    span.stream().filter(l -> l.element().visible()).toList();
            // "customer email" for a user who may not read customers.email: the phrase means the
            // hidden field of a table the question names, not a visible namesake elsewhere
            boolean hiddenHere = span.stream()
                    .filter(l -> !l.element().visible())
                    .anyMatch(l -> namedTables.contains(l.element().table())
                            && visible.stream()
                                    .noneMatch(v -> v.element()
                                            .table()
                                            .equals(l.element().table())));
            if (visible.isEmpty() || hiddenHere) {
                restricted.add(span.get(0).phrase());
                continue;
            }
            for (int i = visible.get(0).start(); i < visible.get(0).end(); i++) {
                covered.add(i);
            }
            ambiguity(question, visible, anchors, clarifyMargin).ifPresent(ambiguities::add);
        }
        Set<String> tables = new TreeSet<>();
        links.stream()
                .filter(l -> l.element().visible())
                .forEach(l -> tables.add(l.element().table()));
        long content = Phrases.content(question).stream()
                .filter(w -> !w.chars().allMatch(Character::isDigit))
                .count();
        double coverage = content == 0 ? 0 : Math.min(1.0, (double) covered.size() / content);
        return new Linked(links, ambiguities, restricted, tables, coverage);
    }

    private java.util.Optional<Ambiguity> ambiguity(
            String question, List<Link> span, Set<String> anchors, double margin) {
        // A phrase that names a table ("customers") refers to the table; a phrase that names
        // fields only by the last word of their names ("code") is too vague to ask about.
        boolean namesTable = span.stream().anyMatch(l -> l.element().kind().equals("table"));
        boolean exact = span.stream().anyMatch(l -> l.strength() == Strength.EXACT && !l.value());
        if (namesTable || !exact) {
            return java.util.Optional.empty();
        }
        boolean anchored =
                span.stream().anyMatch(l -> anchors.contains(l.element().table()));
        List<Link> measures = span.stream()
                .filter(l -> !l.element().kind().equals("table") && !l.value())
                .filter(l -> !anchored || anchors.contains(l.element().table()))
                .sorted(Comparator.comparingDouble((Link l) -> -l.strength().score))
                .toList();
        if (measures.size() < 2) {
            return java.util.Optional.empty();
        }
        double best = measures.get(0).strength().score;
        Map<Set<String>, Link> meanings = new LinkedHashMap<>();
        for (Link l : measures) {
            if (best - l.strength().score <= margin + 1e-9) {
                meanings.putIfAbsent(l.element().targets(), l);
            }
        }
        if (meanings.size() < 2) {
            return java.util.Optional.empty();
        }
        String phrase = originalPhrase(question, measures.get(0));
        List<String> names = new ArrayList<>();
        List<String> options = new ArrayList<>();
        for (Link l : meanings.values()) {
            if (!names.contains(l.element().display())) {
                names.add(l.element().display());
                options.add(rephrase(question, phrase, l.element().display()));
            }
        }
        if (names.size() < 2) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new Ambiguity(phrase, names, options));
    }

    /** Drops links whose words lie inside a longer link's words ("revenue" in "net revenue"). */
    private static List<Link> longestSpans(List<Link> links) {
        List<Link> kept = new ArrayList<>();
        for (Link l : links) {
            boolean inside = links.stream()
                    .anyMatch(o -> o.start() <= l.start()
                            && o.end() >= l.end()
                            && (o.end() - o.start()) > (l.end() - l.start()));
            if (!inside) {
                kept.add(l);
            }
        }
        return kept;
    }

    private List<Term> terms(Principal principal) {
        List<Term> terms = new ArrayList<>();
        for (SemanticModel.LogicalTable table : model.tables()) {
            String physical =
                    table.baseTable() == null ? table.name() : table.baseTable().table();
            boolean tableVisible = permissions.canRead(principal, physical);
            Element tableElement = new Element(
                    "table",
                    table.name(),
                    physical,
                    table.name(),
                    physical,
                    table.description(),
                    Set.of(physical),
                    tableVisible);
            addPhrases(terms, tableElement, table.name(), table.synonyms());
            table.fields().forEach(field -> {
                boolean column = field.expr() != null && field.expr().matches("[A-Za-z_][A-Za-z0-9_]*");
                Set<String> targets = column ? Set.of(physical + "." + field.expr()) : refs(field.expr(), physical);
                boolean visible = tableVisible
                        && targets.stream()
                                .allMatch(t -> permissions.canRead(
                                        principal, t.substring(0, t.indexOf('.')), t.substring(t.indexOf('.') + 1)));
                Element element = new Element(
                        field.kind().name().toLowerCase(Locale.ROOT),
                        table.name(),
                        physical,
                        field.name(),
                        field.expr(),
                        field.description(),
                        targets,
                        visible,
                        field.dataType());
                addPhrases(terms, element, field.name(), field.synonyms());
                // Sample values of a table under a row policy may come from rows other principals
                // may not see: a match on one would tell that it exists, so only those that are
                // also sample values of a table without a policy (region codes ...) are linked, those
                // of an enumeration (loyalty tiers): a declared vocabulary, not a row, and those read
                // for this principal from the rows they may see.
                boolean restricted =
                        permissions.rowPolicies().containsKey(physical.toLowerCase(Locale.ROOT)) && !field.isEnum();
                for (String sample : field.sampleValues()) {
                    if (restricted
                            && !publicValues.contains(sample.toLowerCase(Locale.ROOT))
                            && !readAsPrincipal.contains(PrincipalValues.key(table.name(), field.name(), sample))) {
                        continue;
                    }
                    List<String> words =
                            Phrases.words(sample).stream().map(Phrases::stem).toList();
                    if (!words.isEmpty() && !(words.size() == 1 && Phrases.STOPWORDS.contains(words.get(0)))) {
                        terms.add(new Term(words, element, Strength.EXACT, true));
                    }
                }
            });
            table.metrics()
                    .forEach(metric -> addMetric(
                            terms,
                            principal,
                            table,
                            physical,
                            "metric",
                            metric.name(),
                            metric.expr(),
                            metric.description(),
                            metric.synonyms()));
            table.filters()
                    .forEach(filter -> addMetric(
                            terms,
                            principal,
                            table,
                            physical,
                            "filter",
                            filter.name(),
                            filter.expr(),
                            filter.description(),
                            filter.synonyms()));
        }
        return terms;
    }

    private void addMetric(
            List<Term> terms,
            Principal principal,
            SemanticModel.LogicalTable table,
            String physical,
            String kind,
            String name,
            String expr,
            String description,
            List<String> synonyms) {
        Set<String> targets = refs(expr, physical);
        boolean visible = permissions.canRead(principal, physical)
                && targets.stream()
                        .allMatch(t -> permissions.canRead(
                                principal, t.substring(0, t.indexOf('.')), t.substring(t.indexOf('.') + 1)));
        Element element = new Element(kind, table.name(), physical, name, expr, description, targets, visible);
        addPhrases(terms, element, name, synonyms);
    }

    private static void addPhrases(List<Term> terms, Element element, String name, List<String> synonyms) {
        List<String> nameWords = Phrases.words(name.replace('_', ' ')).stream()
                .map(Phrases::stem)
                .toList();
        if (!nameWords.isEmpty()) {
            terms.add(new Term(nameWords, element, Strength.EXACT, false));
            String head = nameWords.get(nameWords.size() - 1);
            if (nameWords.size() > 1 && !Phrases.STOPWORDS.contains(head) && head.length() > 2) {
                terms.add(new Term(List.of(head), element, Strength.HEAD, false));
            }
        }
        for (String synonym : synonyms) {
            List<String> words =
                    Phrases.words(synonym).stream().map(Phrases::stem).toList();
            if (!words.isEmpty()) {
                terms.add(new Term(words, element, Strength.EXACT, false));
            }
        }
    }

    /** The physical columns an expression names ({@code table.column}), or the table itself. */
    private static Set<String> refs(String expr, String physical) {
        Set<String> refs = new TreeSet<>();
        if (expr != null) {
            Matcher m = COLUMN_REF.matcher(expr);
            while (m.find()) {
                refs.add(m.group(1) + "." + m.group(2));
            }
        }
        if (refs.isEmpty()) {
            refs.add(physical + "." + (expr == null ? "*" : expr.strip()));
        }
        return refs;
    }

    private static String originalPhrase(String question, Link link) {
        List<String> raw = new ArrayList<>();
        Matcher m = Pattern.compile("[\\p{L}\\p{N}_]+").matcher(question);
        while (m.find()) {
            raw.add(m.group());
        }
        return String.join(" ", raw.subList(link.start(), Math.min(link.end(), raw.size())));
    }

    private static String rephrase(String question, String phrase, String replacement) {
        int at = question.toLowerCase(Locale.ROOT).indexOf(phrase.toLowerCase(Locale.ROOT));
        if (at < 0) {
            return question + " (" + replacement + ")";
        }
        return question.substring(0, at) + replacement + question.substring(at + phrase.length());
    }

    /** The tables and relationships of the model, for the prompt. */
    SemanticModel model() {
        return model;
    }
}
