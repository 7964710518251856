package dev.mixlab.eval.categories;

import java.util.List;

/**
 * A group of tasks scored as the mean of its tasks' scores.
 *
 * @param name key in reports and report.csv (e.g. {@code reasoning})
 * @param title heading (e.g. {@code NL reasoning})
 * @param tasks fixed tasks (empty when {@code taskPrefix} is set)
 * @param taskPrefix instead of fixed tasks: every imported task whose name starts with it
 *     (per-source proxy tasks), or null
 * @param metrics metric preference of the prefix tasks (fixed tasks carry their own)
 * @param higherIsBetter direction, unless the results themselves declare it
 * @param percent show scores ×100 (the harness reports fractions)
 * @param proxy a proxy category (validation bpb, probes), reported beside the paper's categories
 * @param chance the guessing score of its prefix tasks (a fraction), or null; fixed tasks carry
 *     their own
 */
public record Category(
        String name,
        String title,
        List<TaskRef> tasks,
        String taskPrefix,
        List<String> metrics,
        boolean higherIsBetter,
        boolean percent,
        boolean proxy,
        Double chance) {
    public Category {
        tasks = List.copyOf(tasks);
        metrics = List.copyOf(metrics);
        if (tasks.isEmpty() == (taskPrefix == null)) {
            throw new IllegalArgumentException(
                    "category '"
                            + name
                            + "' needs either tasks or task_prefix (exactly one of them)");
        }
        if (taskPrefix != null && metrics.isEmpty())
            throw new IllegalArgumentException(
                    "category '" + name + "' with task_prefix needs metrics");
    }

    public double scale() {
        return percent ? 100 : 1;
    }
}
