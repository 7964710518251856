package dev.mixlab.search.propose;

import java.util.List;

/**
 * Minimises a smooth function of the mixture weights over a {@link Box} by the spectral projected
 * gradient method (Birgin, Martínez and Raydan 2000): projected steps of Barzilai–Borwein length
 * with a non-monotone line search, from several starting points, keeping the best end point. The
 * fitted laws are convex in the weights (an exponential of a linear function) and so is the KL
 * penalty, but a maximised objective or the log-ridge model need not be, hence the restarts.
 */
public final class Proposer {
    private static final int MAX_ITERATIONS = 5_000;
    private static final int MEMORY = 10;
    private static final double SUFFICIENT_DECREASE = 1e-4;
    private static final double TOLERANCE = 1e-11;

    /** A function of the weights with its gradient. */
    public interface Function {
        double value(double[] x);

        double[] gradient(double[] x);
    }

    private Proposer() {}

    /** The best local minimum reached from {@code starts} (each projected into the box first). */
    public static double[] minimise(Function f, Box box, List<double[]> starts) {
        double[] best = null;
        double bestValue = Double.POSITIVE_INFINITY;
        for (double[] start : starts) {
            double[] x = descend(f, box, box.project(start));
            double value = f.value(x);
            if (best == null || value < bestValue) {
                best = x;
                bestValue = value;
            }
        }
        return best;
    }

    static double[] descend(Function f, Box box, double[] start) {
        int d = start.length;
        double[] x = start;
        double fx = f.value(x);
        double[] g = f.gradient(x);
        double[] recent = new double[MEMORY];
        java.util.Arrays.fill(recent, fx);
        double alpha = 1 / Math.max(1e-12, maxAbs(g));
        for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
            double[] moved = new double[d];
            for (int j = 0; j < d; j++) moved[j] = x[j] - alpha * g[j];
            double[] direction = box.project(moved);
            double slope = 0;
            for (int j = 0; j < d; j++) {
                direction[j] -= x[j];
                slope += g[j] * direction[j];
            }
            if (maxAbs(direction) < TOLERANCE || slope >= 0) break;
            double reference = Double.NEGATIVE_INFINITY;
            for (double r : recent) reference = Math.max(reference, r);
            double lambda = 1;
            double[] y = new double[d];
            double fy;
            while (true) {
                for (int j = 0; j < d; j++) y[j] = x[j] + lambda * direction[j];
                fy = f.value(y);
                if (fy <= reference + SUFFICIENT_DECREASE * lambda * slope) break;
                lambda /= 2;
                if (lambda < 1e-16) return x;
            }
            double[] gy = f.gradient(y);
            double ss = 0, sy = 0;
            for (int j = 0; j < d; j++) {
                double s = y[j] - x[j];
                ss += s * s;
                sy += s * (gy[j] - g[j]);
            }
            alpha = sy > 0 ? Math.min(1e10, Math.max(1e-10, ss / sy)) : 1e10;
            x = y;
            fx = fy;
            g = gy;
            recent[iteration % MEMORY] = fx;
        }
        return x;
    }

    private static double maxAbs(double[] v) {
        double max = 0;
        for (double x : v) max = Math.max(max, Math.abs(x));
        return max;
    }
}
