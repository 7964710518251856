package dev.mixlab.eval.report;

import dev.mixlab.eval.EvalInputException;
import dev.mixlab.eval.EvalResult;
import dev.mixlab.eval.categories.Category;
import dev.mixlab.eval.compare.Comparison;
import dev.mixlab.eval.compare.RelativeChange;
import dev.mixlab.eval.compare.Subject;
import dev.mixlab.eval.stats.AcrossSeeds;
import dev.mixlab.eval.stats.Interval;
import dev.mixlab.launcher.run.MetricsCsv;
import java.awt.Color;
import java.awt.Paint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.MinMaxCategoryRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.category.StatisticalBarRenderer;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * The report's charts, drawn with JFreeChart as PNG (embedded in report.html, files beside
 * report.md). A chart whose data is absent (no sweep, no metrics.csv, no win-rates) is left out
 * rather than drawn empty.
 */
public final class Charts {
    static {
        // Charts are drawn off-screen; no display is needed or wanted (servers, CI).
        System.setProperty("java.awt.headless", "true");
    }

    /**
     * Relative changes beyond this share are drawn in the extreme colour (a 12× gain would wash out
     * the rest).
     */
    private static final double HEATMAP_CLIP = 0.5;

    private static final int WIDTH = 900;

    /**
     * A rendered chart.
     *
     * @param id file stem and HTML id
     * @param title heading
     * @param caption what it shows and how to read it
     * @param png the image
     * @param width pixels
     * @param height pixels
     * @param section the proxy category it illustrates (drawn under its table), or null
     */
    public record Chart(
            String id,
            String title,
            String caption,
            byte[] png,
            int width,
            int height,
            String section) {}

    private Charts() {}

    static List<Chart> draw(Comparison comparison, Path runsDir) {
        List<Chart> charts = new ArrayList<>();
        categoryScores(comparison).ifPresent(charts::add);
        scoreVersusCodeShare(comparison).ifPresent(charts::add);
        for (Category category : comparison.categories().categories()) {
            if (category.proxy() && !category.higherIsBetter())
                bitsPerByteVersusCodeShare(comparison, category).ifPresent(charts::add);
        }
        relativeChangeHeatmap(comparison).ifPresent(charts::add);
        lossCurves(comparison, runsDir).ifPresent(charts::add);
        winRates(comparison).ifPresent(charts::add);
        return charts;
    }

    /** What every chart's error bars are, for its caption. */
    static final String ERROR_BARS =
            "Error bars: 95% intervals — over seeds (Student t) for columns with several seeds, over the evaluation "
                    + "examples of the one run for n=1 columns.";

    private static Optional<Chart> categoryScores(Comparison comparison) {
        DefaultStatisticalCategoryDataset data = new DefaultStatisticalCategoryDataset();
        for (Comparison.Row row : comparison.categoryRows()) {
            if (row.proxy()) continue;
            for (Subject subject : comparison.subjects())
                row.score(subject)
                        .ifPresent(
                                s ->
                                        // The renderer draws value ± its "standard deviation":
                                        // given the interval's half-width, it draws the interval.
                                        data.add(
                                                (Number) s.value(),
                                                s.interval() == null
                                                        ? null
                                                        : s.interval().halfWidth(),
                                                subject.label(),
                                                row.title()));
        }
        if (data.getColumnCount() == 0) return Optional.empty();
        StatisticalBarRenderer bars = new StatisticalBarRenderer();
        bars.setErrorIndicatorPaint(Color.DARK_GRAY);
        CategoryPlot plot =
                new CategoryPlot(data, new CategoryAxis(null), new NumberAxis("score"), bars);
        JFreeChart chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        style(chart);
        return Optional.of(
                render(
                        "category-scores",
                        "Category scores",
                        "Mean task score per category (percent) for every run. " + ERROR_BARS,
                        chart,
                        420));
    }

