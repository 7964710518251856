package dev.mixlab.eval.stats;

import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Percentile bootstrap of the mean per-example difference between two runs scored on the same
 * examples: examples are resampled with replacement and each resample keeps both runs' scores of an
 * example together, so example difficulty cancels out. Seeded, so a report is reproducible.
 */
public final class PairedBootstrap {
    public static final int RESAMPLES = 2000;
    private static final long SEED = 0x6d69786c6162L;

    private PairedBootstrap() {}

    /**
     * 95% interval of mean(score − baseline) over the examples both maps share, or null when fewer
     * than two are shared.
     *
     * @param scores doc id → score of the compared run
     * @param baseline doc id → score of the baseline run
     */
    public static Interval meanDifference(Map<Long, Double> scores, Map<Long, Double> baseline) {
        TreeSet<Long> shared = new TreeSet<>(scores.keySet());
        shared.retainAll(baseline.keySet());
        if (shared.size() < 2) return null;
        double[] differences =
                shared.stream().mapToDouble(id -> scores.get(id) - baseline.get(id)).toArray();
        SplittableRandom random = new SplittableRandom(SEED);
        double[] means = new double[RESAMPLES];
        int n = differences.length;
        for (int r = 0; r < RESAMPLES; r++) {
            double sum = 0;
            for (int i = 0; i < n; i++) sum += differences[random.nextInt(n)];
            means[r] = sum / n;
        }
        Arrays.sort(means);
        return new Interval(
                means[(int) Math.floor(0.025 * (RESAMPLES - 1))],
                means[(int) Math.ceil(0.975 * (RESAMPLES - 1))],
                "paired bootstrap");
    }
}
