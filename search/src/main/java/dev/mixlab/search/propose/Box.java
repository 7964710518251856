package dev.mixlab.search.propose;

import java.util.List;

/**
 * Where a proposal may lie: weights summing to 1, each between its lower and upper bound. A fixed
 * domain has equal bounds; a repetition cap or a {@code --max-weight} lowers an upper bound.
 */
public record Box(double[] lower, double[] upper) {
    public Box {
        lower = lower.clone();
        upper = upper.clone();
    }

    /** Why no weights fit in the box, naming the domains; empty when some do. */
    public java.util.Optional<String> infeasibility(List<String> domains) {
        double low = 0, high = 0;
        for (int j = 0; j < lower.length; j++) {
            if (lower[j] > upper[j] + 1e-12)
                return java.util.Optional.of(
                        String.format(
                                java.util.Locale.ROOT,
                                "'%s' must be at least %.4g but at most %.4g",
                                domains.get(j),
                                lower[j],
                                upper[j]));
            low += lower[j];
            high += upper[j];
        }
        if (low > 1 + 1e-9)
            return java.util.Optional.of(
                    String.format(
                            java.util.Locale.ROOT,
                            "the lower bounds add up to %.4g, more than 1",
                            low));
        if (high < 1 - 1e-9)
            return java.util.Optional.of(
                    String.format(
                            java.util.Locale.ROOT,
                            "the upper bounds (max weights and repetition caps) add up to %.4g, less than 1",
                            high));
        return java.util.Optional.empty();
    }

    /**
     * The point of the box nearest to {@code v} (Euclidean): {@code clip(v − τ)} for the shift
     * {@code τ} that makes the weights sum to 1. The sum is piecewise linear and falling in {@code
     * τ} with breakpoints at {@code v − upper} and {@code v − lower}; the segment holding 1 is
     * found among the sorted breakpoints and solved exactly.
     */
    public double[] project(double[] v) {
        int d = v.length;
        double[] breaks = new double[2 * d];
        for (int j = 0; j < d; j++) {
            breaks[2 * j] = v[j] - upper[j];
            breaks[2 * j + 1] = v[j] - lower[j];
        }
        java.util.Arrays.sort(breaks);
        // sum(τ) ≥ 1 at the first breakpoint and ≤ 1 at the last; walk to the crossing.
        double tau = breaks[breaks.length - 1];
        double previous = breaks[0];
        double previousSum = sum(v, previous);
        for (int i = 1; i < breaks.length; i++) {
            double at = breaks[i];
            double atSum = sum(v, at);
            if (atSum <= 1) {
                tau =
                        previousSum == atSum
                                ? at
                                : previous
                                        + (previousSum - 1)
                                                * (at - previous)
                                                / (previousSum - atSum);
                break;
            }
            previous = at;
            previousSum = atSum;
        }
        double[] x = new double[d];
        double total = 0;
        for (int j = 0; j < d; j++) {
            x[j] = clip(v[j] - tau, j);
            total += x[j];
        }
        // Rounding leaves an error near machine precision; put it where a bound allows.
        double residual = 1 - total;
        for (int j = 0; j < d && Math.abs(residual) > 0; j++) {
            double moved = clip(x[j] + residual, j) - x[j];
            x[j] += moved;
            residual -= moved;
        }
        return x;
    }

    private double sum(double[] v, double tau) {
        double s = 0;
        for (int j = 0; j < v.length; j++) s += clip(v[j] - tau, j);
        return s;
    }

    private double clip(double value, int j) {
        return Math.max(lower[j], Math.min(upper[j], value));
    }
}
