package io.sextant.eval;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Ranking metrics over document ids, as BEIR computes them: nDCG@k with graded relevance
 * (gain = relevance, discount = log2(rank + 1)), Recall@k and reciprocal rank.
 */
public final class RetrievalMetrics {

    private RetrievalMetrics() {}

    /** nDCG@k of a ranking (duplicates count once, at their first rank). */
    public static double ndcg(List<String> ranking, Map<String, Integer> relevance, int k) {
        List<String> ranked = distinct(ranking);
        double dcg = 0;
        for (int i = 0; i < Math.min(k, ranked.size()); i++) {
            dcg += relevance.getOrDefault(ranked.get(i), 0) / log2(i + 2);
        }
        List<Integer> ideal = relevance.values().stream()
                .filter(r -> r > 0)
                .sorted((a, b) -> b - a)
                .toList();
        double idcg = 0;
        for (int i = 0; i < Math.min(k, ideal.size()); i++) {
            idcg += ideal.get(i) / log2(i + 2);
        }
        return idcg == 0 ? 0 : dcg / idcg;
    }

    /** Share of the relevant documents found in the first k. */
    public static double recall(List<String> ranking, Map<String, Integer> relevance, int k) {
        Set<String> relevant = new HashSet<>();
        relevance.forEach((id, r) -> {
            if (r > 0) {
                relevant.add(id);
            }
        });
        if (relevant.isEmpty()) {
            return 0;
        }
        List<String> ranked = distinct(ranking);
        long found = ranked.subList(0, Math.min(k, ranked.size())).stream()
                .filter(relevant::contains)
                .count();
        return (double) found / relevant.size();
    }

    /** 1 / rank of the first relevant document, 0 if none. */
    public static double reciprocalRank(List<String> ranking, Map<String, Integer> relevance) {
        List<String> ranked = distinct(ranking);
        for (int i = 0; i < ranked.size(); i++) {
            if (relevance.getOrDefault(ranked.get(i), 0) > 0) {
                return 1.0 / (i + 1);
            }
        }
        return 0;
    }

    private static List<String> distinct(List<String> ranking) {
        return ranking.stream().distinct().toList();
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
