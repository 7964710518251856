package dev.mixlab.search.fit;

/**
 * Solves the small symmetric positive (semi-)definite systems of the fits: normal equations of at
 * most a few dozen unknowns, where a Cholesky factorisation is exact enough and needs no library.
 */
final class LinearSolve {
    private LinearSolve() {}

    /**
     * {@code x} with {@code a x = b}. A matrix that is only semi-definite (a constant feature, a
     * flat direction) gets a diagonal jitter growing until the factorisation succeeds.
     */
    static double[] symmetric(double[][] a, double[] b) {
        int n = b.length;
        double scale = 0;
        for (int i = 0; i < n; i++) scale = Math.max(scale, Math.abs(a[i][i]));
        if (scale == 0) scale = 1;
        for (double jitter = 0; ; jitter = jitter == 0 ? 1e-12 * scale : jitter * 100) {
            double[][] l = cholesky(a, jitter);
            if (l != null) return substitute(l, b);
            if (jitter > scale)
                throw new ArithmeticException("the system is not positive definite");
        }
    }

    private static double[][] cholesky(double[][] a, double jitter) {
        int n = a.length;
        double[][] l = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double sum = a[i][j] + (i == j ? jitter : 0);
                for (int k = 0; k < j; k++) sum -= l[i][k] * l[j][k];
                if (i == j) {
                    if (!(sum > 0) || !Double.isFinite(sum)) return null;
                    l[i][i] = Math.sqrt(sum);
                } else {
                    l[i][j] = sum / l[j][j];
                }
            }
        }
        return l;
    }

    private static double[] substitute(double[][] l, double[] b) {
        int n = b.length;
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double sum = b[i];
            for (int k = 0; k < i; k++) sum -= l[i][k] * y[k];
            y[i] = sum / l[i][i];
        }
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double sum = y[i];
            for (int k = i + 1; k < n; k++) sum -= l[k][i] * x[k];
            x[i] = sum / l[i][i];
        }
        return x;
    }
}
