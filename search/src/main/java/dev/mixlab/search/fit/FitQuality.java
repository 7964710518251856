package dev.mixlab.search.fit;

import java.util.Arrays;

/**
 * How well a model predicts runs it was not fitted on, from k-fold cross-validation.
 *
 * @param runs runs with a measurement
 * @param r2 1 − Σ(y − ŷ)² / Σ(y − ȳ)² over the out-of-fold predictions (can be negative)
 * @param spearman rank correlation of out-of-fold predictions and measurements
 * @param decisionAccuracy share of run pairs (with different measurements) the out-of-fold
 *     predictions order as measured; ties in the prediction count half (DataDecide's pairwise
 *     decision accuracy)
 * @param rmse root-mean-square out-of-fold error, in the metric's units
 * @param predictions the out-of-fold prediction of every run, in the runs' order
 */
public record FitQuality(
        int runs,
        double r2,
        double spearman,
        double decisionAccuracy,
        double rmse,
        double[] predictions) {

    public static FitQuality of(double[] measured, double[] predicted) {
        int n = measured.length;
        double mean = Arrays.stream(measured).average().orElse(Double.NaN);
        double ssRes = 0, ssTot = 0;
        for (int i = 0; i < n; i++) {
            ssRes += Math.pow(measured[i] - predicted[i], 2);
            ssTot += Math.pow(measured[i] - mean, 2);
        }
        double r2 = ssTot > 0 ? 1 - ssRes / ssTot : Double.NaN;
        return new FitQuality(
                n,
                r2,
                spearman(measured, predicted),
                decisionAccuracy(measured, predicted),
                Math.sqrt(ssRes / n),
                predicted.clone());
    }

    /** Share of pairs ordered alike; NaN when every measurement is equal. */
    public static double decisionAccuracy(double[] measured, double[] predicted) {
        double right = 0;
        long pairs = 0;
        for (int a = 0; a < measured.length; a++) {
            for (int b = a + 1; b < measured.length; b++) {
                double truth = Math.signum(measured[a] - measured[b]);
                if (truth == 0) continue;
                double guess = Math.signum(predicted[a] - predicted[b]);
                pairs++;
                if (guess == truth) right += 1;
                else if (guess == 0) right += 0.5;
            }
        }
        return pairs == 0 ? Double.NaN : right / pairs;
    }

    /** Pearson correlation of the ranks (ties get their mean rank). */
    public static double spearman(double[] a, double[] b) {
        double[] ra = ranks(a), rb = ranks(b);
        double ma = Arrays.stream(ra).average().orElse(0),
                mb = Arrays.stream(rb).average().orElse(0);
        double cov = 0, va = 0, vb = 0;
        for (int i = 0; i < a.length; i++) {
            cov += (ra[i] - ma) * (rb[i] - mb);
            va += (ra[i] - ma) * (ra[i] - ma);
            vb += (rb[i] - mb) * (rb[i] - mb);
        }
        return va > 0 && vb > 0 ? cov / Math.sqrt(va * vb) : Double.NaN;
    }

    static double[] ranks(double[] values) {
        Integer[] order = new Integer[values.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, (p, q) -> Double.compare(values[p], values[q]));
        double[] ranks = new double[values.length];
        for (int i = 0; i < order.length; ) {
            int j = i;
            while (j + 1 < order.length && values[order[j + 1]] == values[order[i]]) j++;
            double rank = (i + j) / 2.0 + 1;
            for (int m = i; m <= j; m++) ranks[order[m]] = rank;
            i = j + 1;
        }
        return ranks;
    }
}
