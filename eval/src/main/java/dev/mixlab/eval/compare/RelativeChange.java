package dev.mixlab.eval.compare;

import java.util.Locale;

/**
 * How a score compares with the baseline's, written the way the paper writes it: a percentage below
 * a doubling ({@code +8.2%}, {@code -3.1%}), a multiple from twice the baseline on ({@code 12.0×}).
 * One decimal, rounded half up. The sign is the direction of the value; whether that is better
 * depends on the metric ({@link #improvement}).
 */
public final class RelativeChange {
    private RelativeChange() {}

    /** value / baseline, or null when the baseline is 0 (no ratio exists). */
    public static Double ratio(double value, double baseline) {
        return baseline == 0 ? null : value / baseline;
    }

    public static String format(double value, double baseline) {
        Double ratio = ratio(value, baseline);
        if (ratio == null) return value == 0 ? "±0.0%" : "n/a (baseline 0)";
        if (ratio >= 2) return String.format(Locale.ROOT, "%.1f×", ratio);
        return String.format(Locale.ROOT, "%+.1f%%", (ratio - 1) * 100);
    }

    /**
     * The relative change signed so that positive is better: for lower-is-better metrics (bpb,
     * loss) a drop is an improvement.
     */
    public static Double improvement(double value, double baseline, boolean higherIsBetter) {
        Double ratio = ratio(value, baseline);
        if (ratio == null) return null;
        return higherIsBetter ? ratio - 1 : 1 - ratio;
    }
}
