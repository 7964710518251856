package dev.mixlab.eval.report;

import dev.mixlab.eval.EvalInputException;
import dev.mixlab.eval.EvalResult;
import dev.mixlab.eval.compare.Comparison;
import dev.mixlab.eval.compare.RelativeChange;
import dev.mixlab.eval.compare.Subject;
import dev.mixlab.eval.stats.Interval;
import dev.mixlab.launcher.run.MetricsCsv;
import java.awt.Color;
import java.awt.Paint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
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
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

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
     */
    public record Chart(
            String id, String title, String caption, byte[] png, int width, int height) {}

    private Charts() {}

    static List<Chart> draw(Comparison comparison, Path runsDir) {
        List<Chart> charts = new ArrayList<>();
        categoryScores(comparison).ifPresent(charts::add);
        scoreVersusCodeShare(comparison).ifPresent(charts::add);
        bitsPerByteVersusCodeShare(comparison).ifPresent(charts::add);
        relativeChangeHeatmap(comparison).ifPresent(charts::add);
        lossCurves(comparison, runsDir).ifPresent(charts::add);
        winRates(comparison).ifPresent(charts::add);
        return charts;
    }

    private static Optional<Chart> categoryScores(Comparison comparison) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Comparison.Row row : comparison.categoryRows()) {
            if (row.proxy()) continue;
            for (Subject subject : comparison.subjects())
                row.score(subject)
                        .ifPresent(s -> data.addValue(s.value(), subject.label(), row.title()));
        }
        if (data.getColumnCount() == 0) return Optional.empty();
        JFreeChart chart =
                org.jfree.chart.ChartFactory.createBarChart(
                        null, null, "score", data, PlotOrientation.VERTICAL, true, false, false);
        style(chart);
        return Optional.of(
                render(
                        "category-scores",
                        "Category scores",
                        "Mean task score per category (percent) for every run.",
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
     * The proxy runs' headline: held-out bits per byte of each source against the code share (lower
     * is better).
     */
    private static Optional<Chart> bitsPerByteVersusCodeShare(Comparison comparison) {
        List<Comparison.Row> rows =
                comparison.taskRows().stream()
                        .filter(r -> r.proxy() && !r.higherIsBetter())
                        .toList();
        return versusCodeShare(
                comparison,
                rows,
                "bits per byte",
                "bpb-vs-code-share",
                "Bits per byte vs code share",
                "Held-out bits per byte of each source across the code-share sweep (lower is better).");
    }

    /** Only for sweeps: every subject has a code share and no two share one. */
    private static Optional<Chart> versusCodeShare(
            Comparison comparison,
            List<Comparison.Row> rows,
            String yLabel,
            String name,
            String title,
            String caption) {
        List<Subject> subjects = comparison.subjects();
        Set<Double> shares = new LinkedHashSet<>();
        subjects.forEach(s -> shares.add(s.codeShare()));
        if (subjects.size() < 2 || shares.contains(null) || shares.size() != subjects.size())
            return Optional.empty();
        XYSeriesCollection data = new XYSeriesCollection();
        for (Comparison.Row row : rows) {
            XYSeries series = new XYSeries(row.title());
            for (Subject subject : subjects)
                row.score(subject).ifPresent(s -> series.add(subject.codeShare() * 100, s.value()));
            if (series.getItemCount() > 0) data.addSeries(series);
        }
        if (data.getSeriesCount() == 0) return Optional.empty();
        JFreeChart chart =
                org.jfree.chart.ChartFactory.createXYLineChart(
                        null,
                        "code share of the mixture (%)",
                        yLabel,
                        data,
                        PlotOrientation.VERTICAL,
                        true,
                        false,
                        false);
        ((XYLineAndShapeRenderer) chart.getXYPlot().getRenderer()).setDefaultShapesVisible(true);
        style(chart);
        return Optional.of(render(name, title, caption, chart, 420));
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
                if (improvement != null)
                    cells.add(
                            new double[] {
                                x, y, Math.max(-HEATMAP_CLIP, Math.min(HEATMAP_CLIP, improvement))
                            });
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
                                + "%. Grey: no result.",
                        chart,
                        height));
    }

    private static Optional<Chart> lossCurves(Comparison comparison, Path runsDir) {
        XYSeriesCollection data = new XYSeriesCollection();
        Set<String> runs = new LinkedHashSet<>();
        comparison.subjects().forEach(s -> runs.add(s.run()));
        for (String run : runs) {
            List<MetricsCsv.Row> rows;
            try {
                rows = MetricsCsv.read(runsDir.resolve(run).resolve(MetricsCsv.FILE_NAME));
            } catch (MetricsCsv.MalformedMetricsException e) {
                throw new EvalInputException(e.getMessage(), e);
            }
            if (rows.isEmpty()) continue;
            XYSeries series = new XYSeries(run, false, true);
            rows.forEach(r -> series.add(r.tokens(), r.loss()));
            data.addSeries(series);
        }
        if (data.getSeriesCount() == 0) return Optional.empty();
        JFreeChart chart =
                org.jfree.chart.ChartFactory.createXYLineChart(
                        null,
                        "tokens seen",
                        "training loss (nats/token)",
                        data,
                        PlotOrientation.VERTICAL,
                        true,
                        false,
                        false);
        style(chart);
        return Optional.of(
                render(
                        "loss-curves",
                        "Training loss",
                        "Training loss against tokens seen, from each run's metrics.csv.",
                        chart,
                        420));
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
            String pair = subject.label() + " vs " + result.opponent() + " (" + result.task() + ")";
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
        return new Chart(id, title, caption, png.toByteArray(), WIDTH, height);
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
