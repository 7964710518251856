package dev.mixlab.eval.report;

import dev.mixlab.eval.ResultsStore;
import dev.mixlab.eval.categories.Category;
import dev.mixlab.eval.categories.CategorySet;
import dev.mixlab.eval.compare.CleanItemScores;
import dev.mixlab.eval.compare.Comparison;
import dev.mixlab.eval.compare.RelativeChange;
import dev.mixlab.eval.compare.Score;
import dev.mixlab.eval.compare.Subject;
import dev.mixlab.eval.stats.AcrossSeeds;
import dev.mixlab.eval.stats.Interval;
import dev.mixlab.mixtures.WorkDir;
import dev.mixlab.mixtures.spec.AblationSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Writes a comparison as {@code report.md}, {@code report.csv}, a self-contained {@code
 * report.html} (charts embedded as PNG data) and {@code charts/*.png} (referenced by the Markdown).
 *
 * <p>Entry points:
 *
 * <pre>{@code
 * // an ablation: its runs, code shares and categories (eval.categories); baseline null = lowest code share
 * Path html = CompareReport.write(spec, workdir, null, null);   // → <workdir>/reports/<spec name>/report.html
 *
 * // any comparison built with Comparison.of(...)
 * CompareReport.Written files = CompareReport.write(comparison, "my-comparison", workdir, outDir);
 * }</pre>
 *
 * Results come from {@link ResultsStore} ({@code <workdir>/results/}); loss curves from {@code
 * <workdir>/runs/<run-id>/metrics.csv}.
 */
public final class CompareReport {
    public static final String MARKDOWN = "report.md";
    public static final String CSV = "report.csv";
    public static final String HTML = "report.html";
    public static final String CHARTS_DIR = "charts";
    private static final String NOTHING_MISSING =
            "None: every run has results for every task any run has.";

    /** The files a report consists of. */
    public record Written(Path directory, Path markdown, Path csv, Path html, List<Path> charts) {}

    private CompareReport() {}

    /**
     * Compares every run of {@code spec} (phases with results) on the spec's categories and writes
     * the report.
     *
     * @param workdir the work directory (results/, runs/)
     * @param baseline a run id, {@code run/phase} or column label; null for the run with the lowest
     *     code share
     * @param outDir where to write; null for {@code <workdir>/reports/<spec name>}
     * @return the path of {@code report.html}
     */
    public static Path write(AblationSpec spec, Path workdir, String baseline, Path outDir) {
        Comparison comparison =
                Comparison.ofAblation(
                        spec, ResultsStore.open(workdir), baseline, CategorySet.forSpec(spec));
        WorkDir work = new WorkDir(workdir);
        Path out = outDir != null ? outDir : work.store().inside(work.report(spec.name()), "write");
        return write(comparison, spec.name(), workdir, out).html();
    }

    /**
     * Writes {@code comparison} titled {@code name} into {@code outDir}; loss curves come from
     * {@code <workdir>/runs/}.
     */
    public static Written write(Comparison comparison, String name, Path workdir, Path outDir) {
        List<Charts.Chart> charts = Charts.draw(comparison, new WorkDir(workdir).runs());
        try {
            Files.createDirectories(outDir.resolve(CHARTS_DIR));
            List<Path> chartFiles = new ArrayList<>();
            for (Charts.Chart chart : charts) {
                Path file = outDir.resolve(CHARTS_DIR).resolve(chart.id() + ".png");
                Files.write(file, chart.png());
                chartFiles.add(file);
            }
            Path markdown =
                    writeString(outDir.resolve(MARKDOWN), markdown(comparison, name, charts));
            Path csv = writeString(outDir.resolve(CSV), csv(comparison));
            Path html = writeString(outDir.resolve(HTML), html(comparison, name, charts));
            return new Written(outDir, markdown, csv, html, chartFiles);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot write the report to " + outDir + ": " + e.getMessage(), e);
        }
    }

    private static Path writeString(Path file, String text) throws IOException {
        return Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    // ---- cells shared by the Markdown and HTML tables ----

    static String number(double value, boolean percent) {
        return String.format(Locale.ROOT, percent ? "%.1f" : "%.3f", value);
    }

    /**
     * A column heading: the label and how many seeds the column is over ({@code n=1} for a single
     * run, whose ± is over its evaluation examples only).
     */
    public static String heading(Subject subject) {
        return subject.label()
                + (subject.isSeedGroup() ? " (n=" + subject.seeds().size() + " seeds)" : " (n=1)");
    }

    /**
     * {@code 49.0 ± 0.4}: the score and the half-width of its 95% interval; {@code 65.0 [43.3,
     * 81.9]} for an asymmetric (Wilson) one; over seeds {@code 51.0 ± 2.5 (sd 1.0, n=3)}.
     */
    static String scoreCell(Score score, boolean percent) {
        Interval interval = score.interval();
        String text = number(score.value(), percent);
        if (interval != null && interval.method().equals("wilson")) {
            text +=
                    " ["
                            + number(interval.low(), percent)
                            + ", "
                            + number(interval.high(), percent)
                            + "]";
        } else if (interval != null) {
            text += " ± " + number(interval.halfWidth(), percent);
        }
        if (score.overSeeds())
            text += " (sd " + number(score.sd(), percent) + ", n=" + score.n() + ")";
        else if (score.perSeed().size() == 1) text += " (1 seed)";
        return score.complete()
                ? text
                : text + " (" + score.covered() + "/" + score.expected() + " tasks)";
    }

    /**
     * {@code +8.2% [+1.0, +3.1]}: relative change and the 95% interval of the absolute difference;
     * empty when not comparable.
     */
    static String changeCell(Comparison comparison, Comparison.Row row, Subject subject) {
        if (!comparison.comparable(row, subject)) return "";
        Score score = row.scores().get(subject);
        Score base = row.scores().get(comparison.baseline());
        String change = RelativeChange.format(score.value(), base.value());
        Interval difference = comparison.differenceInterval(row, subject);
        if (difference == null) {
            return score.overSeeds() != base.overSeeds()
                    ? change + " (n=" + score.n() + " vs n=" + base.n() + ": no test)"
                    : change;
        }
        String interval =
                " ["
                        + signed(difference.low(), row.percent())
                        + ", "
                        + signed(difference.high(), row.percent())
                        + "]";
        AcrossSeeds.Test test = comparison.seedTest(row, subject);
        if (test != null) {
            return change
                    + interval
                    + (test.method().equals(AcrossSeeds.PAIRED_METHOD) ? " paired t" : " Welch t")
                    + String.format(Locale.ROOT, ", p=%.3f", test.p());
        }
        return change
                + interval
                + (difference.method().equals("paired bootstrap") ? " (paired)" : "");
    }

    private static String signed(double value, boolean percent) {
        return (value >= 0 ? "+" : "") + number(value, percent);
    }

    private static String metricOf(Comparison.Row row) {
        return row.scores().values().stream()
                .map(Score::source)
                .filter(s -> s != null)
                .map(
                        s ->
                                s.filter() == null || s.filter().equals("none")
                                        ? s.metric()
                                        : s.metric() + "," + s.filter())
                .distinct()
                .collect(Collectors.joining(" / "));
    }

    private static Map<String, List<Comparison.Row>> taskSections(Comparison comparison) {
        Map<String, List<Comparison.Row>> sections = new LinkedHashMap<>();
        comparison
                .taskRows()
                .forEach(r -> sections.computeIfAbsent(r.section(), s -> new ArrayList<>()).add(r));
        return sections;
    }

    private static String sectionTitle(Comparison comparison, String section) {
        return comparison.categories().category(section).map(Category::title).orElse("Other tasks");
    }

    private static String intervalNote() {
        return "Scores are percentages for accuracy-like metrics (the harness reports fractions). "
                + "Columns marked n=1 are single runs: their ± is the half-width of a 95% interval over the evaluation examples "
                + "of that one run (the reported standard error; a category: √Σse²/k over its tasks) and says nothing about how "
                + "much another training seed would move the score. Columns over several seeds (n=3 seeds) are runs that differ "
                + "only in seed: each seed is scored on its own (task, category, summary), then the column shows the mean over "
                + "seeds ± the half-width of a Student-t 95% interval (n − 1 degrees of freedom), the standard deviation over seeds "
                + "(sd) and n. The change column is relative to the baseline (a multiple from 2× on) followed by the 95% interval "
                + "of the absolute difference: between two seed groups a t test over seeds — paired by seed (\"paired t\") when "
                + "both have exactly the same seeds, else Welch's unequal-variance test (\"Welch t\") — with its two-sided p; "
                + "between single runs a paired bootstrap over shared examples (2,000 resamples, \"(paired)\") where per-example "
                + "scores were imported, else √(se² + se_baseline²); between a seed group and a single run no test (\"no test\"). "
                + "A category with missing tasks shows k/n tasks, is never the best, and is compared with the baseline only when "
                + "both cover the same tasks. Win-rates: ties count as half a win, 95% Wilson intervals.";
    }

    // ---- what the report leads with, and what it leaves out ----

    /**
     * Proxy categories with results (bits per byte per source and per language, probes), in
     * category order: the report leads with them, one run × task table each.
     */
    private static List<Category> measured(Comparison comparison) {
        return comparison.categories().categories().stream()
                .filter(c -> c.proxy() && !evaluatedTasks(comparison, c.name()).isEmpty())
                .toList();
    }

    /** The task rows of a section that have at least one score. */
    private static List<Comparison.Row> evaluatedTasks(Comparison comparison, String section) {
        return comparison.taskRows().stream()
                .filter(r -> r.section().equals(section) && r.evaluated())
                .toList();
    }

    /**
     * Task tables after the lead: the rows with a result of each non-proxy section (proxy sections
     * are the lead tables).
     */
    private static Map<String, List<Comparison.Row>> evaluatedTaskSections(Comparison comparison) {
        Map<String, List<Comparison.Row>> sections = new LinkedHashMap<>();
        taskSections(comparison)
                .forEach(
                        (section, rows) -> {
                            boolean proxy =
                                    comparison
                                            .categoryRow(section)
                                            .map(Comparison.Row::proxy)
                                            .orElse(false);
                            List<Comparison.Row> evaluated =
                                    rows.stream().filter(Comparison.Row::evaluated).toList();
                            if (!proxy && !evaluated.isEmpty()) sections.put(section, evaluated);
                        });
        return sections;
    }

    /** Non-proxy categories and summaries with a score for some run. */
    private static List<Comparison.Row> evaluatedCategories(Comparison comparison) {
        return comparison.categoryRows().stream().filter(r -> !r.proxy() && r.evaluated()).toList();
    }

    /**
     * One line for everything without a result for any run: categories and summaries, and tasks of
     * evaluated sections (with their section), e.g. {@code NL reasoning, Code, Total; tasks: BoolQ,
     * SciQ (NL reasoning); lambada_openai (other tasks)}. Empty when everything has results.
     */
    private static String notEvaluated(Comparison comparison) {
        List<String> categories =
                comparison.categoryRows().stream()
                        .filter(r -> !r.proxy() && !r.evaluated())
                        .map(Comparison.Row::title)
                        .toList();
        List<String> tasks = new ArrayList<>();
        for (Map.Entry<String, List<Comparison.Row>> section :
                taskSections(comparison).entrySet()) {
            boolean sectionEvaluated =
                    section.getValue().stream().anyMatch(Comparison.Row::evaluated);
            boolean categoryListed =
                    comparison
                            .categoryRow(section.getKey())
                            .map(r -> !r.proxy() && !r.evaluated())
                            .orElse(false);
            if (categoryListed || (!sectionEvaluated && !section.getKey().equals("other")))
                continue;
            List<String> missing =
                    section.getValue().stream()
                            .filter(r -> !r.evaluated())
                            .map(Comparison.Row::title)
                            .toList();
            if (!missing.isEmpty())
                tasks.add(
                        String.join(", ", missing)
                                + " ("
                                + sectionTitle(comparison, section.getKey())
                                + ")");
        }
        List<String> parts = new ArrayList<>();
        if (!categories.isEmpty()) parts.add(String.join(", ", categories));
        if (!tasks.isEmpty()) parts.add("tasks: " + String.join("; ", tasks));
        return String.join("; ", parts);
    }

    private static final String NOT_EVALUATED_HINT =
            " — no run has results for them; `mixlab eval import` adds lm-evaluation-harness, bigcode-harness or judge results.";

    /**
     * A lead-table cell: score ± half-width, the change against the baseline, and where the score
     * stands against chance (when the task has a chance level).
     */
    private static String leadCell(Comparison comparison, Comparison.Row row, Subject subject) {
        Optional<Score> score = row.score(subject);
        if (score.isEmpty()) return "—";
        String cell = scoreCell(score.get(), row.percent());
        if (comparison.comparable(row, subject))
            cell +=
                    " ("
                            + RelativeChange.format(
                                    score.get().value(),
                                    row.scores().get(comparison.baseline()).value())
                            + ")";
        Comparison.ChanceLevel chance = row.againstChance(subject);
        if (chance == Comparison.ChanceLevel.AT) cell += " ≈ chance";
        else if (chance == Comparison.ChanceLevel.BELOW) cell += " below chance";
        return cell;
    }

    /** What a lead table shows and how to read it, in one sentence. */
    private static String leadNote(Comparison comparison, Category category) {
        List<Comparison.Row> rows = evaluatedTasks(comparison, category.name());
        StringBuilder note = new StringBuilder();
        note.append(category.higherIsBetter() ? "Higher is better" : "Lower is better")
                .append(
                        "; n in a task's heading: documents or questions scored; a run's n: seeds (n=1: one run, ± over its examples only); ± is the 95% interval; in parentheses the change against ")
                .append(comparison.baseline().label())
                .append("; bold: the best run.");
        Double chance =
                rows.stream()
                        .map(Comparison.Row::chance)
                        .filter(c -> c != null)
                        .findFirst()
                        .orElse(null);
        if (chance != null) {
            long at = 0;
            long below = 0;
            long scored = 0;
            for (Comparison.Row row : rows) {
                for (Subject subject : comparison.subjects()) {
                    Comparison.ChanceLevel level = row.againstChance(subject);
                    if (level == null) continue;
                    scored++;
                    if (level == Comparison.ChanceLevel.AT) at++;
                    if (level == Comparison.ChanceLevel.BELOW) below++;
                }
            }
            note.append(" Chance (guessing) is ")
                    .append(number(chance, category.percent()))
                    .append(category.percent() ? "%" : "")
                    .append(
                            ": \"≈ chance\" marks a score whose 95% interval includes it, \"below chance\" one whose interval lies under it.");
            if (scored > 0 && at + below == scored)
                note.append(" No score is above chance: at this scale the task shows no ability.");
            else if (at + below > 0)
                note.append(" ")
                        .append(at + below)
                        .append(" of ")
                        .append(scored)
                        .append(" scores are not above chance.");
        }
        return note.toString();
    }

    /** The charts drawn for a lead section, then those for the "Charts" section. */
    private static List<Charts.Chart> chartsOf(List<Charts.Chart> charts, String section) {
        return charts.stream().filter(c -> java.util.Objects.equals(c.section(), section)).toList();
    }

    /** Sections whose charts were drawn in the lead. */
    private static List<Charts.Chart> remainingCharts(
            Comparison comparison, List<Charts.Chart> charts) {
        List<String> lead = measured(comparison).stream().map(Category::name).toList();
        return charts.stream()
                .filter(c -> c.section() == null || !lead.contains(c.section()))
                .toList();
    }

    // ---- Markdown ----

    private static String markdown(Comparison comparison, String name, List<Charts.Chart> charts) {
        StringBuilder md = new StringBuilder();
        md.append("# Comparison: ").append(name).append("\n\n");
        md.append("Baseline: **")
                .append(comparison.baseline().label())
                .append("**. Categories: ")
                .append(comparison.categories().source())
                .append(". ")
                .append(comparison.results().size())
                .append(" results.\n\n");
        md.append("## Runs\n\n| run | phase | code share | seeds |\n|---|---|---|---|\n");
        for (Subject s : comparison.subjects()) {
            md.append("| ")
                    .append(s.label())
                    .append(" | ")
                    .append(s.phase() == null ? "" : s.phase())
                    .append(" | ")
                    .append(codeShare(s))
                    .append(" | ")
                    .append(seeds(s))
                    .append(" |\n");
        }
        for (Category category : measured(comparison)) {
            md.append("\n## ").append(category.title()).append("\n\n");
            md.append(leadNote(comparison, category)).append("\n\n");
            markdownLeadTable(md, comparison, category);
            markdownCharts(md, chartsOf(charts, category.name()));
        }
        List<Comparison.Row> categories = evaluatedCategories(comparison);
        if (!categories.isEmpty()) {
            md.append("\n## Categories\n\n");
            markdownTable(md, comparison, categories, true);
        }
        String notEvaluated = notEvaluated(comparison);
        if (!notEvaluated.isEmpty())
            md.append("\n**Not evaluated:** ")
                    .append(notEvaluated)
                    .append(NOT_EVALUATED_HINT)
                    .append('\n');
        evaluatedTaskSections(comparison)
                .forEach(
                        (section, rows) -> {
                            md.append("\n## Tasks: ")
                                    .append(sectionTitle(comparison, section))
                                    .append("\n\n");
                            markdownTable(md, comparison, rows, false);
                        });
        markdownCleanItems(md, comparison);
        md.append("\n## Missing tasks\n\n");
        Map<Subject, String> missing = missing(comparison);
        if (missing.isEmpty()) md.append(NOTHING_MISSING).append('\n');
        missing.forEach(
                (subject, gaps) ->
                        md.append("- **")
                                .append(subject.label())
                                .append("**: ")
                                .append(gaps)
                                .append('\n'));
        List<Charts.Chart> remaining = remainingCharts(comparison, charts);
        if (!remaining.isEmpty()) md.append("\n## Charts\n\n");
        markdownCharts(md, remaining);
        md.append("\n## Reading the numbers\n\n").append(intervalNote()).append('\n');
        return md.toString();
    }

    /** {@code 1, 2, 3 (n=3)}; {@code 1234 (n=1)}; {@code n=1} when the seed is unknown. */
    private static String seeds(Subject s) {
        List<Long> seeds = s.units().stream().map(Subject::seed).filter(x -> x != null).toList();
        String n = "n=" + s.units().size();
        return seeds.isEmpty()
                ? n
                : seeds.stream().map(String::valueOf).collect(Collectors.joining(", "))
                        + " ("
                        + n
                        + ")";
    }

    private static String codeShare(Subject s) {
        return s.codeShare() == null
                ? ""
                : String.format(Locale.ROOT, "%.0f%%", s.codeShare() * 100);
    }

    /** A lead table's cell: text and whether it is the best run's score. */
    private record Cell(String text, boolean best) {}

    /**
     * A proxy category as a table: runs down and its tasks (sources) across, or tasks down and runs
     * across when there are more tasks than runs (languages). The first row is the header.
     */
    private static List<List<Cell>> leadGrid(Comparison comparison, Category category) {
        List<Comparison.Row> rows = evaluatedTasks(comparison, category.name());
        List<Subject> subjects = comparison.subjects();
        List<List<Cell>> grid = new ArrayList<>();
        if (rows.size() <= subjects.size()) {
            List<Cell> header =
                    new ArrayList<>(List.of(new Cell("run", false), new Cell("code share", false)));
            rows.forEach(r -> header.add(new Cell(taskHeader(r), false)));
            grid.add(header);
            for (Subject subject : subjects) {
                List<Cell> line =
                        new ArrayList<>(
                                List.of(
                                        new Cell(heading(subject), false),
                                        new Cell(codeShare(subject), false)));
                for (Comparison.Row row : rows)
                    line.add(
                            new Cell(
                                    leadCell(comparison, row, subject),
                                    row.best().map(subject::equals).orElse(false)));
                grid.add(line);
            }
        } else {
            List<Cell> header = new ArrayList<>(List.of(new Cell("", false)));
            subjects.forEach(
                    s ->
                            header.add(
                                    new Cell(
                                            heading(s)
                                                    + (s.codeShare() == null
                                                            ? ""
                                                            : " (" + codeShare(s) + " code)"),
                                            false)));
            grid.add(header);
            for (Comparison.Row row : rows) {
                List<Cell> line = new ArrayList<>(List.of(new Cell(taskHeader(row), false)));
                for (Subject subject : subjects)
                    line.add(
                            new Cell(
                                    leadCell(comparison, row, subject),
                                    row.best().map(subject::equals).orElse(false)));
                grid.add(line);
            }
        }
        return grid;
    }

    /** A task's label with its sample size when every run was scored on the same number. */
    private static String taskHeader(Comparison.Row row) {
        List<Long> sizes =
                row.scores().values().stream()
                        .map(s -> s.source() == null ? null : s.source().samples())
                        .distinct()
                        .toList();
        return sizes.size() == 1 && sizes.get(0) != null
                ? row.title() + " (n=" + sizes.get(0) + ")"
                : row.title();
    }

    private static void markdownLeadTable(
            StringBuilder md, Comparison comparison, Category category) {
        List<List<Cell>> grid = leadGrid(comparison, category);
        for (int r = 0; r < grid.size(); r++) {
            md.append('|');
            for (Cell cell : grid.get(r)) {
                String text = cell.text().replace("|", "\\|");
                md.append(' ').append(cell.best() ? "**" + text + "**" : text).append(" |");
            }
            md.append('\n');
            if (r == 0) md.append('|').append("---|".repeat(grid.get(0).size())).append('\n');
        }
    }

    private static void markdownCharts(StringBuilder md, List<Charts.Chart> charts) {
        for (Charts.Chart chart : charts) {
            md.append("\n### ")
                    .append(chart.title())
                    .append("\n\n")
                    .append(chart.caption())
                    .append("\n\n")
                    .append("![")
                    .append(chart.title())
                    .append("](")
                    .append(CHARTS_DIR)
                    .append('/')
                    .append(chart.id())
                    .append(".png)\n");
        }
    }

    private static void markdownTable(
            StringBuilder md,
            Comparison comparison,
            List<Comparison.Row> rows,
            boolean categories) {
        List<String> header = new ArrayList<>(List.of(categories ? "category" : "task"));
        if (!categories) header.add("metric");
        for (Subject s : comparison.subjects()) {
            header.add(heading(s));
            if (!s.equals(comparison.baseline())) header.add("vs " + comparison.baseline().label());
        }
        header.add("best");
        md.append("| ")
                .append(String.join(" | ", header))
                .append(" |\n|")
                .append("---|".repeat(header.size()))
                .append('\n');
        for (Comparison.Row row : rows) {
            List<String> cells =
                    new ArrayList<>(
                            List.of(
                                    row.title()
                                            + (row.higherIsBetter() ? "" : " (lower is better)")));
            if (!categories) cells.add(metricOf(row));
            for (Subject s : comparison.subjects()) {
                cells.add(row.score(s).map(score -> scoreCell(score, row.percent())).orElse("—"));
                if (!s.equals(comparison.baseline())) cells.add(changeCell(comparison, row, s));
            }
            cells.add(row.best().map(Subject::label).orElse("—"));
            md.append("| ")
                    .append(
                            cells.stream()
                                    .map(c -> c.replace("|", "\\|"))
                                    .collect(Collectors.joining(" | ")))
                    .append(" |\n");
        }
    }

    /**
     * Per run with gaps, the tasks other runs have results for and it lacks, by section: {@code NL
     * reasoning: BoolQ, SciQ; Validation bits per byte: markup}. Tasks no run has are in the "not
     * evaluated" line instead.
     */
    private static Map<Subject, String> missing(Comparison comparison) {
        Map<Subject, String> missing = new LinkedHashMap<>();
        for (Subject subject : comparison.subjects()) {
            Map<String, List<String>> bySection = new LinkedHashMap<>();
            for (Comparison.Row row : comparison.taskRows()) {
                if (row.evaluated() && row.score(subject).isEmpty())
                    bySection
                            .computeIfAbsent(
                                    sectionTitle(comparison, row.section()), k -> new ArrayList<>())
                            .add(row.title());
            }
            if (!bySection.isEmpty())
                missing.put(
                        subject,
                        bySection.entrySet().stream()
                                .map(e -> e.getKey() + ": " + String.join(", ", e.getValue()))
                                .collect(Collectors.joining("; ")));
        }
        return missing;
    }

    // ---- Benchmark contamination (clean-item scores) ----

    private static final String CONTAMINATION_SECTION = "contamination";
    private static final String CONTAMINATION_TITLE = "Benchmark contamination";
    private static final String CONTAMINATION_NOTE =
            "Tasks named after a decontamination: set, scored on all items and on the clean items"
                    + " only (no training document of the ablation's pools shares an n-gram with"
                    + " them; lm-eval-harness's decontaminate variant). ⚠ marks tasks with overlap.";

    /** A clean-item table: header then one line per task, as text cells. */
    private static List<List<String>> cleanItemGrid(Comparison comparison) {
        List<List<String>> grid = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("task", "metric", "overlapped items"));
        for (Subject s : comparison.subjects()) {
            header.add(s.label() + " all");
            header.add("clean");
        }
        grid.add(header);
        for (CleanItemScores.Row row : comparison.cleanItems()) {
            List<String> line = new ArrayList<>();
            line.add((row.hasOverlap() ? "⚠ " : "") + row.task());
            line.add(row.metric());
            line.add(row.overlapped() + " of " + row.setItems());
            for (Subject s : comparison.subjects()) {
                CleanItemScores.Cell cell = row.cells().get(s);
                if (cell == null) {
                    line.add("—");
                    line.add("—");
                    continue;
                }
                line.add(String.format(Locale.ROOT, "%.1f", 100 * cell.all()));
                line.add(
                        Double.isNaN(cell.clean())
                                ? "— (no clean item)"
                                : String.format(
                                        Locale.ROOT,
                                        "%.1f (n=%d)",
                                        100 * cell.clean(),
                                        cell.cleanItems()));
            }
            grid.add(line);
        }
        return grid;
    }

    private static void markdownCleanItems(StringBuilder md, Comparison comparison) {
        if (comparison.cleanItems().isEmpty()) return;
        md.append("\n## ").append(CONTAMINATION_TITLE).append("\n\n");
        md.append(CONTAMINATION_NOTE.replace("decontamination:", "`decontamination:`"))
                .append("\n\n");
        List<List<String>> grid = cleanItemGrid(comparison);
        for (int r = 0; r < grid.size(); r++) {
            md.append("| ").append(String.join(" | ", grid.get(r))).append(" |\n");
            if (r == 0) md.append("|---".repeat(grid.get(0).size())).append("|\n");
        }
    }

    private static void htmlCleanItems(StringBuilder html, Comparison comparison) {
        if (comparison.cleanItems().isEmpty()) return;
        html.append("<h2>")
                .append(CONTAMINATION_TITLE)
                .append("</h2>\n<p class=\"note\">")
                .append(escape(CONTAMINATION_NOTE))
                .append("</p>\n<table class=\"contamination\">\n");
        List<List<String>> grid = cleanItemGrid(comparison);
        for (int r = 0; r < grid.size(); r++) {
            String tag = r == 0 ? "th" : "td";
            html.append("<tr>");
            for (String cell : grid.get(r))
                html.append('<')
                        .append(tag)
                        .append('>')
                        .append(escape(cell))
                        .append("</")
                        .append(tag)
                        .append('>');
            html.append("</tr>\n");
        }
        html.append("</table>\n");
    }

    // ---- CSV ----

    private static String csv(Comparison comparison) {
        StringBuilder csv =
                new StringBuilder(
                        "kind,section,name,subject,run,phase,code_share,metric,higher_is_better,value,ci_low,ci_high,"
                                + "relative_change,diff_low,diff_high,diff_method,covered,expected,missing,best,"
                                + "n,sd,seeds,diff_p,overlapped_items,set_items,has_overlap\n");
        for (Comparison.Row row : comparison.categoryRows()) {
            csvRows(
                    csv,
                    comparison,
                    row,
                    comparison.categories().category(row.key()).isPresent()
                            ? "category"
                            : "summary");
        }
        for (Comparison.Row row : comparison.taskRows()) csvRows(csv, comparison, row, "task");
        csvCleanItems(csv, comparison);
        return csv.toString();
    }

    /**
     * Two lines per task named after a decontamination set and subject: the score over all items
     * ({@code task_all_items}) and over the clean ones ({@code task_clean_items}), n their count.
     */
    private static void csvCleanItems(StringBuilder csv, Comparison comparison) {
        for (CleanItemScores.Row row : comparison.cleanItems()) {
            for (Subject subject : comparison.subjects()) {
                CleanItemScores.Cell cell = row.cells().get(subject);
                if (cell == null) continue;
                csvCleanItemLine(csv, row, subject, "task_all_items", cell.all(), cell.items());
                csvCleanItemLine(
                        csv, row, subject, "task_clean_items", cell.clean(), cell.cleanItems());
            }
        }
    }

    private static void csvCleanItemLine(
            StringBuilder csv,
            CleanItemScores.Row row,
            Subject subject,
            String kind,
            double value,
            int n) {
        String[] fields = new String[27];
        Arrays.fill(fields, "");
        fields[0] = kind;
        fields[1] = CONTAMINATION_SECTION;
        fields[2] = field(row.task());
        fields[3] = field(subject.label());
        fields[4] = field(subject.run());
        fields[5] = field(subject.phase());
        fields[6] = subject.codeShare() == null ? "" : plain(subject.codeShare());
        fields[7] = field(row.metric());
        fields[8] = "true";
        fields[9] = Double.isNaN(value) ? "" : plain(value);
        fields[20] = Integer.toString(n);
        fields[24] = Long.toString(row.overlapped());
        fields[25] = Long.toString(row.setItems());
        fields[26] = Boolean.toString(row.hasOverlap());
        csv.append(String.join(",", fields)).append('\n');
    }

    /** One line per subject with a score on {@code row}. */
    private static void csvRows(
            StringBuilder csv, Comparison comparison, Comparison.Row row, String kind) {
        String best = row.best().map(Subject::label).orElse("");
        for (Subject subject : comparison.subjects()) {
            Optional<Score> found = row.score(subject);
            if (found.isEmpty()) continue;
            Score score = found.get();
            Interval ci = score.interval();
            Double ratio =
                    comparison.comparable(row, subject)
                            ? RelativeChange.ratio(
                                    score.value(), row.scores().get(comparison.baseline()).value())
                            : null;
            Interval diff = comparison.differenceInterval(row, subject);
            AcrossSeeds.Test test = comparison.seedTest(row, subject);
            csv.append(
                            String.join(
                                    ",",
                                    kind,
                                    field(row.section()),
                                    field(row.key()),
                                    field(subject.label()),
                                    field(subject.run()),
                                    field(subject.phase()),
                                    subject.codeShare() == null ? "" : plain(subject.codeShare()),
                                    field(kind.equals("task") ? metricOf(row) : ""),
                                    Boolean.toString(row.higherIsBetter()),
                                    plain(score.value()),
                                    ci == null ? "" : plain(ci.low()),
                                    ci == null ? "" : plain(ci.high()),
                                    ratio == null ? "" : plain(ratio - 1),
                                    diff == null ? "" : plain(diff.low()),
                                    diff == null ? "" : plain(diff.high()),
                                    diff == null ? "" : diff.method(),
                                    Integer.toString(score.covered()),
                                    Integer.toString(score.expected()),
                                    field(String.join(";", score.missing())),
                                    Boolean.toString(subject.label().equals(best)),
                                    Integer.toString(score.n()),
                                    score.sd() == null ? "" : plain(score.sd()),
                                    field(
                                            score.perSeed().isEmpty()
                                                    ? Objects.toString(subject.seed(), "")
                                                    : score.perSeed().keySet().stream()
                                                            .map(String::valueOf)
                                                            .collect(Collectors.joining(";"))),
                                    test == null ? "" : plain(test.p()),
                                    // overlapped_items, set_items, has_overlap: clean-item rows
                                    "",
                                    "",
                                    ""))
                    .append('\n');
        }
    }

    private static String plain(double value) {
        return String.format(Locale.ROOT, "%.6g", value);
    }

    private static String field(String value) {
        if (value == null) return "";
        return value.contains(",") || value.contains("\"") || value.contains("\n")
                ? "\"" + value.replace("\"", "\"\"") + "\""
                : value;
    }

    // ---- HTML ----

    private static String html(Comparison comparison, String name, List<Charts.Chart> charts) {
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                // An empty icon: browsers would otherwise request /favicon.ico, which a file://
                // report does not have.
                .append("<link rel=\"icon\" href=\"data:,\">\n")
                .append("<title>")
                .append(escape("Comparison: " + name))
                .append("</title>\n<style>\n")
                .append(
                        "body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}")
                .append(
                        "th,td{border:1px solid #ccc;padding:4px 8px;text-align:right}th:first-child,td:first-child{text-align:left}")
                .append(
                        "th{background:#f4f4f4}td.best{font-weight:bold}figure{margin:1.5em 0}figcaption{color:#555;max-width:900px}")
                .append(".note{color:#555;max-width:900px}\n</style>\n</head>\n<body>\n");
        html.append("<h1>")
                .append(escape("Comparison: " + name))
                .append("</h1>\n<p>Baseline: <strong>")
                .append(escape(comparison.baseline().label()))
                .append("</strong>. Categories: ")
                .append(escape(comparison.categories().source()))
                .append(". ")
                .append(comparison.results().size())
                .append(" results.</p>\n");
        for (Category category : measured(comparison)) {
            html.append("<h2>")
                    .append(escape(category.title()))
                    .append("</h2>\n<p class=\"note\">")
                    .append(escape(leadNote(comparison, category)))
                    .append("</p>\n");
            htmlLeadTable(html, comparison, category);
            htmlCharts(html, chartsOf(charts, category.name()));
        }
        List<Comparison.Row> categories = evaluatedCategories(comparison);
        if (!categories.isEmpty()) {
            html.append("<h2>Categories</h2>\n");
            htmlTable(html, comparison, categories, true);
        }
        String notEvaluated = notEvaluated(comparison);
        if (!notEvaluated.isEmpty())
            html.append("<p class=\"not-evaluated\"><strong>Not evaluated:</strong> ")
                    .append(escape(notEvaluated + NOT_EVALUATED_HINT))
                    .append("</p>\n");
        List<Charts.Chart> remaining = remainingCharts(comparison, charts);
        if (!remaining.isEmpty()) html.append("<h2>Charts</h2>\n");
        htmlCharts(html, remaining);
        evaluatedTaskSections(comparison)
                .forEach(
                        (section, rows) -> {
                            html.append("<h2>Tasks: ")
                                    .append(escape(sectionTitle(comparison, section)))
                                    .append("</h2>\n");
                            htmlTable(html, comparison, rows, false);
                        });
        htmlCleanItems(html, comparison);
        Map<Subject, String> missing = missing(comparison);
        html.append("<h2>Missing tasks</h2>\n<ul>\n");
        if (missing.isEmpty()) html.append("<li>").append(NOTHING_MISSING).append("</li>\n");
        missing.forEach(
                (subject, gaps) ->
                        html.append("<li><strong>")
                                .append(escape(subject.label()))
                                .append("</strong>: ")
                                .append(escape(gaps))
                                .append("</li>\n"));
        html.append("</ul>\n<h2>Reading the numbers</h2>\n<p class=\"note\">")
                .append(escape(intervalNote()))
                .append("</p>\n</body>\n</html>\n");
        return html.toString();
    }

    private static void htmlLeadTable(
            StringBuilder html, Comparison comparison, Category category) {
        List<List<Cell>> grid = leadGrid(comparison, category);
        html.append("<table class=\"lead\">\n");
        for (int r = 0; r < grid.size(); r++) {
            html.append("<tr>");
            for (Cell cell : grid.get(r)) {
                String tag = r == 0 ? "th" : "td";
                html.append('<')
                        .append(tag)
                        .append(cell.best() ? " class=\"best\">" : ">")
                        .append(escape(cell.text()))
                        .append("</")
                        .append(tag)
                        .append('>');
            }
            html.append("</tr>\n");
        }
        html.append("</table>\n");
    }

    private static void htmlCharts(StringBuilder html, List<Charts.Chart> charts) {
        for (Charts.Chart chart : charts) {
            html.append("<figure id=\"")
                    .append(chart.id())
                    .append("\"><h3>")
                    .append(escape(chart.title()))
                    .append("</h3>\n<img class=\"chart\" alt=\"")
                    .append(escape(chart.title()))
                    .append("\" width=\"")
                    .append(chart.width())
                    .append("\" height=\"")
                    .append(chart.height())
                    .append("\" src=\"data:image/png;base64,")
                    .append(Base64.getEncoder().encodeToString(chart.png()))
                    .append("\">\n<figcaption>")
                    .append(escape(chart.caption()))
                    .append("</figcaption></figure>\n");
        }
    }

    private static void htmlTable(
            StringBuilder html,
            Comparison comparison,
            List<Comparison.Row> rows,
            boolean categories) {
        html.append("<table>\n<tr><th>").append(categories ? "category" : "task").append("</th>");
        if (!categories) html.append("<th>metric</th>");
        for (Subject s : comparison.subjects()) {
            html.append("<th>").append(escape(heading(s))).append("</th>");
            if (!s.equals(comparison.baseline()))
                html.append("<th>vs ")
                        .append(escape(comparison.baseline().label()))
                        .append("</th>");
        }
        html.append("<th>best</th></tr>\n");
        for (Comparison.Row row : rows) {
            Optional<Subject> best = row.best();
            html.append("<tr><td>")
                    .append(
                            escape(
                                    row.title()
                                            + (row.higherIsBetter() ? "" : " (lower is better)")))
                    .append("</td>");
            if (!categories) html.append("<td>").append(escape(metricOf(row))).append("</td>");
            for (Subject s : comparison.subjects()) {
                boolean isBest = best.isPresent() && best.get().equals(s);
                html.append(isBest ? "<td class=\"best\">" : "<td>")
                        .append(
                                escape(
                                        row.score(s)
                                                .map(score -> scoreCell(score, row.percent()))
                                                .orElse("—")))
                        .append("</td>");
                if (!s.equals(comparison.baseline()))
                    html.append("<td>")
                            .append(escape(changeCell(comparison, row, s)))
                            .append("</td>");
            }
            html.append("<td>")
                    .append(escape(best.map(Subject::label).orElse("—")))
                    .append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
