package dev.mixlab.search.fit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The exponential (log-linear) data mixing law of Ye et al. 2024, {@code L(r) = c + k·exp(Σ_j t_j
 * r_j)}, in the form olmix fits: the amplitude {@code k} folds into the exponents because the
 * weights sum to a constant, leaving {@code c} and one exponent per varying domain as free
 * parameters. The amplitude's sign is fitted too, so a metric that saturates from below (an
 * accuracy, {@code c − k·exp(…)}) is described as well as one that decays from above (a loss).
 *
 * <p>Fitting is least squares in the metric's own units, by Levenberg–Marquardt from several
 * starting points: for a grid of offsets {@code c} below (above) the data, {@code log|y − c|} is
 * linear in the weights and a weighted least-squares solve gives the exponents. A light ridge on
 * the exponents' spread keeps directions the swarm barely explores finite.
 */
public final class LogLinearLaw implements MixtureModel {
    /** Ridge on the exponents' deviations from their mean, in standardised units. */
    static final double RIDGE = 1e-3;

    private static final double[] OFFSETS = {0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20};
    private static final int STARTS_REFINED = 3;
    private static final int MAX_ITERATIONS = 300;
    private static final double MAX_EXPONENT = 60;

    private final double offset;
    private final double amplitude;
    private final double[] exponents;
    private final boolean[] varying;

    private LogLinearLaw(double offset, double amplitude, double[] exponents, boolean[] varying) {
        this.offset = offset;
        this.amplitude = amplitude;
        this.exponents = exponents;
        this.varying = varying;
    }

    /**
     * Free parameters of the law for {@code varyingDomains} domains: {@code c} and the exponents.
     */
    public static int parameters(int varyingDomains) {
        return varyingDomains + 1;
    }

    /** The law with the given parameters (for simulations and tests). */
    public static LogLinearLaw of(double c, double amplitude, double[] exponents) {
        boolean[] all = new boolean[exponents.length];
        java.util.Arrays.fill(all, true);
        return new LogLinearLaw(c, amplitude, exponents.clone(), all);
    }

    /** The irreducible part {@code c}. */
    public double offset() {
        return offset;
    }

    /** The signed amplitude: positive for a law decaying towards {@code c} from above. */
    public double amplitude() {
        return amplitude;
    }

    /** The exponents {@code t_j} (0 for a domain the swarm held constant). */
    public double[] exponents() {
        return exponents.clone();
    }

    public boolean[] varying() {
        return varying.clone();
    }

    /**
     * The interaction row of this metric: each domain's exponent minus their prior-weighted mean,
     * signed so that a negative value means "more of this domain lowers the metric" (the amplitude
     * may be negative). NaN for a domain the swarm held constant.
     */
    public double[] effects(double[] prior) {
        double mean = 0, mass = 0;
        for (int j = 0; j < exponents.length; j++) {
            if (!varying[j]) continue;
            mean += prior[j] * exponents[j];
            mass += prior[j];
        }
        mean = mass > 0 ? mean / mass : 0;
        double sign = Math.signum(amplitude);
        double[] effects = new double[exponents.length];
        for (int j = 0; j < exponents.length; j++)
            effects[j] = varying[j] ? sign * (exponents[j] - mean) : Double.NaN;
        return effects;
    }

    @Override
    public double predict(double[] weights) {
        return offset + amplitude * Math.exp(exponent(weights));
    }

    @Override
    public double[] gradient(double[] weights) {
        double scale = amplitude * Math.exp(exponent(weights));
        double[] g = new double[exponents.length];
        for (int j = 0; j < g.length; j++) g[j] = scale * exponents[j];
        return g;
    }

    private double exponent(double[] weights) {
        double z = 0;
        for (int j = 0; j < exponents.length; j++) z += exponents[j] * weights[j];
        return Math.max(-MAX_EXPONENT, Math.min(MAX_EXPONENT, z));
    }

    /** Fits the law to {@code y} measured at the mixtures {@code x} (rows of domain weights). */
    public static LogLinearLaw fit(double[][] x, double[] y) {
        boolean[] varying = Columns.varying(x);
        int k = Columns.count(varying);
        int n = y.length;
        double mean = 0;
        for (double v : y) mean += v;
        mean /= n;
        double sd = 0;
        for (double v : y) sd += (v - mean) * (v - mean);
        sd = Math.sqrt(sd / n);
        if (sd == 0 || k == 0) return new LogLinearLaw(mean, 0, new double[x[0].length], varying);

        double[][] features = new double[n][k];
        for (int i = 0; i < n; i++) {
            for (int j = 0, c = 0; j < varying.length; j++)
                if (varying[j]) features[i][c++] = x[i][j];
        }
        double[] z = new double[n];
        for (int i = 0; i < n; i++) z[i] = (y[i] - mean) / sd;

        Problem problem = new Problem(features, z);
        List<Start> starts = new ArrayList<>();
        for (double sign : new double[] {1, -1}) {
            List<Start> ofSign = new ArrayList<>();
            for (double gap : OFFSETS) {
                double[] theta = problem.initial(sign, gap);
                if (theta != null) ofSign.add(new Start(sign, theta, problem.cost(sign, theta)));
            }
            ofSign.sort(Comparator.comparingDouble(Start::cost));
            starts.addAll(ofSign.subList(0, Math.min(STARTS_REFINED, ofSign.size())));
        }
        Start best = null;
        for (Start start : starts) {
            Start refined = problem.refine(start);
            if (best == null || refined.cost() < best.cost()) best = refined;
        }
        double[] exponents = new double[varying.length];
        for (int j = 0, c = 0; j < varying.length; j++)
            if (varying[j]) exponents[j] = best.theta()[1 + c++];
        return new LogLinearLaw(mean + sd * best.theta()[0], best.sign() * sd, exponents, varying);
    }

