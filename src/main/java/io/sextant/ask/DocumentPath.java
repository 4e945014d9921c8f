package io.sextant.ask;

import io.sextant.SextantException;
import io.sextant.llm.Llm;
import io.sextant.llm.ModelReply;
import io.sextant.llm.Prompts;
import io.sextant.plan.Plan;
import io.sextant.search.HybridSearch;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The document path: passages the user may read that hold what was asked ({@link
 * Answerability}) — the model answers from them with citations, or, without a model, the
 * passages are quoted. A passage on the topic that lacks the asked entity, period or figure is
 * not an answer.
 */
final class DocumentPath {

    private static final Pattern CITATION = Pattern.compile("\\[(\\d+)]");
    /** How many passages an answer quotes at most. */
    private static final int MAX_PASSAGES = 3;

    private final Llm llm;
    private final Prompts prompts;
    private final AskConfig config;

    DocumentPath(Llm llm, Prompts prompts, AskConfig config) {
        this.llm = llm;
        this.prompts = prompts;
        this.config = config;
    }

    /** Answers from the passages that hold what was asked, or declines with what they lack. */
    Answer answer(AskContext c, List<HybridSearch.Hit> hits, double bestCosine) {
        Plan reading = c.plan != null
                ? c.plan
                : QuestionReader.read(
                        c.question,
                        new SchemaLinker.Linked(List.of(), List.of(), List.of(), Set.of(), 0),
                        c.trial.today());
        List<String> missing = new ArrayList<>();
        List<HybridSearch.Hit> passages = hits.stream()
                .filter(h -> h.cosine() != null && h.cosine() >= config.documentThreshold() - 0.1)
                .filter(h -> {
                    Answerability.Verdict verdict =
                            Answerability.check(c.question, reading, h.title() + "\n" + h.text(), c.trial.today());
                    if (!verdict.answers() && missing.isEmpty()) {
                        missing.addAll(verdict.missing());
                    }
                    return verdict.answers();
                })
                .limit(MAX_PASSAGES)
                .toList();
        if (passages.isEmpty()) {
            return c.abstain(
                    List.of("passages on the topic were found, but none holds what was asked (missing: "
                            + String.join(", ", missing) + ")"),
                    "The documents I can see do not answer this.",
                    c.closestQuestions());
        }
        List<Answer.Citation> citations = new ArrayList<>();
        for (int i = 0; i < passages.size(); i++) {
            HybridSearch.Hit h = passages.get(i);
            citations.add(new Answer.Citation(i + 1, h.chunkId(), h.documentId(), h.title(), h.snippet()));
        }
        Confidence confidence = Confidence.documents(bestCosine, config.documentThreshold());
        if (llm.configured()) {
            try {
                return written(c, passages, citations, confidence);
            } catch (SextantException e) {
                confidence.note("the language model is unavailable; quoting the passages instead");
            }
        }
        if (confidence.value() < config.answerThreshold()) {
            confidence.note("confidence below the answer threshold " + config.answerThreshold());
            return c.declined(
                    Decision.ABSTAIN,
                    confidence.value(),
                    confidence.reasons(),
                    "The documents I found do not match the question closely enough.",
                    List.of(),
                    null,
                    AnswerPath.NONE,
                    null);
        }
        StringBuilder text = new StringBuilder("From the documents:");
        for (Answer.Citation citation : citations) {
            text.append("\n[")
                    .append(citation.number())
                    .append("] ")
                    .append(citation.title())
                    .append(": ")
                    .append(citation.snippet());
        }
        return c.fromPassages(confidence, text.toString(), citations, AnswerPath.EXTRACTIVE);
    }

    /** The model's answer from the numbered passages, with the ones it cites. */
    private Answer written(
            AskContext c, List<HybridSearch.Hit> passages, List<Answer.Citation> citations, Confidence confidence) {
        StringBuilder numbered = new StringBuilder();
        for (int i = 0; i < passages.size(); i++) {
            numbered.append('[')
                    .append(i + 1)
                    .append("] ")
                    .append(passages.get(i).title())
                    .append('\n')
                    .append(passages.get(i).text())
                    .append("\n\n");
        }
        Prompts.Template template = prompts.get("document-answer");
        c.promptVersions.put(template.name(), template.version());
        long start = System.nanoTime();
        ModelReply reply =
                llm.chat(null, template.render(Map.of("passages", numbered.toString(), "question", c.question)));
        c.timings.merge("model", (System.nanoTime() - start) / 1_000_000, Long::sum);
        c.inputTokens += reply.inputTokens();
        c.outputTokens += reply.outputTokens();
        if (reply.text().toUpperCase(Locale.ROOT).contains("UNANSWERABLE:")) {
            return c.abstain(
                    List.of("the documents do not answer the question"),
                    "The documents I can see do not answer this.",
                    List.of());
        }
        Set<Integer> cited = new TreeSet<>();
        Matcher m = CITATION.matcher(reply.text());
        while (m.find()) {
            cited.add(Integer.parseInt(m.group(1)));
        }
        List<Answer.Citation> used =
                citations.stream().filter(x -> cited.contains(x.number())).toList();
        if (used.isEmpty()) {
            confidence.lower(0.3, "the answer cites no passage");
        }
        return c.fromPassages(confidence, reply.text().strip(), used.isEmpty() ? citations : used, AnswerPath.DOCUMENT);
    }
}