    private static Optional<Chart> scoreVersusCodeShare(Comparison comparison) {
        List<Comparison.Row> rows =
                comparison.categoryRows().stream().filter(r -> !r.proxy() && r.percent()).toList();
        return versusCodeShare(
                comparison,
                rows,
                "score",
                "score-vs-code-share",
                "Score vs code share",
                "Category scores across the code-share sweep.");
    }

    /**
     * The proxy runs' headline: held-out bits per byte of each source (or language) against the
     * code share (lower is better).
     */
    private static Optional<Chart> bitsPerByteVersusCodeShare(
            Comparison comparison, Category category) {
        List<Comparison.Row> rows =
                comparison.taskRows().stream()
                        .filter(r -> r.section().equals(category.name()))
                        .toList();
        return versusCodeShare(
                        comparison,
                        rows,
                        "bits per byte",
                        category.name() + "-vs-code-share",
                        category.title() + " vs code share",
                        category.title()
                                + " across the code-share sweep, one line per "
                                + (category.name().equals("bpb") ? "source" : "task")
                                + " (lower is better).")
                .map(
                        c ->
                                new Chart(
                                        c.id(),
                                        c.title(),
                                        c.caption(),
                                        c.png(),
                                        c.width(),
                                        c.height(),
                                        category.name()));
    }

    /**
     * Only for sweeps: the subjects with a code share span at least two of them. Runs that differ
     * only in seed are one point (their mean, with the interval over seeds); when other runs share
     * a code share (model sizes, phases, recipes on the same mixture) each is a point of its own
     * and the points are not joined, since a line through them would zigzag.
     */
    private static Optional<Chart> versusCodeShare(
            Comparison comparison,
            List<Comparison.Row> rows,
            String yLabel,
            String name,
            String title,
            String caption) {
        List<Subject> subjects =
                comparison.subjects().stream().filter(s -> s.codeShare() != null).toList();
        Set<Double> shares = new LinkedHashSet<>();
        subjects.forEach(s -> shares.add(s.codeShare()));
        if (shares.size() < 2) return Optional.empty();
        boolean shared = shares.size() != subjects.size();
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        for (Comparison.Row row : rows) {
            YIntervalSeries series = new YIntervalSeries(row.title());
            for (Subject subject : subjects)
                row.score(subject)
                        .ifPresent(
                                s -> {
                                    Interval ci = s.interval();
                                    series.add(
                                            subject.codeShare() * 100,
                                            s.value(),
                                            ci == null ? s.value() : ci.low(),
                                            ci == null ? s.value() : ci.high());
                                });
            if (series.getItemCount() > 0) data.addSeries(series);
        }
        if (data.getSeriesCount() == 0) return Optional.empty();
        XYErrorRenderer renderer = new XYErrorRenderer();
        renderer.setDrawXError(false);
        renderer.setDefaultLinesVisible(!shared);
        renderer.setDefaultShapesVisible(true);
        NumberAxis x = new NumberAxis("code share of the mixture (%)");
        // Margins on both sides, so the error bars at 0% and 100% are not drawn on the frame.
        x.setAutoRangeIncludesZero(false);
        NumberAxis y = new NumberAxis(yLabel);
        y.setAutoRangeIncludesZero(false);
        XYPlot plot = new XYPlot(data, x, y, renderer);
        JFreeChart chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        style(chart);
        String sharedNote =
                shared
                        ? " Several runs share a code share (other model sizes, phases or recipes): each is a point, not joined."
                        : "";
        return Optional.of(
                render(name, title, caption + sharedNote + " " + ERROR_BARS, chart, 420));
    }

