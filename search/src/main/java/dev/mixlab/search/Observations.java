package dev.mixlab.search;

import java.util.ArrayList;
import java.util.List;

/**
 * A swarm's outcome: for every run, its domain weights and its metrics.
 *
 * @param runs run ids
 * @param domains domain names
 * @param weights {@code weights[run][domain]}, each row summing to 1
 * @param metrics metric names
 * @param values {@code values[run][metric]}, NaN where the run has no such measurement
 */
public record Observations(
        List<String> runs,
        List<String> domains,
        double[][] weights,
        List<String> metrics,
        double[][] values) {
    public Observations {
        runs = List.copyOf(runs);
        domains = List.copyOf(domains);
        metrics = List.copyOf(metrics);
        if (weights.length != runs.size() || values.length != runs.size())
            throw new IllegalArgumentException("one row of weights and values per run");
    }

    public int metric(String name) {
        return metrics.indexOf(name);
    }

    /** The runs (rows) that measured every one of {@code metricNames}. */
    public Observations complete(List<String> metricNames) {
        List<Integer> keep = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            boolean all = true;
            for (String m : metricNames) if (!Double.isFinite(values[i][metric(m)])) all = false;
            if (all) keep.add(i);
        }
        double[][] w = new double[keep.size()][];
        double[][] v = new double[keep.size()][];
        List<String> ids = new ArrayList<>();
        for (int r = 0; r < keep.size(); r++) {
            w[r] = weights[keep.get(r)];
            v[r] = values[keep.get(r)];
            ids.add(runs.get(keep.get(r)));
        }
        return new Observations(ids, domains, w, metrics, v);
    }

    /** The column of {@code metric}. */
    public double[] column(String metric) {
        int m = metric(metric);
        double[] column = new double[runs.size()];
        for (int i = 0; i < column.length; i++) column[i] = values[i][m];
        return column;
    }
}
