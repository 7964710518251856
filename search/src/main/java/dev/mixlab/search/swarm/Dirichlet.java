package dev.mixlab.search.swarm;

import java.util.SplittableRandom;

/**
 * Dirichlet draws from a seeded generator. Gamma variates come from Marsaglia and Tsang (2000);
 * shapes below 1 use {@code Gamma(a) = Gamma(a + 1)·U^(1/a)}, kept in logs because small
 * concentrations (0.1 spread over many domains) give shapes of 1e-3 whose draws underflow a double.
 */
public final class Dirichlet {
    private Dirichlet() {}

    /** One draw with parameters {@code alpha} (all > 0); the result sums to 1. */
    public static double[] draw(double[] alpha, SplittableRandom random) {
        double[] logs = new double[alpha.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < alpha.length; j++) {
            logs[j] = logGamma(alpha[j], random);
            max = Math.max(max, logs[j]);
        }
        double sum = 0;
        double[] x = new double[alpha.length];
        for (int j = 0; j < alpha.length; j++) {
            x[j] = Math.exp(logs[j] - max);
            sum += x[j];
        }
        for (int j = 0; j < alpha.length; j++) x[j] /= sum;
        return x;
    }

    /** The log of a Gamma(shape, 1) variate. */
    static double logGamma(double shape, SplittableRandom random) {
        if (shape < 1) {
            double u = 1 - random.nextDouble(); // (0, 1]
            return logGamma(shape + 1, random) + Math.log(u) / shape;
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double z = random.nextGaussian();
            double v = 1 + c * z;
            if (v <= 0) continue;
            v = v * v * v;
            double u = 1 - random.nextDouble();
            if (Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) return Math.log(d * v);
        }
    }
}