    private static Optional<Chart> relativeChangeHeatmap(Comparison comparison) {
        List<Subject> columns =
                comparison.subjects().stream()
                        .filter(s -> !s.equals(comparison.baseline()))
                        .toList();
        List<Comparison.Row> rows =
                comparison.taskRows().stream()
                        .filter(
                                r ->
                                        r.score(comparison.baseline()).isPresent()
                                                && columns.stream()
                                                        .anyMatch(s -> r.score(s).isPresent()))
                        .toList();
        if (columns.isEmpty() || rows.isEmpty()) return Optional.empty();
        List<double[]> cells = new ArrayList<>();
        List<XYTextAnnotation> labels = new ArrayList<>();
        for (int y = 0; y < rows.size(); y++) {
            Comparison.Row row = rows.get(y);
            double base = row.score(comparison.baseline()).orElseThrow().value();
            for (int x = 0; x < columns.size(); x++) {
                if (!comparison.comparable(row, columns.get(x))) continue;
                Double improvement =
                        RelativeChange.improvement(
                                row.scores().get(columns.get(x)).value(),
                                base,
                                row.higherIsBetter());
                if (improvement == null) continue;
                cells.add(
                        new double[] {
                            x, y, Math.max(-HEATMAP_CLIP, Math.min(HEATMAP_CLIP, improvement))
                        });
                // The interval of the difference, as the cell's text: a change whose interval
                // includes no change is marked as such rather than coloured as a finding.
                Interval difference = comparison.differenceInterval(row, columns.get(x));
                String mark =
                        difference == null
                                ? " (no interval)"
                                : difference.low() > 0 || difference.high() < 0 ? " *" : " (ns)";
                XYTextAnnotation label =
                        new XYTextAnnotation(
                                String.format(Locale.ROOT, "%+.1f%%", improvement * 100) + mark,
                                x,
                                y);
                label.setFont(new java.awt.Font("SansSerif", java.awt.Font.PLAIN, 10));
                labels.add(label);
            }
        }
        double[][] series = new double[3][cells.size()];
        for (int i = 0; i < cells.size(); i++)
            for (int k = 0; k < 3; k++) series[k][i] = cells.get(i)[k];
        DefaultXYZDataset data = new DefaultXYZDataset();
        data.addSeries("improvement", series);

        SymbolAxis x =
                new SymbolAxis(null, columns.stream().map(Subject::label).toArray(String[]::new));
        x.setVerticalTickLabels(columns.size() > 4);
        SymbolAxis y =
                new SymbolAxis(
                        null,
                        rows.stream()
                                .map(r -> r.section() + " · " + r.title())
                                .toArray(String[]::new));
        y.setInverted(true);
        XYBlockRenderer renderer = new XYBlockRenderer();
        DivergingScale scale = new DivergingScale(HEATMAP_CLIP);
        renderer.setPaintScale(scale);
        XYPlot plot = new XYPlot(data, x, y, renderer);
        labels.forEach(plot::addAnnotation);
        plot.setBackgroundPaint(new Color(0xEEEEEE));
        JFreeChart chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        NumberAxis legendAxis =
                new NumberAxis("change vs " + comparison.baseline().label() + " (better →)");
        legendAxis.setNumberFormatOverride(java.text.NumberFormat.getPercentInstance(Locale.ROOT));
        PaintScaleLegend legend = new PaintScaleLegend(scale, legendAxis);
        legend.setPosition(RectangleEdge.BOTTOM);
        legend.setMargin(4, 40, 4, 40);
        chart.addSubtitle(legend);
        style(chart);
        int height = Math.max(260, 120 + 20 * rows.size());
        return Optional.of(
                render(
                        "task-heatmap",
                        "Per-task change vs " + comparison.baseline().label(),
                        "Relative change of each task score against the baseline, signed so that green is better (lower bits per byte is better); "
                                + "clipped at ±"
                                + Math.round(HEATMAP_CLIP * 100)
                                + "%. Grey: no result. In each cell the change (better-signed) and its error bar as a mark: * when the 95% "
                                + "interval of the difference excludes no change, (ns) when it includes it (over seeds for seed groups, "
                                + "over examples for single runs), (no interval) when none can be computed.",
                        chart,
                        height));
    }

