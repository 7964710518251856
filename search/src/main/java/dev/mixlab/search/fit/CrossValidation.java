package dev.mixlab.search.fit;

import java.util.SplittableRandom;

/**
 * k-fold cross-validation of a model on a swarm: runs are shuffled with a seed and dealt into k
 * folds; each fold is predicted by the model fitted on the others.
 */
public final class CrossValidation {
    private CrossValidation() {}

    /** Fold of every run: a seeded shuffle dealt round-robin into {@code min(k, n)} folds. */
    public static int[] folds(int runs, int k, long seed) {
        int[] order = permutation(runs, new SplittableRandom(seed));
        int[] fold = new int[runs];
        int folds = Math.min(k, runs);
        for (int i = 0; i < runs; i++) fold[order[i]] = i % folds;
        return fold;
    }

    /** Out-of-fold predictions of {@code kind} and their quality. */
    public static FitQuality run(ModelKind kind, double[][] x, double[] y, int[] fold) {
        int folds = 0;
        for (int f : fold) folds = Math.max(folds, f + 1);
        double[] predicted = new double[y.length];
        for (int f = 0; f < folds; f++) {
            int held = 0;
            for (int v : fold) if (v == f) held++;
            double[][] trainX = new double[y.length - held][];
            double[] trainY = new double[y.length - held];
            for (int i = 0, t = 0; i < y.length; i++) {
                if (fold[i] == f) continue;
                trainX[t] = x[i];
                trainY[t++] = y[i];
            }
            MixtureModel model = kind.fit(trainX, trainY);
            for (int i = 0; i < y.length; i++) if (fold[i] == f) predicted[i] = model.predict(x[i]);
        }
        return FitQuality.of(y, predicted);
    }

    static int[] permutation(int n, SplittableRandom random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }
}
