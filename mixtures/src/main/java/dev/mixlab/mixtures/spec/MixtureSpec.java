package dev.mixlab.mixtures.spec;

import dev.mixlab.filters.Suggestions;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A named mixture: which sources in what token proportions, how many tokens, how much repetition is
 * allowed, and the seed of its document order.
 *
 * @param name unique mixture name (also the directory under {@code mixtures/})
 * @param origin {@code explicit}, or the name of the sweep that generated it
 * @param sweepValue for a swept mixture, the swept share (e.g. 0.25 code); null otherwise
 * @param weights source name → share of tokens; non-negative, summing to 1 (±1e-6)
 * @param budgetTokens total tokens of the mixture (the largest phase using it when not written)
 * @param maxRepetition source name → the most epochs of its pool the mixture may use (default 1: no
 *     repetition)
 * @param seed seed of the document order and shuffles
 */
public record MixtureSpec(
        String name,
        @SpecKeys.NotInYaml String origin,
        @SpecKeys.NotInYaml Double sweepValue,
        Map<String, Double> weights,
        @SpecKeys.YamlKey("budget") long budgetTokens,
        Map<String, Double> maxRepetition,
        long seed) {
    public static final double WEIGHT_TOLERANCE = 1e-6;
    public static final double DEFAULT_MAX_REPETITION = 1.0;

    public MixtureSpec {
        InvalidValueException.check(
                !weights.isEmpty(), "weights", "a mixture needs at least one source weight");
        for (Map.Entry<String, Double> w : weights.entrySet()) {
            InvalidValueException.check(
                    w.getValue() >= 0 && Double.isFinite(w.getValue()),
                    "weights",
                    "weight of '" + w.getKey() + "' is " + w.getValue() + "; weights must be ≥ 0");
        }
        checkWeightSum(weights, "weights");
        InvalidValueException.check(
                budgetTokens > 0, "budget", "budget must be a positive number of tokens");
        for (Map.Entry<String, Double> r : maxRepetition.entrySet()) {
            InvalidValueException.check(
                    weights.containsKey(r.getKey()),
                    "max_repetition",
                    "max_repetition names '"
                            + r.getKey()
                            + "', which is not a source of this mixture"
                            + Suggestions.didYouMean(r.getKey(), weights.keySet()));
            InvalidValueException.check(
                    r.getValue() > 0,
                    "max_repetition",
                    "max_repetition of '"
                            + r.getKey()
                            + "' must be > 0 epochs, found "
                            + r.getValue());
        }
        weights = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(weights));
        maxRepetition = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(maxRepetition));
    }

    public double maxRepetitionOf(String source) {
        return maxRepetition.getOrDefault(source, DEFAULT_MAX_REPETITION);
    }

    /**
     * The one check of a weight sum: a mixture's weights, and in a sweep each group's weights
     * (shares of that group), must sum to 1 within {@link #WEIGHT_TOLERANCE}.
     */
    static void checkWeightSum(Map<String, Double> weights, String key) {
        double sum = weights.values().stream().mapToDouble(Double::doubleValue).sum();
        InvalidValueException.check(
                Math.abs(sum - 1.0) <= WEIGHT_TOLERANCE,
                key,
                "weights sum to "
                        + java.math.BigDecimal.valueOf(sum)
                                .round(new java.math.MathContext(10))
                                .stripTrailingZeros()
                                .toPlainString()
                        + ", they must sum to 1 (±1e-6)");
    }
}
