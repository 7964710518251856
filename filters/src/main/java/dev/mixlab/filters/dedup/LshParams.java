package dev.mixlab.filters.dedup;

import dev.mixlab.filters.Hash64;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Banding of MinHash signatures for locality-sensitive hashing: {@code bands × rows} values, two
 * documents become candidates when all rows of at least one band agree. For true Jaccard similarity
 * s that happens with probability {@code 1 - (1 - s^rows)^bands}, an S-curve that is steeper the
 * more rows per band and shifted left the more bands.
 */
public record LshParams(int bands, int rows) implements Serializable {

    /**
     * Integration steps for the S-curve areas; the result only feeds an argmin over a few
     * candidates.
     */
    private static final int INTEGRATION_STEPS = 2000;

    public LshParams {
        if (bands < 1 || rows < 1) {
            throw new IllegalArgumentException(
                    "LSH bands and rows must be ≥ 1, got bands=" + bands + ", rows=" + rows);
        }
    }

    /**
     * The banding of {@code permutations} signature values (bands × rows = permutations) that best
     * separates pairs above and below {@code threshold}: the one minimising the false-positive area
     * {@code ∫₀ᵗ P(s) ds} plus the false-negative area {@code ∫ₜ¹ 1 − P(s) ds} of its S-curve P.
     * Ties go to fewer bands.
     */
    public static LshParams forThreshold(int permutations, double threshold) {
        if (permutations < 1) {
            throw new IllegalArgumentException("permutations must be ≥ 1, got " + permutations);
        }
        if (!(threshold > 0 && threshold < 1)) {
            throw new IllegalArgumentException(
                    "Jaccard threshold must be strictly between 0 and 1, got " + threshold);
        }
        LshParams best = null;
        double bestError = Double.POSITIVE_INFINITY;
        for (int rows = permutations; rows >= 1; rows--) {
            if (permutations % rows != 0) {
                continue;
            }
            LshParams candidate = new LshParams(permutations / rows, rows);
            double error =
                    candidate.falsePositiveArea(threshold) + candidate.falseNegativeArea(threshold);
            if (error < bestError) {
                best = candidate;
                bestError = error;
            }
        }
        return best;
    }

    public int permutations() {
        return bands * rows;
    }

    /**
     * Probability that a pair with true Jaccard similarity {@code jaccard} shares at least one
     * band.
     */
    public double candidateProbability(double jaccard) {
        return 1 - Math.pow(1 - Math.pow(jaccard, rows), bands);
    }

    /** The similarity where the S-curve is steepest, about {@code (1/bands)^(1/rows)}. */
    public double effectiveThreshold() {
        return Math.pow(1.0 / bands, 1.0 / rows);
    }

    /** The band keys of one signature, one per band. */
    public List<BandKey> bandKeys(long[] signature) {
        if (signature.length != permutations()) {
            throw new IllegalArgumentException(
                    "signature has "
                            + signature.length
                            + " values but LSH expects "
                            + bands
                            + " bands × "
                            + rows
                            + " rows = "
                            + permutations()
                            + "; use the same MinHasher settings");
        }
        List<BandKey> keys = new ArrayList<>(bands);
        for (int band = 0; band < bands; band++) {
            keys.add(new BandKey(band, Hash64.ofSequence(signature, band * rows, rows)));
        }
        return keys;
    }

    double falsePositiveArea(double threshold) {
        return integrate(0, threshold, false);
    }

    double falseNegativeArea(double threshold) {
        return integrate(threshold, 1, true);
    }

    /** Midpoint rule over [from, to] of P(s), or of 1 − P(s) when {@code complement}. */
    private double integrate(double from, double to, boolean complement) {
        double step = (to - from) / INTEGRATION_STEPS;
        double sum = 0;
        for (int i = 0; i < INTEGRATION_STEPS; i++) {
            double p = candidateProbability(from + (i + 0.5) * step);
            sum += complement ? 1 - p : p;
        }
        return sum * step;
    }
}
