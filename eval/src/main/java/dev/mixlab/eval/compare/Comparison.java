package dev.mixlab.eval.compare;

import dev.mixlab.eval.EvalResult;
import dev.mixlab.eval.ResultsStore;
import dev.mixlab.eval.SampleScore;
import dev.mixlab.eval.categories.Category;
import dev.mixlab.eval.categories.CategorySet;
import dev.mixlab.eval.categories.Summary;
import dev.mixlab.eval.categories.TaskRef;
import dev.mixlab.eval.stats.AcrossSeeds;
import dev.mixlab.eval.stats.Interval;
import dev.mixlab.eval.stats.PairedBootstrap;
import dev.mixlab.mixtures.spec.AblationSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Scores of several subjects (runs at phases) on categories and tasks, relative to a baseline
 * subject. Category scores are the mean of the task scores present; tasks without a result are
 * listed per subject ({@link Score#missing()}) and a category with missing tasks never wins "best".
 * Summaries (NL Avg, Total) average categories and exist only when all their categories do.
 *
 * <p>Intervals are 95%. For a single run (n = 1) they describe the sampling of evaluation examples:
 * a task's from its stderr; a category's from its tasks' stderrs, taken as independent (√Σse² / k).
 * A change against the baseline uses a paired bootstrap over the examples both were scored on when
 * per-example scores were imported, else √(se² + se_baseline²).
 *
 * <p>A seed group (runs differing only in seed, {@link Subject#isSeedGroup}) is scored per seed
 * first — each seed run's task scores, category means and summaries exactly as for a single run —
 * and then summarised over seeds: mean, sd, n and a Student-t interval ({@link Score#acrossSeeds}).
 * Its change against a baseline that also has two seeds or more is tested over seeds: a paired t
 * test on the per-seed differences when both have exactly the same seeds, else Welch's t test
 * ({@link AcrossSeeds#compare}). A seed group is never tested against a single run: one run has no
 * spread to test against.
 */
public final class Comparison {
    /**
     * Metrics preferred for tasks no category names, in order; otherwise the alphabetically first.
     */
    private static final List<String> OTHER_TASK_METRICS =
            List.of(
                    "acc_norm",
                    "acc",
                    "exact_match",
                    "pass@1",
                    "pass_at_1",
                    "f1",
                    EvalResult.WIN_RATE,
                    "bpb",
                    "loss");

    private final List<Subject> subjects;

    /** The single runs behind the subjects: scores are computed per run, then summarised. */
    private final List<Subject> units;

    private final Subject baseline;
    private final CategorySet categories;
    private final List<EvalResult> results;

    /** {@code results} by task name: each lookup then scans one task's results, not all of them. */
    private final Map<String, List<EvalResult>> resultsByTask = new HashMap<>();

    private final Map<SampleKey, Map<Long, Double>> samples;
    private final List<String> expectedTasks;

    /** The per-example scores of the compared subjects, for the clean-item scores. */
    private final List<SampleScore> ownSamples;

    private List<CleanItemScores.Row> cleanItems = List.of();

    /**
     * Difference intervals by (row, subject): a paired bootstrap is worth computing once, not per
     * table cell.
     */
    private final Map<CellKey, Optional<Interval>> differences = new HashMap<>();

    private final List<Row> categoryRows = new ArrayList<>();
    private final List<Row> taskRows = new ArrayList<>();

    /**
     * One line of a report table: a category, a summary or a task, with each subject's score.
     *
     * @param section category name the row belongs to ({@code other} for tasks outside every
     *     category)
     * @param key category name, or the task label
     * @param title what the report shows
     * @param higherIsBetter direction
     * @param percent scores are percentages
     * @param proxy belongs to a proxy category
     * @param scores subject → score, only subjects that have one
     * @param chance the score of guessing, on the row's scale (e.g. 25.0 for four choices in
     *     percent), or null when not known
     */
    public record Row(
            String section,
            String key,
            String title,
            boolean higherIsBetter,
            boolean percent,
            boolean proxy,
            Map<Subject, Score> scores,
            Double chance) {
        public Row {
            scores = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(scores));
        }

        /** Whether any subject has a score on this row. */
        public boolean evaluated() {
            return !scores.isEmpty();
        }

        /**
         * How {@code subject}'s score stands against chance: null when the row has no chance level
         * or the score no interval, else whether its 95% interval lies above, includes, or lies
         * below chance.
         */
        public ChanceLevel againstChance(Subject subject) {
            Score score = scores.get(subject);
            if (chance == null || score == null || score.interval() == null) return null;
            if (score.interval().low() > chance) return ChanceLevel.ABOVE;
            if (score.interval().high() < chance) return ChanceLevel.BELOW;
            return ChanceLevel.AT;
        }

        public Optional<Score> score(Subject subject) {
            return Optional.ofNullable(scores.get(subject));
        }

        /** The subject with the best complete score, if any subject has one. */
        public Optional<Subject> best() {
            Comparator<Map.Entry<Subject, Score>> byValue =
                    Comparator.comparingDouble(e -> e.getValue().value());
            return scores.entrySet().stream()
                    .filter(e -> e.getValue().complete())
                    .max(higherIsBetter ? byValue : byValue.reversed())
                    .map(Map.Entry::getKey);
        }
    }

    /** Where a score's 95% interval lies relative to the chance level. */
    public enum ChanceLevel {
        ABOVE,
        AT,
        BELOW
    }

    private record SampleKey(String run, String phase, String task, String metric, String filter) {}

    private record CellKey(String section, String row, Subject subject) {}

    /**
     * Indexes the subjects' results and samples and scores every cell.
     *
     * @param expectedTasks harness task names the report must show even without results (the spec's
     *     {@code eval.tasks}); those outside every category appear under "Other tasks"
     */
    private Comparison(
            List<EvalResult> results,
            List<SampleScore> samples,
            CategorySet categories,
            List<Subject> subjects,
            Subject baseline,
            List<String> expectedTasks) {
        if (subjects.isEmpty()) throw new IllegalArgumentException("nothing to compare: no runs");
        if (!subjects.contains(baseline))
            throw new IllegalArgumentException(
                    "baseline " + baseline + " is not among the compared runs " + subjects);
        this.subjects = List.copyOf(subjects);
        this.ownSamples =
                samples.stream().filter(s -> subjects.stream().anyMatch(u -> u.owns(s))).toList();
        this.units = subjects.stream().flatMap(s -> s.units().stream()).toList();
        this.expectedTasks = List.copyOf(expectedTasks);
        this.baseline = baseline;
        this.categories = categories;
        this.results =
                results.stream().filter(r -> subjects.stream().anyMatch(s -> s.owns(r))).toList();
        this.results.forEach(
                r -> resultsByTask.computeIfAbsent(r.task(), t -> new ArrayList<>()).add(r));
        this.samples = new HashMap<>();
        for (SampleScore s : samples) {
            if (subjects.stream().anyMatch(subject -> subject.owns(s))) {
                this.samples
                        .computeIfAbsent(
                                new SampleKey(s.run(), s.phase(), s.task(), s.metric(), s.filter()),
                                k -> new HashMap<>())
                        .put(s.docId(), s.value());
            }
        }
        score();
    }

    /**
     * @param results every stored result (those of other subjects are ignored)
     * @param samples every stored per-example score
     * @param subjects the columns, in report order
     * @param baseline one of {@code subjects}
     */
    public static Comparison of(
            List<EvalResult> results,
            List<SampleScore> samples,
            CategorySet categories,
            List<Subject> subjects,
            Subject baseline) {
        return new Comparison(results, samples, categories, subjects, baseline, List.of());
    }

    /**
     * Every run of {@code spec} with the store's results (see {@link Subjects#ofAblation}); the
     * spec's {@code eval.tasks} are expected of every run.
     *
     * @param baseline a run id, {@code run/phase} or column label; null for the run with the lowest
     *     code share
     */
    public static Comparison ofAblation(
            AblationSpec spec, ResultsStore store, String baseline, CategorySet categories) {
        return ofAblation(spec, store, baseline, categories, BenchmarkOverlap.NONE);
    }

    /**
     * As {@link #ofAblation(AblationSpec, ResultsStore, String, CategorySet)}, with the clean-item
     * scores of the tasks named after a decontamination set of {@code overlap}.
     */
    public static Comparison ofAblation(
            AblationSpec spec,
            ResultsStore store,
            String baseline,
            CategorySet categories,
            BenchmarkOverlap overlap) {
        List<EvalResult> stored = store.results();
        return ofStored(
                stored,
                store,
                Subjects.ofAblation(spec, stored),
                baseline,
                categories,
                spec.eval().tasks(),
                overlap);
    }

    /**
     * The named runs ({@code RUN} or {@code RUN/PHASE}, see {@link Subjects#ofNames}) with the
     * store's results.
     *
     * @param baseline a run, {@code run/phase} or column label; null for the first run
     */
    public static Comparison ofRuns(
            List<String> runs, ResultsStore store, String baseline, CategorySet categories) {
        List<EvalResult> stored = store.results();
        return ofStored(
                stored,
                store,
                Subjects.ofNames(runs, stored),
                baseline,
                categories,
                List.of(),
                BenchmarkOverlap.NONE);
    }

    private static Comparison ofStored(
            List<EvalResult> stored,
            ResultsStore store,
            List<Subject> subjects,
            String baseline,
            CategorySet categories,
            List<String> expectedTasks,
            BenchmarkOverlap overlap) {
        return new Comparison(
                        stored,
                        store.samples(),
                        categories,
                        subjects,
                        Subjects.baseline(subjects, baseline),
                        expectedTasks)
                .withOverlap(overlap);
    }

    /**
     * Adds the scores on the clean items of the tasks named after a decontamination set of {@code
     * overlap} ({@link #cleanItems()}); returns this comparison.
     */
    public Comparison withOverlap(BenchmarkOverlap overlap) {
        cleanItems = CleanItemScores.of(subjects, ownSamples, overlap);
        return this;
    }

    public List<Subject> subjects() {
        return subjects;
    }

    public Subject baseline() {
        return baseline;
    }

    /**
     * Scores on the clean items of the tasks named after a decontamination set (empty when none is,
     * or the comparison was made without the pools' overlap).
     */
    public List<CleanItemScores.Row> cleanItems() {
        return cleanItems;
    }

    public CategorySet categories() {
        return categories;
    }

    /** Results of the compared subjects. */
    public List<EvalResult> results() {
        return results;
    }

    /** Categories (paper ones, then proxy ones) followed by summaries. */
    public List<Row> categoryRows() {
        return categoryRows;
    }

    /** Task rows by category, then tasks no category names (section {@code other}). */
    public List<Row> taskRows() {
        return taskRows;
    }

    /** Task names every subject is expected to have (besides the categories' tasks). */
    public List<String> expectedTasks() {
        return expectedTasks;
    }

    public Optional<Row> categoryRow(String name) {
        return categoryRows.stream().filter(r -> r.key().equals(name)).findFirst();
    }

    /**
     * Whether {@code subject} can be set against the baseline on {@code row}: both have a score
     * over the same tasks (a category mean over different tasks says nothing about the mixtures).
     */
    public boolean comparable(Row row, Subject subject) {
        Score score = row.scores().get(subject);
        Score base = row.scores().get(baseline);
        return score != null
                && base != null
                && !subject.equals(baseline)
                && score.missing().equals(base.missing());
    }

    /**
     * 95% interval of {@code subject − baseline} on a row, or null when they are not {@link
     * #comparable}, when one has several seeds and the other one, or when neither per-example
     * scores nor standard errors are available. Its method says which test it is: over seeds
     * ({@link AcrossSeeds#PAIRED_METHOD}, {@link AcrossSeeds#WELCH_METHOD}) or within one run each
     * ({@code paired bootstrap}, {@code stderr}).
     */
    public Interval differenceInterval(Row row, Subject subject) {
        return differences
                .computeIfAbsent(
                        new CellKey(row.section(), row.key(), subject),
                        k -> Optional.ofNullable(computeDifference(row, subject)))
                .orElse(null);
    }

    /**
     * The test over seeds of {@code subject − baseline} on a row: its difference, interval and
     * p-value; null unless both have a score over two seeds or more and are {@link #comparable}.
     */
    public AcrossSeeds.Test seedTest(Row row, Subject subject) {
        if (!comparable(row, subject)) return null;
        Score score = row.scores().get(subject);
        Score base = row.scores().get(baseline);
        if (!score.overSeeds() || !base.overSeeds()) return null;
        return AcrossSeeds.compare(score.perSeed(), base.perSeed());
    }

    private Interval computeDifference(Row row, Subject subject) {
        if (!comparable(row, subject)) return null;
        Score score = row.scores().get(subject);
        Score base = row.scores().get(baseline);
        if (score.overSeeds() || base.overSeeds()) {
            AcrossSeeds.Test test = seedTest(row, subject);
            return test == null ? null : test.interval();
        }
        if (score.source() != null && base.source() != null) {
            Map<Long, Double> mine = samples.get(sampleKey(subject, score.source()));
            Map<Long, Double> theirs = samples.get(sampleKey(baseline, base.source()));
            if (mine != null && theirs != null) {
                Interval paired = PairedBootstrap.meanDifference(mine, theirs);
                if (paired != null) return paired.scaled(row.percent() ? 100 : 1);
            }
        }
        if (score.stderr() == null || base.stderr() == null) return null;
        return Interval.fromStderr(
                score.value() - base.value(), Math.hypot(score.stderr(), base.stderr()));
    }

    private static SampleKey sampleKey(Subject subject, EvalResult result) {
        return new SampleKey(
                subject.run(), subject.phase(), result.task(), result.metric(), result.filter());
    }

    private void score() {
        Map<String, Row> byCategory = new LinkedHashMap<>();
        Set<String> claimedTasks = new LinkedHashSet<>();
        for (Category category : categories.categories()) {
            List<TaskRef> tasks =
                    category.taskPrefix() == null ? category.tasks() : prefixTasks(category);
            // A proxy category no run has any task of (external models, runs not proxy-evaluated)
            // would be an empty row.
            if (tasks.isEmpty()) continue;
            List<Row> rows = new ArrayList<>();
            for (TaskRef task : tasks) {
                claimedTasks.addAll(task.names());
                rows.add(
                        taskRow(
                                category.name(),
                                task,
                                category.higherIsBetter(),
                                category.percent(),
                                category.proxy()));
            }
            taskRows.addAll(rows);
            Row row =
                    new Row(
                            category.name(),
                            category.name(),
                            category.title(),
                            category.higherIsBetter(),
                            category.percent(),
                            category.proxy(),
                            meanOver(rows, tasks.stream().map(TaskRef::label).toList()),
                            null);
            byCategory.put(category.name(), row);
            categoryRows.add(row);
        }
        for (Summary summary : categories.summaries()) {
            List<Row> parts =
                    summary.meanOf().stream()
                            .map(byCategory::get)
                            .filter(Objects::nonNull)
                            .toList();
            Map<Subject, Score> scores =
                    parts.size() == summary.meanOf().size() ? summaryScores(parts) : Map.of();
            boolean higherIsBetter = parts.isEmpty() || parts.get(0).higherIsBetter();
            boolean percent = parts.isEmpty() || parts.get(0).percent();
            categoryRows.add(
                    new Row(
                            summary.name(),
                            summary.name(),
                            summary.title(),
                            higherIsBetter,
                            percent,
                            false,
                            scores,
                            null));
        }
        otherTasks(claimedTasks)
                .forEach(
                        task -> {
                            String metric = otherMetric(task);
                            // Fractions (accuracies, exact match, pass@k) read as percentages;
                            // perplexities, bits and losses keep their units.
                            boolean percent =
                                    Stream.of("perplexity", "ppl", "bpb", "bits_per_byte", "loss")
                                            .noneMatch(metric::contains);
                            taskRows.add(
                                    taskRow(
                                            "other",
                                            new TaskRef(task, List.of(task), List.of(metric)),
                                            true,
                                            percent,
                                            false));
                        });
        categoryRows.replaceAll(this::overSeeds);
        taskRows.replaceAll(this::overSeeds);
    }

    /**
     * {@code row} with each subject's score: a single run's as it is, a seed group's summarised
     * over the seeds that have one.
     */
    private Row overSeeds(Row row) {
        Map<Subject, Score> scores = new LinkedHashMap<>();
        for (Subject subject : subjects) {
            if (!subject.isSeedGroup()) {
                Score score = row.scores().get(subject);
                if (score != null) scores.put(subject, score);
                continue;
            }
            Map<Long, Score> bySeed = new LinkedHashMap<>();
            for (Subject seed : subject.seeds()) {
                Score score = row.scores().get(seed);
                if (score != null) bySeed.put(seed.seed(), score);
            }
            if (bySeed.size() >= 2) scores.put(subject, Score.acrossSeeds(bySeed));
            else if (bySeed.size() == 1) {
                Map.Entry<Long, Score> only = bySeed.entrySet().iterator().next();
                Score s = only.getValue();
                scores.put(
                        subject,
                        new Score(
                                s.value(),
                                s.stderr(),
                                s.interval(),
                                s.covered(),
                                s.expected(),
                                s.missing(),
                                s.source(),
                                1,
                                null,
                                Map.of(only.getKey(), s.value())));
            }
        }
        return new Row(
                row.section(),
                row.key(),
                row.title(),
                row.higherIsBetter(),
                row.percent(),
                row.proxy(),
                scores,
                row.chance());
    }

    private List<TaskRef> prefixTasks(Category category) {
        Set<String> names = new TreeSet<>();
        results.stream()
                .map(EvalResult::task)
                .filter(t -> t.startsWith(category.taskPrefix()))
                .forEach(names::add);
        return names.stream()
                .map(
                        t ->
                                new TaskRef(
                                        t.substring(category.taskPrefix().length()),
                                        List.of(t),
                                        category.metrics(),
                                        category.chance()))
                .toList();
    }

    private Row taskRow(
            String section,
            TaskRef task,
            boolean categoryHigherIsBetter,
            boolean percent,
            boolean proxy) {
        Map<Subject, Score> scores = new LinkedHashMap<>();
        Boolean declaredDirection = null;
        double scale = percent ? 100 : 1;
        for (Subject subject : units) {
            EvalResult result = find(subject, task);
            if (result == null) continue;
            if (result.higherIsBetter() != null) declaredDirection = result.higherIsBetter();
            scores.put(subject, Score.ofResult(result, scale));
        }
        boolean higherIsBetter =
                declaredDirection != null ? declaredDirection : categoryHigherIsBetter;
        return new Row(
                section,
                task.label(),
                task.label(),
                higherIsBetter,
                percent,
                proxy,
                scores,
                task.chance() == null ? null : task.chance() * scale);
    }

    /**
     * The subject's result for the task: first task name with results, first preferred metric
     * reported.
     */
    private EvalResult find(Subject subject, TaskRef task) {
        for (String name : task.names()) {
            List<EvalResult> mine =
                    resultsByTask.getOrDefault(name, List.of()).stream()
                            .filter(subject::owns)
                            .toList();
            if (mine.isEmpty()) continue;
            for (String preference : task.metrics()) {
                int comma = preference.indexOf(',');
                String metric = comma < 0 ? preference : preference.substring(0, comma);
                String filter = comma < 0 ? null : preference.substring(comma + 1);
                Optional<EvalResult> match =
                        mine.stream()
                                .filter(
                                        r ->
                                                r.metric().equals(metric)
                                                        && (filter == null
                                                                || filter.equals(r.filter())))
                                // Pooled win-rates over per-opponent ones; the harness's default
                                // filter over others.
                                .min(
                                        Comparator.comparing((EvalResult r) -> r.opponent() != null)
                                                .thenComparing(
                                                        r ->
                                                                !(r.filter() == null
                                                                        || r.filter()
                                                                                .equals("none"))));
                if (match.isPresent()) return match.get();
            }
        }
        return null;
    }

    private Map<Subject, Score> meanOver(List<Row> rows, List<String> labels) {
        Map<Subject, Score> scores = new LinkedHashMap<>();
        for (Subject subject : units) {
            List<Score> parts = new ArrayList<>();
            List<String> missing = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                Score part = rows.get(i).scores().get(subject);
                if (part == null) missing.add(labels.get(i));
                else parts.add(part);
            }
            if (!parts.isEmpty()) scores.put(subject, mean(parts, rows.size(), missing));
        }
        return scores;
    }

    private Map<Subject, Score> summaryScores(List<Row> parts) {
        Map<Subject, Score> scores = new LinkedHashMap<>();
        for (Subject subject : units) {
            List<Score> found =
                    parts.stream()
                            .map(r -> r.scores().get(subject))
                            .filter(Objects::nonNull)
                            .toList();
            if (found.size() < parts.size()) continue;
            List<String> missing = found.stream().flatMap(s -> s.missing().stream()).toList();
            int expected = found.stream().mapToInt(Score::expected).sum();
            Score mean = mean(found, parts.size(), missing);
            scores.put(
                    subject,
                    Score.ofMean(
                            mean.value(),
                            mean.stderr(),
                            expected - missing.size(),
                            expected,
                            missing));
        }
        return scores;
    }

    /** Equal-weight mean of {@code parts}; stderr √Σse²/k when every part has one. */
    private static Score mean(List<Score> parts, int expected, List<String> missing) {
        double value = parts.stream().mapToDouble(Score::value).average().orElseThrow();
        boolean allHaveStderr = parts.stream().allMatch(p -> p.stderr() != null);
        Double stderr =
                allHaveStderr
                        ? Math.sqrt(parts.stream().mapToDouble(p -> p.stderr() * p.stderr()).sum())
                                / parts.size()
                        : null;
        return Score.ofMean(value, stderr, expected - missing.size(), expected, missing);
    }

    private Set<String> otherTasks(Set<String> claimed) {
        Set<String> others = new TreeSet<>();
        results.forEach(r -> others.add(r.task()));
        others.addAll(expectedTasks);
        others.removeIf(
                task ->
                        claimed.contains(task)
                                || categories.categories().stream()
                                        .anyMatch(
                                                c ->
                                                        c.taskPrefix() != null
                                                                && task.startsWith(
                                                                        c.taskPrefix())));
        return others;
    }

    private String otherMetric(String task) {
        Set<String> metrics = new TreeSet<>();
        resultsByTask.getOrDefault(task, List.of()).forEach(r -> metrics.add(r.metric()));
        // An expected task nobody has results for keeps the most common metric name; its row only
        // says it is missing.
        return OTHER_TASK_METRICS.stream()
                .filter(metrics::contains)
                .findFirst()
                .orElse(metrics.isEmpty() ? "acc" : metrics.iterator().next());
    }
}
