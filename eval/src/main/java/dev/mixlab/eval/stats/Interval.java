package dev.mixlab.eval.stats;

/**
 * A 95% confidence interval and how it was obtained.
 *
 * @param low lower bound
 * @param high upper bound
 * @param method {@code stderr} (normal approximation), {@code wilson} or {@code paired bootstrap}
 */
public record Interval(double low, double high, String method) {
    /** Two-sided 95% quantile of the standard normal. */
    public static final double Z95 = 1.959963984540054;

    public Interval {
        if (!(low <= high))
            throw new IllegalArgumentException(
                    "interval bounds out of order: [" + low + ", " + high + "]");
    }

    /** {@code center ± 1.96 · stderr}. */
    public static Interval fromStderr(double center, double stderr) {
        return new Interval(center - Z95 * stderr, center + Z95 * stderr, "stderr");
    }

    /**
     * Wilson score interval of a proportion. For win-rates, {@code rate} counts a tie as half a
     * win: it stays inside [0, 1] and, unlike the normal approximation, does not collapse to a
     * point at rates of 0 or 1 with few comparisons.
     */
    public static Interval wilson(double rate, long n) {
        if (n <= 0)
            throw new IllegalArgumentException("a Wilson interval needs at least one comparison");
        double z2 = Z95 * Z95;
        double center = (rate + z2 / (2 * n)) / (1 + z2 / n);
        double half = Z95 / (1 + z2 / n) * Math.sqrt(rate * (1 - rate) / n + z2 / (4.0 * n * n));
        return new Interval(Math.max(0, center - half), Math.min(1, center + half), "wilson");
    }

    public Interval scaled(double factor) {
        return factor >= 0
                ? new Interval(low * factor, high * factor, method)
                : new Interval(high * factor, low * factor, method);
    }

    public double halfWidth() {
        return (high - low) / 2;
    }
}
