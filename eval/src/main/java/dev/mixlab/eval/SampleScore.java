package dev.mixlab.eval;

/**
 * The score of one example of a task, from lm-eval-harness {@code --log_samples} output. Two runs
 * scored on the same examples give paired differences, hence tighter intervals than their standard
 * errors.
 *
 * @param run run id or external model name
 * @param phase phase, or null
 * @param task task name
 * @param metric metric name (e.g. {@code acc})
 * @param filter lm-eval-harness filter, or null
 * @param docId the example's {@code doc_id}
 * @param value the example's score
 */
public record SampleScore(
        String run,
        String phase,
        String task,
        String metric,
        String filter,
        long docId,
        double value) {
    public SampleScore {
        EvalResult.requireName(run, "run");
        EvalResult.requireName(task, "task");
        EvalResult.requireName(metric, "metric");
        if (!Double.isFinite(value))
            throw new IllegalArgumentException(
                    task
                            + " "
                            + metric
                            + " doc "
                            + docId
                            + ": value must be finite, found "
                            + value);
    }
}
