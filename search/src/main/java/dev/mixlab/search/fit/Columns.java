package dev.mixlab.search.fit;

/**
 * The domains whose weight varies across a swarm. A domain held constant (a fixed weight, or one
 * the swarm never used) carries no information for a fit, so it is left out of the features.
 */
public final class Columns {
    private Columns() {}

    public static boolean[] varying(double[][] x) {
        int d = x[0].length;
        boolean[] varying = new boolean[d];
        for (int j = 0; j < d; j++) {
            double first = x[0][j];
            for (double[] row : x) {
                if (Math.abs(row[j] - first) > 1e-12) {
                    varying[j] = true;
                    break;
                }
            }
        }
        return varying;
    }

    public static int count(boolean[] mask) {
        int n = 0;
        for (boolean b : mask) if (b) n++;
        return n;
    }
}
