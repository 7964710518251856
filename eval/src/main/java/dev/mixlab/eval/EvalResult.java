package dev.mixlab.eval;

/**
 * One evaluation number: a run (or an external model) at a phase scored {@code value} on a task's
 * metric. This is the row of the results store ({@code results/*.parquet}, docs/EVAL.md).
 *
 * @param run run id ({@code RunSpec.id()}) or the name of an external model
 * @param phase phase or checkpoint the number belongs to, or null when the source does not say
 * @param task task name as the harness reports it (e.g. {@code arc_easy}, {@code humaneval}, {@code
 *     mixlab_bpb_code})
 * @param metric metric name without its filter (e.g. {@code acc_norm}, {@code exact_match}, {@code
 *     pass@1}, {@code win_rate})
 * @param filter lm-eval-harness 0.4 filter ({@code none}, {@code remove_whitespace}…), or null
 * @param value the score as reported (fractions stay fractions)
 * @param stderr its standard error, or null when not reported (lm-eval's {@code "N/A"})
 * @param samples number of examples scored, or null when unknown
 * @param higherIsBetter direction as the source declares it, or null when it does not
 * @param opponent for win-rates, the model compared against; null for pooled or non-pairwise
 *     results
 * @param group true for an lm-eval-harness group aggregate (e.g. {@code mmlu} over its subtasks)
 * @param format the importer that read it ({@link dev.mixlab.eval.importers.ResultFormat#label()})
 * @param sourceFile absolute path of the imported file
 */
public record EvalResult(
        String run,
        String phase,
        String task,
        String metric,
        String filter,
        double value,
        Double stderr,
        Long samples,
        Boolean higherIsBetter,
        String opponent,
        boolean group,
        String format,
        String sourceFile) {
    /** The metric of pairwise judge results: (wins + ties / 2) / comparisons. */
    public static final String WIN_RATE = "win_rate";

    public EvalResult {
        requireName(run, "run");
        requireName(task, "task");
        requireName(metric, "metric");
        requireName(format, "format");
        requireName(sourceFile, "source file");
        if (!Double.isFinite(value))
            throw new IllegalArgumentException(
                    task + " " + metric + ": value must be a finite number, found " + value);
        if (stderr != null && !(stderr >= 0 && Double.isFinite(stderr))) {
            throw new IllegalArgumentException(
                    task + " " + metric + ": stderr must be a finite number ≥ 0, found " + stderr);
        }
        if (samples != null && samples < 0)
            throw new IllegalArgumentException(
                    task + " " + metric + ": samples must be ≥ 0, found " + samples);
    }

    static void requireName(String value, String what) {
        if (value == null || value.isBlank())
            throw new IllegalArgumentException(what + " must not be empty");
    }
}
