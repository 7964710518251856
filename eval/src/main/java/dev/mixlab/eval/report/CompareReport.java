package dev.mixlab.eval.report;

import dev.mixlab.eval.ResultsStore;
import dev.mixlab.eval.categories.Category;
import dev.mixlab.eval.categories.CategorySet;
import dev.mixlab.eval.compare.Comparison;
import dev.mixlab.eval.compare.RelativeChange;
import dev.mixlab.eval.compare.Score;
import dev.mixlab.eval.compare.Subject;
import dev.mixlab.eval.stats.Interval;
import dev.mixlab.mixtures.WorkDir;
import dev.mixlab.mixtures.spec.AblationSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
    private static final String NOTHING_MISSING = "None: every run has every category task.";

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
     * {@code 49.0 ± 0.4}: the score and the half-width of its 95% interval; {@code 65.0 [43.3,
     * 81.9]} for an asymmetric (Wilson) one.
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
        String change =
                RelativeChange.format(
                        row.scores().get(subject).value(),
                        row.scores().get(comparison.baseline()).value());
        Interval difference = comparison.differenceInterval(row, subject);
        if (difference == null) return change;
        return change
                + " ["
                + signed(difference.low(), row.percent())
                + ", "
                + signed(difference.high(), row.percent())
                + "]"
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
        return "Scores are percentages for accuracy-like metrics (the harness reports fractions). ± is the half-width of a 95% interval "
                + "from the reported standard error (a category: √Σse²/k over its tasks). The change column is relative to the baseline "
                + "(a multiple from 2× on) followed by the 95% interval of the absolute difference: a paired bootstrap over shared examples "
                + "(2,000 resamples) where per-example scores were imported, else √(se² + se_baseline²). A category with missing tasks shows "
                + "k/n tasks, is never the best, and is compared with the baseline only when both cover the same tasks. "
                + "Win-rates: ties count as half a win, 95% Wilson intervals.";
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
        md.append("## Runs\n\n| run | phase | code share |\n|---|---|---|\n");
        for (Subject s : comparison.subjects()) {
            md.append("| ")
                    .append(s.label())
                    .append(" | ")
                    .append(s.phase() == null ? "" : s.phase())
                    .append(" | ")
                    .append(
                            s.codeShare() == null
                                    ? ""
                                    : String.format(Locale.ROOT, "%.0f%%", s.codeShare() * 100))
                    .append(" |\n");
        }
        md.append("\n## Categories\n\n");
        markdownTable(md, comparison, comparison.categoryRows(), true);
        for (Map.Entry<String, List<Comparison.Row>> section :
                taskSections(comparison).entrySet()) {
            md.append("\n## Tasks: ")
                    .append(sectionTitle(comparison, section.getKey()))
                    .append("\n\n");
            markdownTable(md, comparison, section.getValue(), false);
        }
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
        if (!charts.isEmpty()) md.append("\n## Charts\n\n");
        for (Charts.Chart chart : charts) {
            md.append("### ")
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
                    .append(".png)\n\n");
        }
        md.append("\n## Reading the numbers\n\n").append(intervalNote()).append('\n');
        return md.toString();
    }

    private static void markdownTable(
            StringBuilder md,
            Comparison comparison,
            List<Comparison.Row> rows,
            boolean categories) {
        List<String> header = new ArrayList<>(List.of(categories ? "category" : "task"));
        if (!categories) header.add("metric");
        for (Subject s : comparison.subjects()) {
            header.add(s.label());
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
     * Per subject with gaps, what it lacks: {@code NL reasoning: BoolQ, SciQ; Code: all tasks;
     * expected tasks: lambada_openai}.
     */
    private static Map<Subject, String> missing(Comparison comparison) {
        Map<Subject, String> missing = new LinkedHashMap<>();
        for (Subject subject : comparison.subjects()) {
            List<String> lines = new ArrayList<>();
            for (Comparison.Row row : comparison.categoryRows()) {
                Optional<Category> category = comparison.categories().category(row.key());
                if (category.isEmpty()) continue;
                Optional<Score> score = row.score(subject);
                if (score.isPresent() && !score.get().missing().isEmpty()) {
                    lines.add(row.title() + ": " + String.join(", ", score.get().missing()));
                } else if (score.isEmpty() && category.get().taskPrefix() == null) {
                    lines.add(row.title() + ": all tasks");
                }
            }
            List<String> expected =
                    comparison.taskRows().stream()
                            .filter(
                                    r ->
                                            comparison.expectedTasks().contains(r.key())
                                                    && r.score(subject).isEmpty())
                            .map(Comparison.Row::key)
                            .toList();
            if (!expected.isEmpty()) lines.add("expected tasks: " + String.join(", ", expected));
            if (!lines.isEmpty()) missing.put(subject, String.join("; ", lines));
        }
        return missing;
    }

    // ---- CSV ----

    private static String csv(Comparison comparison) {
        StringBuilder csv =
                new StringBuilder(
                        "kind,section,name,subject,run,phase,code_share,metric,higher_is_better,value,ci_low,ci_high,"
                                + "relative_change,diff_low,diff_high,diff_method,covered,expected,missing,best\n");
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
        return csv.toString();
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
                                    Boolean.toString(subject.label().equals(best))))
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
        html.append("<h2>Categories</h2>\n");
        htmlTable(html, comparison, comparison.categoryRows(), true);
        if (!charts.isEmpty()) html.append("<h2>Charts</h2>\n");
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
        for (Map.Entry<String, List<Comparison.Row>> section :
                taskSections(comparison).entrySet()) {
            html.append("<h2>Tasks: ")
                    .append(escape(sectionTitle(comparison, section.getKey())))
                    .append("</h2>\n");
            htmlTable(html, comparison, section.getValue(), false);
        }
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

    private static void htmlTable(
            StringBuilder html,
            Comparison comparison,
            List<Comparison.Row> rows,
            boolean categories) {
        html.append("<table>\n<tr><th>").append(categories ? "category" : "task").append("</th>");
        if (!categories) html.append("<th>metric</th>");
        for (Subject s : comparison.subjects()) {
            html.append("<th>").append(escape(s.label())).append("</th>");
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
