package dev.mixlab.eval.compare;

import dev.mixlab.eval.SampleScore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Scores on the evaluation items that no training document overlapped, as lm-eval-harness's
 * decontaminate variant reports them: for every task with per-example records ({@code
 * --log_samples}) whose name is a decontamination set's, the mean over all items and over the clean
 * items only, per compared run. Items are matched by {@code doc_id}: a set's item ids are its
 * examples' positions (or the {@code doc_id} of lm-eval samples), as the task's records number
 * them.
 */
public final class CleanItemScores {
    /** Metrics tried in this order; otherwise the alphabetically first the task's records have. */
    private static final List<String> METRICS =
            List.of("acc_norm", "acc", "exact_match", "pass@1", "pass_at_1", "f1");

    private CleanItemScores() {}

    /**
     * One run's score on one task.
     *
     * @param all mean over every item it was scored on
     * @param clean mean over the clean items (NaN when none is clean)
     * @param cleanItems how many of its items are clean
     */
    public record Cell(double all, double clean, int items, int cleanItems) {}

    /**
     * One task.
     *
     * @param overlapped items of the set that overlap training data (any pool of the ablation)
     * @param setItems items in the set
     */
    public record Row(
            String task, String metric, long overlapped, long setItems, Map<Subject, Cell> cells) {
        public boolean hasOverlap() {
            return overlapped > 0;
        }
    }

    /** One row per decontamination set of {@code overlap} that names a task with samples. */
    public static List<Row> of(
            List<Subject> subjects, List<SampleScore> samples, BenchmarkOverlap overlap) {
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, Long> set : overlap.itemsBySet().entrySet()) {
            String task = set.getKey();
            List<SampleScore> ofTask = samples.stream().filter(s -> s.task().equals(task)).toList();
            if (ofTask.isEmpty()) continue;
            String metric = metric(ofTask);
            Set<Long> overlapped = overlap.overlappedBySet().getOrDefault(task, Set.of());
            Map<Subject, Cell> cells = new LinkedHashMap<>();
            for (Subject subject : subjects) {
                Map<Long, Double> byDoc = new LinkedHashMap<>();
                for (SampleScore s : ofTask) {
                    if (subject.owns(s) && s.metric().equals(metric))
                        byDoc.putIfAbsent(s.docId(), s.value());
                }
                if (byDoc.isEmpty()) continue;
                double sum = 0;
                double cleanSum = 0;
                int clean = 0;
                for (Map.Entry<Long, Double> e : byDoc.entrySet()) {
                    sum += e.getValue();
                    if (!overlapped.contains(e.getKey())) {
                        cleanSum += e.getValue();
                        clean++;
                    }
                }
                cells.put(
                        subject,
                        new Cell(
                                sum / byDoc.size(),
                                clean == 0 ? Double.NaN : cleanSum / clean,
                                byDoc.size(),
                                clean));
            }
            rows.add(new Row(task, metric, overlapped.size(), set.getValue(), cells));
        }
        return rows;
    }

    private static String metric(List<SampleScore> samples) {
        Set<String> present = new TreeSet<>();
        samples.forEach(s -> present.add(s.metric()));
        for (String preferred : METRICS) if (present.contains(preferred)) return preferred;
        return present.iterator().next();
    }
}
