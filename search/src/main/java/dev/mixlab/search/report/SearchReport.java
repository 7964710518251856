package dev.mixlab.search.report;

import dev.mixlab.eval.report.Charts;
import dev.mixlab.eval.stats.Interval;
import dev.mixlab.io.Publish;
import dev.mixlab.search.SearchResult;
import dev.mixlab.search.fit.FitQuality;
import dev.mixlab.search.fit.ModelKind;
import dev.mixlab.search.io.ProposalJson;
import java.awt.BasicStroke;
import java.awt.Color;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * {@code search/<name>/report.md} and {@code report.html}: the proposal against its baselines,
 * predicted vs measured, fit quality per metric and model, the interaction matrix, and the charts
 * (drawn like the comparison report's, PNGs under {@code charts/} and inline in the HTML).
 */
public final class SearchReport {
    public static final String MARKDOWN = "report.md";
    public static final String HTML = "report.html";
    private static final double EFFECT_CLIP = 2.0;

    /**
     * What the report says beyond the analysis.
     *
     * @param title the search's name
     * @param facts summary bullet points (swarm size, rejections, …)
     * @param codeFraction per domain, the share of its tokens that is code (kind {@code code});
     *     null when no domain is code
     * @param sourceWeights the proposal per source, or null
     * @param check the trained check of the proposal, or null
     */
    public record Context(
            String title,
            List<String> facts,
            double[] codeFraction,
            Map<String, Double> sourceWeights,
            ProposalJson.Check check) {}

    private SearchReport() {}

    /** Writes the report and its charts into {@code dir}; returns report.html. */
    public static Path write(Path dir, SearchResult result, Context context) {
        List<Charts.Chart> charts = new ArrayList<>();
        predictedVersusMeasured(result, context).ifPresent(charts::add);
        interactions(result).ifPresent(charts::add);
        objectiveVersusCodeShare(result, context).ifPresent(charts::add);
        for (Charts.Chart chart : charts)
            Publish.file(dir.resolve("charts").resolve(chart.id() + ".png"), chart.png());
        Contents contents =
                new Contents(
                        context.title(),
                        summary(result, context),
                        sections(result, context),
                        charts,
                        result.notes());
        Publish.file(dir.resolve(MARKDOWN), markdown(contents).getBytes(StandardCharsets.UTF_8));
        Path html = dir.resolve(HTML);
        Publish.file(html, html(contents).getBytes(StandardCharsets.UTF_8));
        return html;
    }

    /** What the Markdown and the HTML report both show, in this order. */
    private record Contents(
            String title,
            List<String> facts,
            List<Section> sections,
            List<Charts.Chart> charts,
            List<String> notes) {}

    // ---- the tables, shared by Markdown and HTML ----

    private record Section(
            String title, String intro, List<String> header, List<List<String>> rows) {}

    private static List<Section> sections(SearchResult result, Context context) {
        List<Section> sections = new ArrayList<>();
        List<String> domains = result.domains();
        boolean checked = context.check() != null;

        List<String> header =
                new ArrayList<>(List.of("domain", "proposed", "95% interval", "prior"));
        header.add("best run (" + result.bestRun() + ")");
        if (checked) header.add("check run");
        header.add("bounds");
        List<List<String>> rows = new ArrayList<>();
        for (int j = 0; j < domains.size(); j++) {
            List<String> row = new ArrayList<>();
            row.add(domains.get(j));
            row.add(weight(result.proposal().weights()[j]));
            row.add(interval(result.weightIntervals()[j], true));
            row.add(weight(result.prior().weights()[j]));
            row.add(weight(result.best().weights()[j]));
            if (checked) row.add(weight(context.check().weights()[j]));
            row.add(
                    String.format(
                            Locale.ROOT,
                            "%s – %s",
                            weight(result.box().lower()[j]),
                            weight(result.box().upper()[j])));
            rows.add(row);
        }
        String sources =
                context.sourceWeights() == null
                        ? ""
                        : " Per source: "
                                + String.join(
                                        ", ",
                                        context.sourceWeights().entrySet().stream()
                                                .map(e -> e.getKey() + " " + weight(e.getValue()))
                                                .toList())
                                + ".";
        sections.add(
                new Section(
                        "Proposed mixture",
                        "Weights minimising the objective as the "
                                + result.proposeWith().label()
                                + " model predicts it, within the bounds (fixed weights, repetition caps, min/max weights)"
                                + (result.klPenalty() > 0
                                        ? ", plus " + result.klPenalty() + " × KL(proposal ‖ prior)"
                                        : "")
                                + ". Intervals re-propose on each bootstrap resample of the swarm."
                                + sources,
                        header,
                        rows));

        List<String> pvm = new ArrayList<>(List.of("metric", "proposal: predicted"));
        if (checked) pvm.add("check: measured");
        pvm.addAll(List.of("prior: predicted", "best run: predicted", "best run: measured"));
        List<List<String>> pvmRows = new ArrayList<>();
        List<String> names = new ArrayList<>();
        names.add("objective");
        names.addAll(result.proposal().metrics().keySet());
        for (String name : names) {
            List<String> row = new ArrayList<>();
            row.add(
                    name.equals("objective")
                            ? "objective (" + result.objective().canonical() + ")"
                            : name);
            row.add(estimate(pick(result.proposal(), name)));
            if (checked) row.add(number(context.check().measured().getOrDefault(name, Double.NaN)));
            row.add(estimate(pick(result.prior(), name)));
            row.add(estimate(pick(result.best(), name)));
            row.add(number(result.best().measured().getOrDefault(name, Double.NaN)));
            pvmRows.add(row);
        }
        sections.add(
                new Section(
                        "Predicted vs measured",
                        "Predictions with 95% bootstrap intervals (the swarm's runs resampled "
                                + result.bootstrap()
                                + " times, every law refitted)."
                                + (checked
                                        ? " The check run trained the proposal with a fresh seed."
                                        : " No check run: the proposal was not trained."),
                        pvm,
                        pvmRows));

        List<List<String>> quality = new ArrayList<>();
        for (String name : names) {
            for (ModelKind kind : ModelKind.values()) {
                FitQuality q =
                        name.equals("objective")
                                ? result.objectiveQuality().get(kind)
                                : result.quality().get(kind).get(name);
                quality.add(
                        List.of(
                                name,
                                kind.label() + (kind == result.proposeWith() ? " (proposes)" : ""),
                                Integer.toString(q.runs()),
                                fixed(q.r2(), 3),
                                fixed(q.spearman(), 3),
                                fixed(q.decisionAccuracy(), 3),
                                number(q.rmse())));
            }
        }
        sections.add(
                new Section(
                        "Fit quality",
                        "Out-of-fold predictions of "
                                + result.folds()
                                + "-fold cross-validation: R², Spearman's rank correlation, and decision accuracy "
                                + "(the share of run pairs ranked as measured). The objective's row combines the metrics' out-of-fold predictions.",
                        List.of(
                                "metric",
                                "model",
                                "runs",
                                "R²",
                                "Spearman ρ",
                                "decision accuracy",
                                "RMSE"),
                        quality));

        List<String> effectHeader = new ArrayList<>(List.of("metric"));
        effectHeader.addAll(domains);
        List<List<String>> effectRows = new ArrayList<>();
        result.effects()
                .forEach(
                        (metric, row) -> {
                            List<String> cells = new ArrayList<>();
                            cells.add(metric);
                            Interval[] ci = result.effectIntervals().get(metric);
                            for (int j = 0; j < row.length; j++) cells.add(effect(row[j], ci[j]));
                            effectRows.add(cells);
                        });
        sections.add(
                new Section(
                        "Interaction matrix",
                        "The fitted exponents t_ij of the log-linear law of each metric, centred on their prior-weighted mean and signed "
                                + "so that a negative value means more of domain j lowers metric i. (+)/(−): the 95% bootstrap interval "
                                + "excludes 0; (?): it does not. Empty: the swarm held that domain constant.",
                        effectHeader,
                        effectRows));
        return sections;
    }

    private static SearchResult.Estimate pick(SearchResult.Prediction prediction, String name) {
        return name.equals("objective") ? prediction.objective() : prediction.metrics().get(name);
    }

    // ---- Markdown ----

    private static String markdown(Contents contents) {
        StringBuilder md = new StringBuilder();
        md.append("# Mixture search: ").append(contents.title()).append("\n\n");
        for (String fact : contents.facts()) md.append("- ").append(fact).append('\n');
        md.append('\n');
        for (Section section : contents.sections()) {
            md.append("## ")
                    .append(section.title())
                    .append("\n\n")
                    .append(section.intro())
                    .append("\n\n");
            md.append("| ").append(String.join(" | ", section.header())).append(" |\n|");
            for (int i = 0; i < section.header().size(); i++) md.append(i == 0 ? "---|" : "---:|");
            md.append('\n');
            for (List<String> row : section.rows())
                md.append("| ").append(String.join(" | ", row)).append(" |\n");
            md.append('\n');
        }
        if (!contents.charts().isEmpty()) md.append("## Charts\n\n");
        for (Charts.Chart chart : contents.charts()) md.append(Charts.markdownFigure(chart));
        if (!contents.notes().isEmpty()) {
            md.append("## Notes\n\n");
            contents.notes().forEach(n -> md.append("- ").append(n).append('\n'));
            md.append('\n');
        }
        md.append("Method, sources and file formats: docs/SEARCH.md.\n");
        return md.toString();
    }

    private static List<String> summary(SearchResult result, Context context) {
        List<String> facts = new ArrayList<>();
        facts.add(
                "Objective: "
                        + result.objective().text()
                        + " ("
                        + (result.objective().maximise() ? "higher" : "lower")
                        + " is better).");
        facts.add(
                result.observations().runs().size()
                        + " runs fitted with "
                        + String.join(
                                " and ",
                                java.util.Arrays.stream(ModelKind.values())
                                        .map(k -> k.label() + " (" + k.description() + ")")
                                        .toList())
                        + "; the proposal uses "
                        + result.proposeWith().label()
                        + ".");
        facts.addAll(context.facts());
        return facts;
    }

    // ---- HTML ----

    private static String html(Contents contents) {
        StringBuilder html = new StringBuilder();
        String title = "Mixture search: " + contents.title();
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<link rel=\"icon\" href=\"data:,\">\n<title>")
                .append(Charts.escapeHtml(title))
                .append("</title>\n<style>\n")
                .append(
                        "body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:1000px}")
                .append(
                        "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px}")
                .append(
                        "td{text-align:right}td:first-child,th:first-child{text-align:left}th{background:#f4f4f4}")
                .append("p.intro,figcaption{color:#555}\n</style>\n</head>\n<body>\n<h1>")
                .append(Charts.escapeHtml(title))
                .append("</h1>\n<ul>\n");
        for (String fact : contents.facts())
            html.append("<li>").append(Charts.escapeHtml(fact)).append("</li>\n");
        html.append("</ul>\n");
        for (Section section : contents.sections()) {
            html.append("<h2>")
                    .append(Charts.escapeHtml(section.title()))
                    .append("</h2>\n<p class=\"intro\">")
                    .append(Charts.escapeHtml(section.intro()))
                    .append("</p>\n<table>\n<tr>");
            section.header()
                    .forEach(h -> html.append("<th>").append(Charts.escapeHtml(h)).append("</th>"));
            html.append("</tr>\n");
            for (List<String> row : section.rows()) {
                html.append("<tr>");
                row.forEach(
                        cell ->
                                html.append("<td>")
                                        .append(Charts.escapeHtml(cell))
                                        .append("</td>"));
                html.append("</tr>\n");
            }
            html.append("</table>\n");
        }
        for (Charts.Chart chart : contents.charts()) html.append(Charts.htmlFigure(chart));
        if (!contents.notes().isEmpty()) {
            html.append("<h2>Notes</h2>\n<ul>\n");
            contents.notes()
                    .forEach(
                            n ->
                                    html.append("<li>")
                                            .append(Charts.escapeHtml(n))
                                            .append("</li>\n"));
            html.append("</ul>\n");
        }
        html.append(
                "<p class=\"intro\">Method, sources and file formats: docs/SEARCH.md.</p>\n</body>\n</html>\n");
        return html.toString();
    }

    // ---- charts ----

    /** An untitled XY chart of {@code data} with a legend, no tooltips and no URLs. */
    private static JFreeChart xyChart(String xLabel, String yLabel, XYSeriesCollection data) {
        return ChartFactory.createXYLineChart(
                null, xLabel, yLabel, data, PlotOrientation.VERTICAL, true, false, false);
    }

    private static Optional<Charts.Chart> predictedVersusMeasured(
            SearchResult result, Context context) {
        XYSeriesCollection data = new XYSeriesCollection();
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (Map.Entry<String, FitQuality> q :
                result.quality().get(result.proposeWith()).entrySet()) {
            XYSeries series = new XYSeries(q.getKey() + " (swarm, out-of-fold)", false, true);
            double[] measured = result.observations().column(q.getKey());
            for (int i = 0; i < measured.length; i++) {
                series.add(measured[i], q.getValue().predictions()[i]);
                lo = Math.min(lo, Math.min(measured[i], q.getValue().predictions()[i]));
                hi = Math.max(hi, Math.max(measured[i], q.getValue().predictions()[i]));
            }
            data.addSeries(series);
        }
        if (context.check() != null) {
            XYSeries check = new XYSeries("check run (proposal)", false, true);
            for (Map.Entry<String, SearchResult.Estimate> e :
                    result.proposal().metrics().entrySet()) {
                Double measured = context.check().measured().get(e.getKey());
                if (measured == null) continue;
                check.add(measured.doubleValue(), e.getValue().value());
                lo = Math.min(lo, Math.min(measured, e.getValue().value()));
                hi = Math.max(hi, Math.max(measured, e.getValue().value()));
            }
            if (check.getItemCount() > 0) data.addSeries(check);
        }
        if (data.getSeriesCount() == 0 || !(hi > lo)) return Optional.empty();
        XYSeries diagonal = new XYSeries("predicted = measured", false, true);
        double pad = (hi - lo) * 0.05;
        diagonal.add(lo - pad, lo - pad);
        diagonal.add(hi + pad, hi + pad);
        data.addSeries(diagonal);
        JFreeChart chart = xyChart("measured", "predicted", data);
        XYLineAndShapeRenderer renderer = (XYLineAndShapeRenderer) chart.getXYPlot().getRenderer();
        for (int s = 0; s < data.getSeriesCount() - 1; s++) {
            renderer.setSeriesLinesVisible(s, false);
            renderer.setSeriesShapesVisible(s, true);
        }
        int last = data.getSeriesCount() - 1;
        if (context.check() != null && last >= 1) {
            renderer.setSeriesPaint(last - 1, new Color(0xD62728));
            renderer.setSeriesShape(last - 1, new java.awt.geom.Ellipse2D.Double(-6, -6, 12, 12));
        }
        renderer.setSeriesShapesVisible(last, false);
        renderer.setSeriesPaint(last, Color.GRAY);
        renderer.setSeriesStroke(
                last,
                new BasicStroke(
                        1f,
                        BasicStroke.CAP_BUTT,
                        BasicStroke.JOIN_MITER,
                        1f,
                        new float[] {4f, 4f},
                        0f));
        ((NumberAxis) chart.getXYPlot().getDomainAxis()).setAutoRangeIncludesZero(false);
        ((NumberAxis) chart.getXYPlot().getRangeAxis()).setAutoRangeIncludesZero(false);
        Charts.style(chart);
        return Optional.of(
                Charts.render(
                        "predicted-vs-measured",
                        "Predicted vs measured",
                        "Each swarm run's metrics against the "
                                + result.proposeWith().label()
                                + " model's out-of-fold prediction (fitted without that run); the check run against the proposal's prediction. "
                                + "Points on the dashed line are predicted exactly.",
                        chart,
                        480));
    }

    private static Optional<Charts.Chart> interactions(SearchResult result) {
        List<String> metrics = new ArrayList<>(result.effects().keySet());
        List<String> domains = result.domains();
        List<double[]> cells = new ArrayList<>();
        for (int y = 0; y < metrics.size(); y++) {
            double[] row = result.effects().get(metrics.get(y));
            double direction =
                    result.objective().sign()
                            * Math.signum(result.objective().weights().get(metrics.get(y)));
            for (int x = 0; x < row.length; x++) {
                if (!Double.isFinite(row[x])) continue;
                // Green where more of the domain moves the metric the objective's way.
                double better = -direction * row[x];
                cells.add(
                        new double[] {x, y, Math.max(-EFFECT_CLIP, Math.min(EFFECT_CLIP, better))});
            }
        }
        if (cells.isEmpty()) return Optional.empty();
        double[][] series = new double[3][cells.size()];
        for (int i = 0; i < cells.size(); i++)
            for (int k = 0; k < 3; k++) series[k][i] = cells.get(i)[k];
        DefaultXYZDataset data = new DefaultXYZDataset();
        data.addSeries("effect", series);
        SymbolAxis x = new SymbolAxis("domain j", domains.toArray(String[]::new));
        SymbolAxis y = new SymbolAxis(null, metrics.toArray(String[]::new));
        y.setInverted(true);
        XYBlockRenderer renderer = new XYBlockRenderer();
        Charts.DivergingScale scale = new Charts.DivergingScale(EFFECT_CLIP);
        renderer.setPaintScale(scale);
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setBackgroundPaint(new Color(0xEEEEEE));
        JFreeChart chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        PaintScaleLegend legend =
                new PaintScaleLegend(
                        scale,
                        new NumberAxis("effect of more of domain j, signed so that better →"));
        legend.setPosition(RectangleEdge.BOTTOM);
        legend.setMargin(4, 40, 4, 40);
        chart.addSubtitle(legend);
        Charts.style(chart);
        return Optional.of(
                Charts.render(
                        "interactions",
                        "Interaction matrix",
                        "The centred exponents of each metric's log-linear law (table above), coloured by whether more of the domain "
                                + "moves the metric the objective's way (green) or against it (red); clipped at ±"
                                + EFFECT_CLIP
                                + ". Grey: domain held constant.",
                        chart,
                        Math.max(240, 140 + 40 * metrics.size())));
    }

    private static Optional<Charts.Chart> objectiveVersusCodeShare(
            SearchResult result, Context context) {
        double[] code = context.codeFraction();
        if (code == null) return Optional.empty();
        int d = code.length;
        double[] measured = result.measuredObjective();
        XYSeries swarm = new XYSeries("swarm runs (measured)", false, true);
        for (int i = 0; i < measured.length; i++)
            swarm.add(100 * share(result.observations().weights()[i], code), measured[i]);
        // The prediction along the proposal's direction: code domains and the rest each keep the
        // proposal's proportions while the code share moves from 0 to 100%.
        double[] codePart = new double[d], restPart = new double[d];
        double codeMass = 0, restMass = 0;
        for (int j = 0; j < d; j++) {
            double w =
                    result.proposal().weights()[j] > 0
                            ? result.proposal().weights()[j]
                            : result.prior().weights()[j];
            codePart[j] = w * code[j];
            restPart[j] = w * (1 - code[j]);
            codeMass += codePart[j];
            restMass += restPart[j];
        }
        if (codeMass <= 0 || restMass <= 0) return Optional.empty();
        XYSeries curve =
                new XYSeries(
                        "predicted (" + result.proposeWith().label() + "), proposal's proportions",
                        false,
                        true);
        double[] metricWeights =
                result.objective().weights().values().stream()
                        .mapToDouble(Double::doubleValue)
                        .toArray();
        for (int step = 0; step <= 100; step++) {
            double c = step / 100.0;
            double[] x = new double[d];
            for (int j = 0; j < d; j++)
                x[j] = c * codePart[j] / codeMass + (1 - c) * restPart[j] / restMass;
            double value = 0;
            for (int m = 0; m < metricWeights.length; m++)
                value += metricWeights[m] * result.models().get(m).predict(x);
            curve.add(100 * c, value);
        }
        XYSeries proposal = new XYSeries("proposal (predicted)", false, true);
        proposal.add(
                100 * share(result.proposal().weights(), code),
                result.proposal().objective().value());
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(swarm);
        data.addSeries(curve);
        data.addSeries(proposal);
        if (context.check() != null && context.check().measured().containsKey("objective")) {
            XYSeries check = new XYSeries("check run (measured)", false, true);
            check.add(
                    100 * share(context.check().weights(), code),
                    context.check().measured().get("objective"));
            data.addSeries(check);
        }
        JFreeChart chart = xyChart("code share of the mixture (%)", "objective", data);
        XYLineAndShapeRenderer renderer = (XYLineAndShapeRenderer) chart.getXYPlot().getRenderer();
        Color[] colours = {
            new Color(0x7A8FA6), new Color(0x1F4E9E), new Color(0x1B9E3A), new Color(0xD62728)
        };
        for (int s = 0; s < data.getSeriesCount(); s++) {
            renderer.setSeriesLinesVisible(s, s == 1);
            renderer.setSeriesShapesVisible(s, s != 1);
            renderer.setSeriesPaint(s, colours[s]);
            if (s >= 2)
                renderer.setSeriesShape(s, new java.awt.geom.Ellipse2D.Double(-6, -6, 12, 12));
        }
        ((NumberAxis) chart.getXYPlot().getRangeAxis()).setAutoRangeIncludesZero(false);
        Charts.style(chart);
        return Optional.of(
                Charts.render(
                        "objective-vs-code-share",
                        "Objective vs code share",
                        "The measured objective of every swarm run against its code share, and the fitted model's prediction as the code "
                                + "share moves with the other domains in the proposal's proportions (the swarm varies those too, so its points "
                                + "scatter around the curve).",
                        chart,
                        420));
    }

    private static double share(double[] weights, double[] code) {
        double s = 0;
        for (int j = 0; j < weights.length; j++) s += weights[j] * code[j];
        return s;
    }

    // ---- cells ----

    private static String weight(double w) {
        return String.format(Locale.ROOT, "%.3f", w);
    }

    private static String number(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : "—";
    }

    private static String fixed(double v, int digits) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%." + digits + "f", v) : "—";
    }

    private static String interval(Interval interval, boolean weights) {
        if (interval == null) return "—";
        return weights
                ? String.format(Locale.ROOT, "[%.3f, %.3f]", interval.low(), interval.high())
                : String.format(Locale.ROOT, "[%.4f, %.4f]", interval.low(), interval.high());
    }

    private static String estimate(SearchResult.Estimate e) {
        if (e == null) return "—";
        return number(e.value())
                + (e.interval() == null ? "" : " " + interval(e.interval(), false));
    }

    private static String effect(double value, Interval interval) {
        if (!Double.isFinite(value)) return "";
        String sign =
                interval == null
                        ? ""
                        : interval.low() > 0 ? " (+)" : interval.high() < 0 ? " (−)" : " (?)";
        return String.format(Locale.ROOT, "%+.2f", value)
                + (interval == null
                        ? ""
                        : String.format(
                                Locale.ROOT, " [%+.2f, %+.2f]", interval.low(), interval.high()))
                + sign;
    }
}
