package dev.mixlab.eval.compare;

import dev.mixlab.eval.EvalResult;
import dev.mixlab.eval.stats.Interval;
import java.util.List;

/**
 * A subject's score on a task or category, in report units (percent for fraction metrics).
 *
 * @param value the score
 * @param stderr its standard error in the same units, or null when a part has none
 * @param interval its 95% interval: Wilson for a task's win-rate, else from {@code stderr}; null
 *     without either
 * @param covered tasks that contributed (1 for a task)
 * @param expected tasks the category asks for
 * @param missing labels of the tasks that had no result (listed in reports, never averaged away
 *     silently)
 * @param source for a task score, the result it came from (metric, filter, file); null for
 *     categories
 */
public record Score(
        double value,
        Double stderr,
        Interval interval,
        int covered,
        int expected,
        List<String> missing,
        EvalResult source) {
    public Score {
        missing = List.copyOf(missing);
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
                null);
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
        return new Score(result.value() * scale, stderr, interval, 1, 1, List.of(), result);
    }

    public boolean complete() {
        return covered == expected;
    }
}
