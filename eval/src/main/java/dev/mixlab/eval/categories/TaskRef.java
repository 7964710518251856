package dev.mixlab.eval.categories;

import java.util.List;

/**
 * A task of a category, as it appears under different harness versions.
 *
 * @param label name shown in reports (e.g. {@code Social IQa})
 * @param names task names to look for, first match wins (e.g. {@code siqa}, {@code social_iqa})
 * @param metrics metrics in order of preference, each {@code metric} or {@code metric,filter}; the
 *     first the results report is used
 * @param chance the score of guessing (a fraction, e.g. 0.25 for four choices), or null when not
 *     known; reports flag scores whose interval includes it
 */
public record TaskRef(String label, List<String> names, List<String> metrics, Double chance) {
    public TaskRef(String label, List<String> names, List<String> metrics) {
        this(label, names, metrics, null);
    }

    public TaskRef {
        names = List.copyOf(names);
        metrics = List.copyOf(metrics);
        if (names.isEmpty())
            throw new IllegalArgumentException("task '" + label + "' names no harness task");
        if (metrics.isEmpty())
            throw new IllegalArgumentException(
                    "task '" + label + "' has no metric to read; add metrics: [acc, …]");
        if (chance != null && !(chance >= 0 && chance < 1))
            throw new IllegalArgumentException(
                    "task '"
                            + label
                            + "': chance must be a fraction in [0, 1), e.g. 0.25 for four choices");
    }
}
