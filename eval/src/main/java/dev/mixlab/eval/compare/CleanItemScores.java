package dev.mixlab.eval.compare;

import dev.mixlab.eval.SampleScore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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

    /**
     * @param overlappedBySet per decontamination set: the doc ids of its items found in training
     *     data
     * @param itemsBySet per set: how many items it has
     */
    public static List<Row> of(
            List<Subject> subjects,
            List<SampleScore> samples,
            Map<String, Set<Long>> overlappedBySet,
            Map<String, Long> itemsBySet) {
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, Long> set : itemsBySet.entrySet()) {
            String task = set.getKey();
            List<SampleScore> ofTask = samples.stream().filter(s -> s.task().equals(task)).toList();
            if (ofTask.isEmpty()) continue;
            String metric = metric(ofTask);
            Set<Long> overlapped = overlappedBySet.getOrDefault(task, Set.of());
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

    /** The report section (Markdown), or "" when no task matches a set. */
    public static String markdown(List<Row> rows, List<Subject> subjects) {
        if (rows.isEmpty()) return "";
        StringBuilder md = new StringBuilder("\n## Benchmark contamination\n\n");
        md.append(
                "Tasks named after a `decontamination:` set, scored on all items and on the clean"
                        + " items only (no training document of the ablation's pools shares an n-gram"
                        + " with them; lm-eval-harness's decontaminate variant). ⚠ marks tasks with"
                        + " overlap.\n\n| task | metric | overlapped items |");
        for (Subject s : subjects) md.append(' ').append(s.label()).append(" all | clean |");
        md.append("\n|---|---|---|");
        md.append("---|---|".repeat(subjects.size())).append('\n');
        for (Row row : rows) {
            md.append("| ")
                    .append(row.hasOverlap() ? "⚠ " : "")
                    .append(row.task())
                    .append(" | ")
                    .append(row.metric())
                    .append(" | ")
                    .append(row.overlapped())
                    .append(" of ")
                    .append(row.setItems())
                    .append(" |");
            for (Subject s : subjects) {
                Cell cell = row.cells().get(s);
                if (cell == null) md.append(" — | — |");
                else
                    md.append(String.format(Locale.ROOT, " %.1f |", 100 * cell.all()))
                            .append(
                                    Double.isNaN(cell.clean())
                                            ? " — (no clean item) |"
                                            : String.format(
                                                    Locale.ROOT,
                                                    " %.1f (n=%d) |",
                                                    100 * cell.clean(),
                                                    cell.cleanItems()));
            }
            md.append('\n');
        }
        return md.toString();
    }
}
