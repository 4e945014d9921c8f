package io.sextant.eval;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders an evaluation report as one self-contained HTML page (inline CSS and SVG, no network). */
final class EvalReportHtml {

    private EvalReportHtml() {}

    static String render(AskEval.Report report) {
        DecisionMetrics.Summary s = report.summary();
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Sextant evaluation: ")
                .append(esc(report.suite()))
                .append("</title><style>")
                .append(
                        "body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}")
                .append("td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}th{background:#f3f3f3}")
                .append(".ok{background:#e6f4e6}.bad{background:#fbe3e3}.meh{background:#fff6d9}code{font-size:12px}")
                .append("</style></head><body>");
        h.append("<h1>Sextant evaluation: ").append(esc(report.suite())).append("</h1>");
        h.append("<p>Model: ")
                .append(esc(report.model()))
                .append(" · started ")
                .append(esc(report.startedAt()))
                .append(" · ")
                .append(s.questions())
                .append(" questions</p>");
        h.append("<h2>Headline</h2><table>");
        row(h, "Coverage (share answered)", pct(s.coverage()));
        row(h, "Precision when answered", pct(s.precisionWhenAnswered()));
        row(h, "Abstention recall (unanswerable, restricted)", pct(s.abstentionRecall()));
        row(h, "Clarification rate (ambiguous)", pct(s.clarificationRate()));
        row(h, "False abstention rate (answerable)", pct(s.falseAbstentionRate()));
        row(h, "RS(0) / RS(10) / RS(N)", num(s.rs0()) + " / " + num(s.rs10()) + " / " + num(s.rsN()));
        row(
                h,
                "Execution accuracy (questions with gold SQL; gold columns among the answer's)",
                pct(report.executionAccuracy()));
        row(h, "Execution accuracy, strict (the same columns)", pct(report.strictExecutionAccuracy()));
        row(h, "Schema-linking recall (gold tables among linked)", pct(report.linkingRecall()));
        Map<String, Long> lat = report.latency().getOrDefault("without-model", Map.of());
        row(
                h,
                "Latency without the model p50 / p95",
                lat.getOrDefault("p50", 0L) + " ms / " + lat.getOrDefault("p95", 0L) + " ms");
        h.append("</table>");

        h.append("<h2>Risk against coverage</h2>").append(curve(s.riskCoverage()));

        h.append("<h2>By tag</h2><table><tr><th>tag</th><th>n</th><th>coverage</th><th>precision</th>")
                .append("<th>abstention recall</th><th>clarification</th><th>RS(10)</th></tr>");
        report.byTag()
                .forEach((tag, t) -> h.append("<tr><td>")
                        .append(esc(tag))
                        .append("</td><td>")
                        .append(t.questions())
                        .append("</td><td>")
                        .append(pct(t.coverage()))
                        .append("</td><td>")
                        .append(pct(t.precisionWhenAnswered()))
                        .append("</td><td>")
                        .append(pct(t.abstentionRecall()))
                        .append("</td><td>")
                        .append(pct(t.clarificationRate()))
                        .append("</td><td>")
                        .append(num(t.rs10()))
                        .append("</td></tr>"));
        h.append("</table>");

        h.append(
                "<h2>Per question: stage latency (ms) and model tokens (tokens-in, tokens-out)</h2><table><tr><th>stage</th><th>p50</th><th>p95</th><th>n</th></tr>");
        report.latency()
                .forEach((stage, v) -> h.append("<tr><td>")
                        .append(esc(stage))
                        .append("</td><td>")
                        .append(v.get("p50"))
                        .append("</td><td>")
                        .append(v.get("p95"))
                        .append("</td><td>")
                        .append(v.get("n"))
                        .append("</td></tr>"));
        h.append("</table>");

        h.append("<h2>Questions</h2><table><tr><th>id</th><th>user</th><th>question</th><th>expected</th>")
                .append("<th>outcome</th><th>correct</th><th>confidence</th><th>path</th><th>reasons</th></tr>");
        for (AskEval.Result r : report.results()) {
            String cls = DecisionMetrics.score(
                                    new DecisionMetrics.Judged(r.expected(), r.outcome(), r.correct(), r.confidence()),
                                    1)
                            > 0
                    ? "ok"
                    : r.outcome() == DecisionMetrics.Outcome.ANSWER ? "bad" : "meh";
            h.append("<tr class=\"")
                    .append(cls)
                    .append("\"><td>")
                    .append(esc(r.id()))
                    .append("</td><td>")
                    .append(esc(r.user()))
                    .append("</td><td>")
                    .append(esc(r.question()));
            if (r.sql() != null) {
                h.append("<br><code>").append(esc(r.sql())).append("</code>");
            }
            h.append("</td><td>")
                    .append(r.expected())
                    .append("</td><td>")
                    .append(r.outcome())
                    .append("</td><td>")
                    .append(r.outcome() == DecisionMetrics.Outcome.ANSWER ? (r.correct() ? "yes" : "no") : "")
                    .append("</td><td>")
                    .append(num(r.confidence()))
                    .append("</td><td>")
                    .append(esc(r.path()))
                    .append("</td><td>")
                    .append(esc(String.join("; ", r.reasons())))
                    .append(r.note() == null ? "" : " (" + esc(r.note()) + ")")
                    .append("</td></tr>");
        }
        h.append("</table></body></html>\n");
        return h.toString();
    }

