package dev.mixlab.mixtures.spec;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Expands a {@link SweepSpec} into its mixtures: for each variant (in declaration order) and each
 * swept share {@code s}, a mixture named {@code <sweep>[-<variant>]-<percent>} whose weights are
 * {@code s} × the variant's weights plus {@code (1 − s)} × the rest's. Both groups sum to 1, so
 * every generated mixture does too. Sources with weight 0 are left out.
 */
final class SweepExpansion {
    private SweepExpansion() {}

    /** One generated mixture, before its budget is resolved against the runs that use it. */
    record Generated(String name, double share, Map<String, Double> weights) {}

    /**
     * @param sourceOrder the ablation's sources in declaration order, so every mixture lists its
     *     weights alike
     */
    static List<Generated> expand(SweepSpec sweep, Collection<String> sourceOrder) {
        List<Generated> mixtures = new ArrayList<>();
        for (Map.Entry<String, Map<String, Double>> variant : sweep.weightings().entrySet()) {
            for (double share : sweep.values()) {
                Map<String, Double> combined = new HashMap<>();
                variant.getValue().forEach((s, w) -> combined.merge(s, share * w, Double::sum));
                sweep.rest().forEach((s, w) -> combined.merge(s, (1 - share) * w, Double::sum));
                Map<String, Double> weights = new LinkedHashMap<>();
                for (String source : sourceOrder) {
                    Double w = combined.get(source);
                    if (w != null && w != 0.0) weights.put(source, w);
                }
                String name =
                        sweep.name()
                                + (variant.getKey().isEmpty() ? "" : "-" + variant.getKey())
                                + "-"
                                + percent(share);
                mixtures.add(new Generated(name, share, weights));
            }
        }
        return mixtures;
    }

    /** The swept share written as a percentage for mixture names: 0.25 → 25, 0.125 → 12.5. */
    static String percent(double share) {
        return new BigDecimal(Double.toString(share))
                .movePointRight(2)
                .stripTrailingZeros()
                .toPlainString();
    }
}
