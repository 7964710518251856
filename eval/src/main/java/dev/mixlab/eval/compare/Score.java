package dev.mixlab.eval.compare;

import dev.mixlab.eval.EvalResult;
import dev.mixlab.eval.stats.AcrossSeeds;
import dev.mixlab.eval.stats.Interval;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A subject's score on a task or category, in report units (percent for fraction metrics).
 *
 * <p>For one run ({@code n = 1}) the interval describes the sampling of evaluation examples within
 * that run (the harness's stderr, or Wilson for win-rates); it says nothing about training noise.
 * For a seed group ({@code n ≥ 2}) the value is the mean over seeds and the interval is Student's t
 * over the per-seed values ({@link AcrossSeeds}).
 *
 * @param value the score (the mean over seeds for a seed group)
 * @param stderr its standard error in the same units, or null when a part has none; over seeds:
 *     sd/√n
 * @param interval its 95% interval: over seeds for n ≥ 2; for one run Wilson for a win-rate, else
 *     from {@code stderr}; null without either
 * @param covered tasks that contributed (1 for a task)
 * @param expected tasks the category asks for
 * @param missing labels of the tasks that had no result (listed in reports, never averaged away
 *     silently)
 * @param source for a task score, the result it came from (metric, filter, file; for a seed group
 *     the first seed's, whose metric and example count every seed shares); null for categories
 * @param n seeds the score is over (1 for a single run)
 * @param sd standard deviation over seeds, null when n = 1
 * @param perSeed seed → the seed run's score, for seed groups (empty for a single run)
 */
public record Score(
        double value,
        Double stderr,
        Interval interval,
        int covered,
        int expected,
        List<String> missing,
        EvalResult source,
        int n,
        Double sd,
        Map<Long, Double> perSeed) {
    public Score {
        missing = List.copyOf(missing);
        perSeed = Collections.unmodifiableMap(new TreeMap<>(perSeed));
    }

    /** A score whose interval comes from its standard error. */
    static Score ofMean(
            double value, Double stderr, int covered, int expected, List<String> missing) {
        return new Score(
                value,
                stderr,
                stderr == null ? null : Interval.fromStderr(value, stderr),
                covered,
                expected,
                missing,
                null,
                1,
                null,
                Map.of());
    }

    /** A task's score: {@code result} scaled to report units; win-rates get Wilson intervals. */
    static Score ofResult(EvalResult result, double scale) {
        Double stderr = result.stderr() == null ? null : result.stderr() * scale;
        Interval interval =
                result.metric().equals(EvalResult.WIN_RATE)
                                && result.samples() != null
                                && result.samples() > 0
                        ? Interval.wilson(result.value(), result.samples()).scaled(scale)
                        : stderr == null
                                ? null
                                : Interval.fromStderr(result.value() * scale, stderr);
        return new Score(
                result.value() * scale,
                stderr,
                interval,
                1,
                1,
                List.of(),
                result,
                1,
                null,
                Map.of());
    }

    /**
     * The seed runs' scores as one: mean, sd and t interval over seeds. A seed that lacks a task
     * the others have makes the group's score incomplete (its missing tasks are the union).
     *
     * @param bySeed seed → that run's score; at least two
     */
    static Score acrossSeeds(Map<Long, Score> bySeed) {
        if (bySeed.size() < 2)
            throw new IllegalArgumentException("a score across seeds needs two seeds or more");
        Map<Long, Double> values = new TreeMap<>();
        bySeed.forEach((seed, score) -> values.put(seed, score.value()));
        AcrossSeeds.Summary summary = AcrossSeeds.Summary.of(values.values());
        Set<String> missing = new LinkedHashSet<>();
        bySeed.values().forEach(s -> missing.addAll(s.missing()));
        int expected = bySeed.values().iterator().next().expected();
        return new Score(
                summary.mean(),
                summary.stderr(),
                summary.interval(),
                expected - missing.size(),
                expected,
                new ArrayList<>(missing),
                bySeed.values().iterator().next().source(),
                summary.n(),
                summary.sd(),
                values);
    }

    public boolean complete() {
        return covered == expected;
    }

    /** Whether the interval is over seeds (n ≥ 2) rather than over one run's examples. */
    public boolean overSeeds() {
        return n >= 2;
    }
}
