package dev.mixlab.mixtures.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TokenBudgetTest {
    @Test
    void partsSumExactlyToTheBudgetAndStayWithinOneTokenOfTheExactShare() {
        Random random = new Random(7);
        for (int trial = 0; trial < 2_000; trial++) {
            int n = 1 + random.nextInt(6);
            Map<String, Double> weights = new LinkedHashMap<>();
            double total = 0;
            for (int i = 0; i < n; i++) {
                double w = random.nextDouble();
                weights.put("s" + i, w);
                total += w;
            }
            for (Map.Entry<String, Double> e : weights.entrySet()) e.setValue(e.getValue() / total);
            long budget = 1 + (long) (random.nextDouble() * 3e11);
            Map<String, Long> parts = TokenBudget.allocate(weights, budget);
            assertThat(parts.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(budget);
            weights.forEach(
                    (s, w) ->
                            assertThat((double) parts.get(s))
                                    .isCloseTo(
                                            w * budget, org.assertj.core.data.Offset.offset(1.0)));
        }
    }

    @Test
    void thirdsOfTenGiveTheLeftoverToTheFirstSource() {
        Map<String, Double> weights = new LinkedHashMap<>();
        weights.put("a", 1.0 / 3);
        weights.put("b", 1.0 / 3);
        weights.put("c", 1.0 / 3);
        assertThat(TokenBudget.allocate(weights, 10))
                .containsExactly(Map.entry("a", 4L), Map.entry("b", 3L), Map.entry("c", 3L));
    }
}
