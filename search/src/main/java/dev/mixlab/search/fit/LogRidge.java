package dev.mixlab.search.fit;

/**
 * Ridge regression of a metric on the log-weights, {@code y = a + Σ_j β_j·log(r_j + ε)}: the second
 * model of the search, a different shape from the exponential law (diminishing returns in every
 * domain, no interaction through a shared exponent). Features are standardised and the ridge
 * strength is chosen by generalised cross-validation (Golub, Heath and Wahba 1979) over a
 * log-spaced grid.
 */
public final class LogRidge implements MixtureModel {
    /** Added to every weight before the log, so a domain at weight 0 stays finite. */
    public static final double EPSILON = 0.01;

    private static final double[] LAMBDAS = logSpaced(1e-4, 1e3, 15);

    private final double intercept;
    private final double[] coefficients;
    private final double lambda;

    private LogRidge(double intercept, double[] coefficients, double lambda) {
        this.intercept = intercept;
        this.coefficients = coefficients;
        this.lambda = lambda;
    }

    /** Free parameters for {@code varyingDomains} domains: the intercept and one slope each. */
    public static int parameters(int varyingDomains) {
        return varyingDomains + 1;
    }

    /** The ridge strength GCV chose (on standardised features). */
    public double lambda() {
        return lambda;
    }

    /** β per domain, in metric units per unit of {@code log(r + ε)} (0 for constant domains). */
    public double[] coefficients() {
        return coefficients.clone();
    }

    @Override
    public double predict(double[] weights) {
        double y = intercept;
        for (int j = 0; j < coefficients.length; j++)
            y += coefficients[j] * Math.log(weights[j] + EPSILON);
        return y;
    }

    @Override
    public double[] gradient(double[] weights) {
        double[] g = new double[coefficients.length];
        for (int j = 0; j < g.length; j++) g[j] = coefficients[j] / (weights[j] + EPSILON);
        return g;
    }

    public static LogRidge fit(double[][] x, double[] y) {
        boolean[] varying = Columns.varying(x);
        int k = Columns.count(varying);
        int n = y.length;
        int d = x[0].length;
        double yMean = 0;
        for (double v : y) yMean += v;
        yMean /= n;
        if (k == 0) return new LogRidge(yMean, new double[d], 0);

        double[][] f = new double[n][k];
        double[] mean = new double[k];
        double[] scale = new double[k];
        for (int i = 0; i < n; i++) {
            for (int j = 0, c = 0; j < d; j++)
                if (varying[j]) f[i][c++] = Math.log(x[i][j] + EPSILON);
        }
        for (int c = 0; c < k; c++) {
            for (int i = 0; i < n; i++) mean[c] += f[i][c];
            mean[c] /= n;
            for (int i = 0; i < n; i++) scale[c] += Math.pow(f[i][c] - mean[c], 2);
            scale[c] = Math.sqrt(scale[c] / n);
            if (scale[c] == 0) scale[c] = 1;
            for (int i = 0; i < n; i++) f[i][c] = (f[i][c] - mean[c]) / scale[c];
        }
        double[] yc = new double[n];
        for (int i = 0; i < n; i++) yc[i] = y[i] - yMean;
        double[][] gram = new double[k][k];
        double[] xty = new double[k];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < k; p++) {
                xty[p] += f[i][p] * yc[i];
                for (int q = 0; q < k; q++) gram[p][q] += f[i][p] * f[i][q];
            }
        }
        double bestScore = Double.POSITIVE_INFINITY;
        double bestLambda = LAMBDAS[0];
        double[] bestBeta = null;
        for (double lambda : LAMBDAS) {
            double[][] a = new double[k][k];
            for (int p = 0; p < k; p++) {
                a[p] = gram[p].clone();
                a[p][p] += lambda * n;
            }
            double[] beta = LinearSolve.symmetric(a, xty);
            // GCV = n·RSS / (n − tr H)²; tr H = Σ_i f_iᵀ (FᵀF + λI)⁻¹ f_i.
            double rss = 0, trace = 0;
            for (int i = 0; i < n; i++) {
                double fitted = 0;
                for (int p = 0; p < k; p++) fitted += f[i][p] * beta[p];
                rss += Math.pow(yc[i] - fitted, 2);
                double[] h = LinearSolve.symmetric(a, f[i]);
                for (int p = 0; p < k; p++) trace += f[i][p] * h[p];
            }
            double dof = n - 1 - trace;
            double score = dof > 0 ? n * rss / (dof * dof) : Double.POSITIVE_INFINITY;
            if (score < bestScore || bestBeta == null) {
                bestScore = score;
                bestLambda = lambda;
                bestBeta = beta;
            }
        }
        double[] coefficients = new double[d];
        double intercept = yMean;
        for (int j = 0, c = 0; j < d; j++) {
            if (!varying[j]) continue;
            coefficients[j] = bestBeta[c] / scale[c];
            intercept -= coefficients[j] * mean[c];
            c++;
        }
        return new LogRidge(intercept, coefficients, bestLambda);
    }

    private static double[] logSpaced(double from, double to, int count) {
        double[] values = new double[count];
        for (int i = 0; i < count; i++)
            values[i] =
                    Math.exp(Math.log(from) + (Math.log(to) - Math.log(from)) * i / (count - 1));
        return values;
    }
}