    /** Risk (y) against coverage (x) as an SVG step line; both axes 0..1. */
    private static String curve(List<DecisionMetrics.CurvePoint> points) {
        int w = 420;
        int hgt = 260;
        int pad = 40;
        StringBuilder svg = new StringBuilder(
                "<svg width=\"" + w + "\" height=\"" + hgt + "\" role=\"img\" aria-label=\"risk-coverage curve\">");
        svg.append("<rect x=\"")
                .append(pad)
                .append("\" y=\"10\" width=\"")
                .append(w - pad - 10)
                .append("\" height=\"")
                .append(hgt - pad - 10)
                .append("\" fill=\"none\" stroke=\"#999\"/>");
        svg.append("<text x=\"")
                .append(w / 2)
                .append("\" y=\"")
                .append(hgt - 8)
                .append("\" text-anchor=\"middle\">coverage</text>");
        svg.append("<text x=\"12\" y=\"")
                .append(hgt / 2)
                .append("\" transform=\"rotate(-90 12 ")
                .append(hgt / 2)
                .append(")\" text-anchor=\"middle\">risk</text>");
        for (double tick : new double[] {0, 0.5, 1}) {
            svg.append(String.format(
                    Locale.ROOT,
                    "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">%.1f</text>",
                    pad + tick * (w - pad - 10),
                    hgt - pad + 14,
                    tick));
            svg.append(String.format(
                    Locale.ROOT,
                    "<text x=\"%d\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\">%.1f</text>",
                    pad - 4,
                    10 + (1 - tick) * (hgt - pad - 10) + 3,
                    tick));
        }
        if (!points.isEmpty()) {
            StringBuilder line = new StringBuilder();
            for (DecisionMetrics.CurvePoint p : points) {
                double x = pad + p.coverage() * (w - pad - 10);
                double y = 10 + (1 - p.risk()) * (hgt - pad - 10);
                line.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
                svg.append(String.format(
                        Locale.ROOT,
                        "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"#2a6\"><title>confidence ≥ %.2f: coverage %.2f, risk %.2f</title></circle>",
                        x,
                        y,
                        p.threshold(),
                        p.coverage(),
                        p.risk()));
            }
            svg.append("<polyline fill=\"none\" stroke=\"#2a6\" points=\"")
                    .append(line.toString().strip())
                    .append("\"/>");
        }
        return svg.append("</svg>").toString();
    }

    private static void row(StringBuilder h, String name, String value) {
        h.append("<tr><th>")
                .append(esc(name))
                .append("</th><td>")
                .append(esc(value))
                .append("</td></tr>");
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
