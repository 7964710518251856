package dev.mixlab.mixtures.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits a token budget over weighted sources so that the parts are whole tokens and sum exactly to
 * the budget.
 */
public final class TokenBudget {
    private TokenBudget() {}

    /**
     * Largest-remainder rounding of {@code weight × budget}: each source gets the floor of its
     * exact share, and the leftover tokens go one each to the largest fractional parts (ties:
     * declaration order). Exact for budgets up to 2^53 tokens, which covers any real pretraining
     * budget.
     */
    public static Map<String, Long> allocate(Map<String, Double> weights, long budget) {
        double total = weights.values().stream().mapToDouble(Double::doubleValue).sum();
        Map<String, Long> parts = new LinkedHashMap<>();
        List<Map.Entry<String, Double>> remainders = new ArrayList<>();
        long assigned = 0;
        for (Map.Entry<String, Double> w : weights.entrySet()) {
            double exact = w.getValue() / total * budget;
            long floor = (long) Math.floor(exact);
            parts.put(w.getKey(), floor);
            assigned += floor;
            remainders.add(Map.entry(w.getKey(), exact - floor));
        }
        remainders.sort(
                Comparator.comparing((Map.Entry<String, Double> e) -> e.getValue()).reversed());
        for (int i = 0; assigned < budget; i = (i + 1) % remainders.size()) {
            parts.merge(remainders.get(i).getKey(), 1L, Long::sum);
            assigned++;
        }
        return parts;
    }
}