    private static Optional<Chart> lossCurves(Comparison comparison, Path runsDir) {
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        // A run's metrics.csv covers all its phases: one curve per run (a seed group: one band).
        Map<String, List<String>> curves = new LinkedHashMap<>();
        for (Subject s : comparison.subjects())
            curves.putIfAbsent(s.run(), s.units().stream().map(Subject::run).toList());
        for (Map.Entry<String, List<String>> curve : curves.entrySet()) {
            // tokens → the loss of each seed run that logged that point
            Map<Long, List<Double>> byTokens = new TreeMap<>();
            int logged = 0;
            for (String run : curve.getValue()) {
                List<MetricsCsv.Row> rows = metrics(runsDir, run);
                if (rows.isEmpty()) continue;
                logged++;
                rows.forEach(
                        r ->
                                byTokens.computeIfAbsent(r.tokens(), t -> new ArrayList<>())
                                        .add(r.loss()));
            }
            if (logged == 0) continue;
            YIntervalSeries series = new YIntervalSeries(curve.getKey(), false, true);
            for (Map.Entry<Long, List<Double>> point : byTokens.entrySet()) {
                // Only the points every seed run logged: a mean over fewer would jump.
                if (point.getValue().size() < logged) continue;
                AcrossSeeds.Summary summary = AcrossSeeds.Summary.of(point.getValue());
                Interval ci = summary.interval();
                series.add(
                        point.getKey(),
                        summary.mean(),
                        ci == null ? summary.mean() : ci.low(),
                        ci == null ? summary.mean() : ci.high());
            }
            data.addSeries(series);
        }
        if (data.getSeriesCount() == 0) return Optional.empty();
        DeviationRenderer renderer = new DeviationRenderer(true, false);
        renderer.setAlpha(0.25f);
        NumberAxis y = new NumberAxis("training loss (nats/token)");
        y.setAutoRangeIncludesZero(false);
        XYPlot plot = new XYPlot(data, new NumberAxis("tokens seen"), y, renderer);
        for (int i = 0; i < data.getSeriesCount(); i++)
            renderer.setSeriesFillPaint(i, renderer.lookupSeriesPaint(i));
        JFreeChart chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        style(chart);
        return Optional.of(
                render(
                        "loss-curves",
                        "Training loss",
                        "Training loss against tokens seen, from each run's metrics.csv. Runs that differ only in seed are "
                                + "one curve: the mean over seeds with a shaded 95% Student-t interval at each logged step. "
                                + "A single run (n=1) is a bare line: one seed says nothing about the spread.",
                        chart,
                        420));
    }

    private static List<MetricsCsv.Row> metrics(Path runsDir, String run) {
        try {
            return MetricsCsv.read(runsDir.resolve(run).resolve(MetricsCsv.FILE_NAME));
        } catch (MetricsCsv.MalformedMetricsException e) {
            throw new EvalInputException(e.getMessage(), e);
        }
    }