    private record Start(double sign, double[] theta, double cost) {}

    /** Least squares of {@code z ≈ c + sign·exp(t·x)} plus the ridge, over θ = (c, t). */
    private static final class Problem {
        private final double[][] x;
        private final double[] z;
        private final int k;
        private final double ridge;

        Problem(double[][] x, double[] z) {
            this.x = x;
            this.z = z;
            this.k = x[0].length;
            this.ridge = RIDGE;
        }

        /** Starting point for offset {@code gap} standard deviations beyond the data. */
        double[] initial(double sign, double gap) {
            double edge = sign > 0 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
            for (double v : z) edge = sign > 0 ? Math.min(edge, v) : Math.max(edge, v);
            double c = edge - sign * gap;
            double[][] a = new double[k][k];
            double[] b = new double[k];
            for (int i = 0; i < z.length; i++) {
                double excess = sign * (z[i] - c);
                double w = excess * excess;
                double target = Math.log(excess);
                for (int p = 0; p < k; p++) {
                    b[p] += w * x[i][p] * target;
                    for (int q = 0; q < k; q++) a[p][q] += w * x[i][p] * x[i][q];
                }
            }
            addRidge(a, 0);
            double[] t;
            try {
                t = LinearSolve.symmetric(a, b);
            } catch (ArithmeticException e) {
                return null;
            }
            double[] theta = new double[k + 1];
            theta[0] = c;
            System.arraycopy(t, 0, theta, 1, k);
            return theta;
        }

        /** The ridge's Hessian {@code λ (I − 11ᵀ/k)} added to the exponent block at {@code at}. */
        private void addRidge(double[][] a, int at) {
            for (int p = 0; p < k; p++)
                for (int q = 0; q < k; q++)
                    a[at + p][at + q] += ridge * ((p == q ? 1 : 0) - 1.0 / k);
        }

        double cost(double sign, double[] theta) {
            double sum = 0;
            for (int i = 0; i < z.length; i++) {
                double r = theta[0] + sign * Math.exp(exponent(theta, i)) - z[i];
                sum += r * r;
            }
            double mean = 0;
            for (int p = 0; p < k; p++) mean += theta[1 + p];
            mean /= k;
            for (int p = 0; p < k; p++) sum += ridge * Math.pow(theta[1 + p] - mean, 2);
            return sum / 2;
        }

        private double exponent(double[] theta, int i) {
            double e = 0;
            for (int p = 0; p < k; p++) e += theta[1 + p] * x[i][p];
            return Math.max(-MAX_EXPONENT, Math.min(MAX_EXPONENT, e));
        }

        Start refine(Start start) {
            double sign = start.sign();
            double[] theta = start.theta().clone();
            double cost = start.cost();
            double damping = 1e-3;
            int m = k + 1;
            for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
                double[][] a = new double[m][m];
                double[] g = new double[m];
                double[] row = new double[m];
                for (int i = 0; i < z.length; i++) {
                    double e = Math.exp(exponent(theta, i));
                    double r = theta[0] + sign * e - z[i];
                    row[0] = 1;
                    for (int p = 0; p < k; p++) row[1 + p] = sign * e * x[i][p];
                    for (int p = 0; p < m; p++) {
                        g[p] += row[p] * r;
                        for (int q = 0; q < m; q++) a[p][q] += row[p] * row[q];
                    }
                }
                double mean = 0;
                for (int p = 0; p < k; p++) mean += theta[1 + p];
                mean /= k;
                for (int p = 0; p < k; p++) g[1 + p] += ridge * (theta[1 + p] - mean);
                addRidge(a, 1);
                boolean improved = false;
                double previous = cost;
                while (damping < 1e12) {
                    double[][] damped = new double[m][m];
                    double[] minusG = new double[m];
                    for (int p = 0; p < m; p++) {
                        damped[p] = a[p].clone();
                        damped[p][p] += damping * Math.max(a[p][p], 1e-12);
                        minusG[p] = -g[p];
                    }
                    double[] step;
                    try {
                        step = LinearSolve.symmetric(damped, minusG);
                    } catch (ArithmeticException e) {
                        damping *= 4;
                        continue;
                    }
                    double[] candidate = theta.clone();
                    for (int p = 0; p < m; p++) candidate[p] += step[p];
                    double candidateCost = cost(sign, candidate);
                    if (candidateCost < cost) {
                        theta = candidate;
                        cost = candidateCost;
                        damping = Math.max(damping / 3, 1e-12);
                        improved = true;
                        break;
                    }
                    damping *= 4;
                }
                if (!improved || previous - cost <= 1e-13 * (1 + previous)) break;
            }
            return new Start(sign, theta, cost);
        }
    }
}
