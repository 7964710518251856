package dev.mixlab.eval.stats;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Statistics over runs that differ only in their training seed: each seed is one observation, so
 * the spread is training noise (initialisation, data order), not the sampling of evaluation
 * examples. Intervals use Student's t with n − 1 degrees of freedom: with 3 seeds the 95% critical
 * value is 4.30, not 1.96.
 */
public final class AcrossSeeds {
    public static final String T_METHOD = "t over seeds";
    public static final String PAIRED_METHOD = "paired t over seeds";
    public static final String WELCH_METHOD = "Welch t over seeds";

    private AcrossSeeds() {}

    /**
     * n, mean and sample standard deviation (n − 1 in the denominator) of per-seed values.
     *
     * @param sd NaN when n = 1
     */
    public record Summary(int n, double mean, double sd) {
        public static Summary of(Collection<Double> values) {
            if (values.isEmpty()) throw new IllegalArgumentException("no values to summarise");
            int n = values.size();
            double mean = values.stream().mapToDouble(Double::doubleValue).sum() / n;
            if (n == 1) return new Summary(1, mean, Double.NaN);
            double squares = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
            return new Summary(n, mean, Math.sqrt(squares / (n - 1)));
        }

        /** sd / √n; NaN when n = 1. */
        public double stderr() {
            return sd / Math.sqrt(n);
        }

        /** mean ± t(0.975, n − 1) · sd/√n, or null for one seed (no spread is known). */
        public Interval interval() {
            if (n < 2) return null;
            double half = StudentT.critical95(n - 1) * stderr();
            return new Interval(mean - half, mean + half, T_METHOD);
        }
    }

    /**
     * A difference of means between two groups of seeds with its 95% interval and two-sided
     * p-value.
     *
     * @param difference mean(compared) − mean(baseline)
     * @param interval 95% interval of the difference (method {@link #PAIRED_METHOD} or {@link
     *     #WELCH_METHOD})
     * @param df degrees of freedom of the t statistic
     * @param p two-sided p-value of "no difference"; 1 when both groups are constant and equal, 0
     *     when constant and different
     */
    public record Test(double difference, Interval interval, double df, double p) {
        public String method() {
            return interval.method();
        }
    }

    /**
     * Compares two groups of seeds: paired by seed when both have exactly the same seeds (a seed
     * fixes the initialisation, so the per-seed difference removes that part of the noise), Welch's
     * unequal-variance test otherwise. Null when either group has fewer than two seeds.
     *
     * @param compared seed → value of the compared runs
     * @param baseline seed → value of the baseline runs
     */
    public static Test compare(Map<Long, Double> compared, Map<Long, Double> baseline) {
        if (compared.size() < 2 || baseline.size() < 2) return null;
        if (compared.keySet().equals(baseline.keySet())) return paired(compared, baseline);
        return welch(compared.values(), baseline.values());
    }

    /** Paired t-test on the per-seed differences; both maps must have the same seeds. */
    public static Test paired(Map<Long, Double> compared, Map<Long, Double> baseline) {
        if (!compared.keySet().equals(baseline.keySet()))
            throw new IllegalArgumentException(
                    "a paired test needs the same seeds: "
                            + new TreeSet<>(compared.keySet())
                            + " vs "
                            + new TreeSet<>(baseline.keySet()));
        List<Double> differences =
                new TreeSet<>(compared.keySet())
                        .stream().map(seed -> compared.get(seed) - baseline.get(seed)).toList();
        Summary d = Summary.of(differences);
        return test(d.mean(), d.stderr(), d.n() - 1, PAIRED_METHOD);
    }

    /**
     * Welch's t-test: se = √(s₁²/n₁ + s₂²/n₂), Welch–Satterthwaite degrees of freedom (s₁²/n₁ +
     * s₂²/n₂)² / ((s₁²/n₁)²/(n₁−1) + (s₂²/n₂)²/(n₂−1)).
     */
    public static Test welch(Collection<Double> compared, Collection<Double> baseline) {
        Summary a = Summary.of(compared);
        Summary b = Summary.of(baseline);
        if (a.n() < 2 || b.n() < 2)
            throw new IllegalArgumentException("Welch's test needs at least two seeds per group");
        double va = a.sd() * a.sd() / a.n();
        double vb = b.sd() * b.sd() / b.n();
        double se = Math.sqrt(va + vb);
        double df =
                va + vb == 0
                        ? a.n() + b.n() - 2
                        : (va + vb) * (va + vb) / (va * va / (a.n() - 1) + vb * vb / (b.n() - 1));
        return test(a.mean() - b.mean(), se, df, WELCH_METHOD);
    }

    private static Test test(double difference, double se, double df, String method) {
        double half = StudentT.critical95(df) * se;
        double p = se == 0 ? (difference == 0 ? 1 : 0) : StudentT.twoSidedP(difference / se, df);
        return new Test(
                difference, new Interval(difference - half, difference + half, method), df, p);
    }
}