    private static Optional<Chart> winRates(Comparison comparison) {
        DefaultCategoryDataset rates = new DefaultCategoryDataset();
        DefaultCategoryDataset bounds = new DefaultCategoryDataset();
        for (EvalResult result : comparison.results()) {
            if (!result.metric().equals(EvalResult.WIN_RATE)
                    || result.opponent() == null
                    || result.samples() == null
                    || result.samples() == 0) continue;
            Subject subject =
                    comparison.subjects().stream()
                            .filter(s -> s.owns(result))
                            .findFirst()
                            .orElseThrow();
            // Each seed run of a group has its own verdicts: one bar per run.
            String who = subject.isSeedGroup() ? result.run() : subject.label();
            String pair = who + " vs " + result.opponent() + " (" + result.task() + ")";
            Interval wilson = Interval.wilson(result.value(), result.samples());
            rates.addValue(result.value() * 100, "win-rate", pair);
            bounds.addValue(wilson.low() * 100, "95% low", pair);
            bounds.addValue(wilson.high() * 100, "95% high", pair);
        }
        if (rates.getColumnCount() == 0) return Optional.empty();
        CategoryPlot plot =
                new CategoryPlot(
                        rates,
                        new CategoryAxis(null),
                        new NumberAxis("win-rate (%), ties count half"),
                        new BarRenderer());
        plot.getRangeAxis().setRange(0, 100);
        plot.setDataset(1, bounds);
        MinMaxCategoryRenderer whiskers = new MinMaxCategoryRenderer();
        whiskers.setDrawLines(false);
        plot.setRenderer(1, whiskers);
        // Whiskers over the bars, bars sideways so "run vs opponent (task)" labels fit.
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
        plot.setOrientation(PlotOrientation.HORIZONTAL);
        JFreeChart chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        style(chart);
        return Optional.of(
                render(
                        "win-rates",
                        "Win-rates",
                        "Pairwise LLM-as-a-judge win-rates with 95% Wilson intervals (ties count as half a win).",
                        chart,
                        Math.max(260, 100 + 40 * rates.getColumnCount())));
    }

    /** White background and light grid lines, as every report chart has. */
    public static void style(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        if (chart.getPlot() instanceof CategoryPlot plot) {
            plot.setBackgroundPaint(Color.WHITE);
            plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
            plot.getDomainAxis().setMaximumCategoryLabelLines(2);
            if (plot.getRenderer() instanceof BarRenderer bars) {
                bars.setBarPainter(new StandardBarPainter());
                bars.setShadowVisible(false);
            }
        } else if (chart.getPlot() instanceof XYPlot plot
                && !(plot.getRenderer() instanceof XYBlockRenderer)) {
            plot.setBackgroundPaint(Color.WHITE);
            plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
            plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        }
    }

    /** The chart as a PNG as wide as every report chart. */
    public static Chart render(
            String id, String title, String caption, JFreeChart chart, int height) {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ChartUtils.writeChartAsPNG(png, chart, WIDTH, height);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render chart " + id, e);
        }
        return new Chart(id, title, caption, png.toByteArray(), WIDTH, height, null);
    }

    /** The chart in Markdown: heading, caption, and the PNG as a file under {@code charts/}. */
    public static String markdownFigure(Chart chart) {
        return "### "
                + chart.title()
                + "\n\n"
                + chart.caption()
                + "\n\n!["
                + chart.title()
                + "](charts/"
                + chart.id()
                + ".png)\n\n";
    }

    /** The chart as an HTML figure: heading, the PNG inline as data, caption. */
    public static String htmlFigure(Chart chart) {
        return "<figure id=\""
                + chart.id()
                + "\"><h3>"
                + escapeHtml(chart.title())
                + "</h3>\n<img class=\"chart\" alt=\""
                + escapeHtml(chart.title())
                + "\" width=\""
                + chart.width()
                + "\" height=\""
                + chart.height()
                + "\" src=\"data:image/png;base64,"
                + java.util.Base64.getEncoder().encodeToString(chart.png())
                + "\">\n<figcaption>"
                + escapeHtml(chart.caption())
                + "</figcaption></figure>\n";
    }

    public static String escapeHtml(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }

    /** Red (worse) through white (no change) to green (better). */
    public record DivergingScale(double bound) implements PaintScale {
        @Override
        public double getLowerBound() {
            return -bound;
        }

        @Override
        public double getUpperBound() {
            return bound;
        }

        @Override
        public Paint getPaint(double value) {
            double t = Math.max(-1, Math.min(1, value / bound));
            int fade = (int) Math.round(255 * (1 - Math.abs(t)));
            return t >= 0
                    ? new Color(fade, 160 + (int) Math.round(95 * (1 - t)), fade)
                    : new Color(200 + (int) Math.round(55 * (1 + t)), fade, fade);
        }
    }
}
