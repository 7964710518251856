package dev.mixlab.eval.stats;

/**
 * Student's t distribution with a real number of degrees of freedom (Welch's test gives fractional
 * ones): distribution function through the regularized incomplete beta function, quantiles by
 * bisection on it. Accurate to about 1e-10, far below anything a report prints.
 */
public final class StudentT {
    private StudentT() {}

    /** P(T ≤ t) for {@code df} degrees of freedom. */
    public static double cdf(double t, double df) {
        requirePositive(df);
        if (Double.isInfinite(t)) return t > 0 ? 1 : 0;
        double tail = 0.5 * regularizedBeta(df / (df + t * t), df / 2, 0.5);
        return t > 0 ? 1 - tail : tail;
    }

    /** The {@code p}-quantile: the t with {@link #cdf}(t, df) = p. */
    public static double quantile(double p, double df) {
        requirePositive(df);
        if (!(p > 0 && p < 1))
            throw new IllegalArgumentException("a quantile needs 0 < p < 1, got " + p);
        if (p == 0.5) return 0;
        if (p < 0.5) return -quantile(1 - p, df);
        double high = 1;
        while (cdf(high, df) < p) high *= 2;
        double low = high / 2 >= 1 ? high / 2 : 0;
        // 200 halvings take any bracket below double resolution.
        for (int i = 0; i < 200 && high - low > 1e-13 * high; i++) {
            double mid = (low + high) / 2;
            if (cdf(mid, df) < p) low = mid;
            else high = mid;
        }
        return (low + high) / 2;
    }

    /** Two-sided 95% critical value: {@code quantile(0.975, df)}. */
    public static double critical95(double df) {
        return quantile(0.975, df);
    }

    /** Two-sided p-value of the statistic {@code t}. */
    public static double twoSidedP(double t, double df) {
        return Math.min(1, 2 * cdf(-Math.abs(t), df));
    }

    private static void requirePositive(double df) {
        if (!(df > 0))
            throw new IllegalArgumentException("degrees of freedom must be positive, got " + df);
    }

    /**
     * I_x(a, b) from its continued fraction (modified Lentz), evaluated where it converges fast:
     * directly for x below (a+1)/(a+b+2), through I_x(a,b) = 1 − I_{1−x}(b,a) above.
     */
    static double regularizedBeta(double x, double a, double b) {
        if (x <= 0) return 0;
        if (x >= 1) return 1;
        double logFront =
                logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x);
        if (x < (a + 1) / (a + b + 2)) return Math.exp(logFront) * betaFraction(x, a, b) / a;
        return 1 - Math.exp(logFront) * betaFraction(1 - x, b, a) / b;
    }

    private static double betaFraction(double x, double a, double b) {
        final double tiny = 1e-300;
        double c = 1;
        double d = 1 - (a + b) * x / (a + 1);
        if (Math.abs(d) < tiny) d = tiny;
        d = 1 / d;
        double result = d;
        for (int m = 1; m <= 10_000; m++) {
            int m2 = 2 * m;
            double even = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
            d = 1 + even * d;
            c = 1 + even / c;
            if (Math.abs(d) < tiny) d = tiny;
            if (Math.abs(c) < tiny) c = tiny;
            d = 1 / d;
            result *= d * c;
            double odd = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
            d = 1 + odd * d;
            c = 1 + odd / c;
            if (Math.abs(d) < tiny) d = tiny;
            if (Math.abs(c) < tiny) c = tiny;
            d = 1 / d;
            double step = d * c;
            result *= step;
            if (Math.abs(step - 1) < 1e-15) break;
        }
        return result;
    }

    /** ln Γ(x) for x > 0: Lanczos approximation (g = 7, 9 terms), relative error below 1e-15. */
    static double logGamma(double x) {
        if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
        double[] c = {
            0.99999999999980993,
            676.5203681218851,
            -1259.1392167224028,
            771.32342877765313,
            -176.61502916214059,
            12.507343278686905,
            -0.13857109526572012,
            9.9843695780195716e-6,
            1.5056327351493116e-7
        };
        x -= 1;
        double sum = c[0];
        for (int i = 1; i < c.length; i++) sum += c[i] / (x + i);
        double t = x + 7.5;
        return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(sum);
    }
}
