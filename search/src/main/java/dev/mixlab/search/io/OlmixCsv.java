package dev.mixlab.search.io;

import dev.mixlab.io.Publish;
import dev.mixlab.search.Observations;
import dev.mixlab.search.SearchInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A swarm as two CSV files in olmix's layout: {@code ratios.csv} has a run column ({@code run_id},
 * or {@code run}) and one column per domain; {@code metrics.csv} has the run column and one column
 * per metric. Both may carry olmix's {@code name} and {@code index} columns, which are ignored.
 * Weights of a row must sum to 1 within {@link #SUM_TOLERANCE} (rounded CSVs) and are rescaled to
 * 1; an empty or {@code NaN} metric cell is a missing measurement.
 */
public final class OlmixCsv {
    public static final String RATIOS = "ratios.csv";
    public static final String METRICS = "metrics.csv";

    /** olmix's own tolerance for ratios that do not quite sum to 1. */
    public static final double SUM_TOLERANCE = 0.01;

    private static final Set<String> RUN_COLUMNS = Set.of("run_id", "run");
    private static final Set<String> IGNORED = Set.of("name", "index");

    /** A swarm read from CSV, with what was left out on the way. */
    public record Loaded(Observations observations, List<String> notes) {}

    private OlmixCsv() {}

    /**
     * @throws SearchInputException naming file, line and the fix for anything that is not a swarm
     */
    public static Loaded read(Path ratiosFile, Path metricsFile) {
        Table ratios = Table.read(ratiosFile);
        Table metrics = Table.read(metricsFile);
        List<String> notes = new ArrayList<>();
        if (ratios.columns().isEmpty())
            throw new SearchInputException(
                    ratiosFile
                            + ": no domain columns; ratios.csv has a run column (run_id) and one column per domain");
        if (ratios.rows().isEmpty())
            throw new SearchInputException(ratiosFile + ": no runs (only a header)");
        List<String> runs = new ArrayList<>();
        double[][] weights = new double[ratios.rows().size()][];
        for (int i = 0; i < ratios.rows().size(); i++) {
            Row row = ratios.rows().get(i);
            double[] w = new double[ratios.columns().size()];
            double sum = 0;
            for (int j = 0; j < w.length; j++) {
                w[j] = number(ratiosFile, row, ratios.columns().get(j), row.cells().get(j), false);
                if (w[j] < 0)
                    throw new SearchInputException(
                            String.format(
                                    Locale.ROOT,
                                    "%s:%d: run '%s' has weight %s for '%s'; weights must be ≥ 0",
                                    ratiosFile,
                                    row.line(),
                                    row.run(),
                                    row.cells().get(j),
                                    ratios.columns().get(j)));
                sum += w[j];
            }
            if (Math.abs(sum - 1) > SUM_TOLERANCE)
                throw new SearchInputException(
                        String.format(
                                Locale.ROOT,
                                "%s:%d: the weights of run '%s' sum to %.6g, not 1 (±%s); each row of ratios.csv is one mixture",
                                ratiosFile,
                                row.line(),
                                row.run(),
                                sum,
                                SUM_TOLERANCE));
            for (int j = 0; j < w.length; j++) w[j] /= sum;
            weights[i] = w;
            runs.add(row.run());
        }
        Map<String, Row> byRun = new HashMap<>();
        for (Row row : metrics.rows()) byRun.put(row.run(), row);
        double[][] values = new double[runs.size()][metrics.columns().size()];
        int missingRows = 0;
        for (int i = 0; i < runs.size(); i++) {
            Row row = byRun.remove(runs.get(i));
            if (row == null) {
                java.util.Arrays.fill(values[i], Double.NaN);
                missingRows++;
                continue;
            }
            for (int m = 0; m < metrics.columns().size(); m++)
                values[i][m] =
                        number(
                                metricsFile,
                                row,
                                metrics.columns().get(m),
                                row.cells().get(m),
                                true);
        }
        if (missingRows > 0)
            notes.add(
                    missingRows
                            + " run(s) of "
                            + ratiosFile.getFileName()
                            + " have no row in "
                            + metricsFile.getFileName());
        if (!byRun.isEmpty())
            notes.add(
                    byRun.size()
                            + " run(s) of "
                            + metricsFile.getFileName()
                            + " have no row in "
                            + ratiosFile.getFileName()
                            + " and were left out (e.g. '"
                            + byRun.keySet().iterator().next()
                            + "')");
        return new Loaded(
                new Observations(runs, ratios.columns(), weights, metrics.columns(), values),
                notes);
    }

    /** Writes {@code ratios.csv} and {@code metrics.csv} into {@code dir} (each atomically). */
    public static void write(Path dir, Observations observations) {
        StringBuilder ratios = new StringBuilder("run_id");
        for (String domain : observations.domains()) ratios.append(',').append(field(domain));
        ratios.append('\n');
        StringBuilder metrics = new StringBuilder("run_id");
        for (String metric : observations.metrics()) metrics.append(',').append(field(metric));
        metrics.append('\n');
        for (int i = 0; i < observations.runs().size(); i++) {
            ratios.append(field(observations.runs().get(i)));
            for (double w : observations.weights()[i]) ratios.append(',').append(plain(w));
            ratios.append('\n');
            metrics.append(field(observations.runs().get(i)));
            for (double v : observations.values()[i])
                metrics.append(',').append(Double.isFinite(v) ? plain(v) : "");
            metrics.append('\n');
        }
        Publish.file(dir.resolve(RATIOS), ratios.toString().getBytes(StandardCharsets.UTF_8));
        Publish.file(dir.resolve(METRICS), metrics.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Shortest text that reads back as the same double. */
    public static String plain(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) return Long.toString((long) value);
        return Double.toString(value);
    }

    private static double number(
            Path file, Row row, String column, String cell, boolean missingOk) {
        String text = cell.trim();
        if (missingOk && (text.isEmpty() || text.equalsIgnoreCase("nan"))) return Double.NaN;
        try {
            double value = Double.parseDouble(text);
            if (Double.isFinite(value)) return value;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new SearchInputException(
                String.format(
                        Locale.ROOT,
                        "%s:%d: run '%s', column '%s': '%s' is not a number",
                        file,
                        row.line(),
                        row.run(),
                        column,
                        cell));
    }

    public static String field(String value) {
        return value.contains(",") || value.contains("\"") || value.contains("\n")
                ? "\"" + value.replace("\"", "\"\"") + "\""
                : value;
    }

    private record Row(int line, String run, List<String> cells) {}

    /** A CSV with a run column; {@code columns} are the data columns, in order. */
    private record Table(List<String> columns, List<Row> rows) {
        static Table read(Path file) {
            List<String> lines;
            try {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new SearchInputException("cannot read " + file + ": " + e.getMessage());
            }
            if (lines.isEmpty() || lines.get(0).isBlank())
                throw new SearchInputException(
                        file + ": empty; expected a header line with a run_id column");
            List<String> header = split(lines.get(0), file, 1);
            int runColumn = -1;
            List<Integer> data = new ArrayList<>();
            List<String> columns = new ArrayList<>();
            Map<String, Integer> seen = new LinkedHashMap<>();
            for (int c = 0; c < header.size(); c++) {
                String name = header.get(c).trim();
                if (c == 0 && name.startsWith("\uFEFF")) name = name.substring(1);
                if (runColumn < 0 && RUN_COLUMNS.contains(name.toLowerCase(Locale.ROOT))) {
                    runColumn = c;
                } else if (!IGNORED.contains(name.toLowerCase(Locale.ROOT))) {
                    if (name.isEmpty())
                        throw new SearchInputException(
                                file + ":1: column " + (c + 1) + " has no name");
                    if (seen.put(name, c) != null)
                        throw new SearchInputException(
                                file + ":1: column '" + name + "' appears twice");
                    data.add(c);
                    columns.add(name);
                }
            }
            if (runColumn < 0)
                throw new SearchInputException(
                        file
                                + ":1: no run column; name the column of run ids 'run_id' (olmix) or 'run'");
            List<Row> rows = new ArrayList<>();
            Map<String, Integer> runs = new HashMap<>();
            for (int i = 1; i < lines.size(); i++) {
                if (lines.get(i).isBlank()) continue;
                List<String> cells = split(lines.get(i), file, i + 1);
                if (cells.size() != header.size())
                    throw new SearchInputException(
                            String.format(
                                    Locale.ROOT,
                                    "%s:%d: %d fields, the header has %d",
                                    file,
                                    i + 1,
                                    cells.size(),
                                    header.size()));
                String run = cells.get(runColumn).trim();
                if (run.isEmpty())
                    throw new SearchInputException(file + ":" + (i + 1) + ": empty run id");
                Integer previous = runs.put(run, i + 1);
                if (previous != null)
                    throw new SearchInputException(
                            file
                                    + ":"
                                    + (i + 1)
                                    + ": run '"
                                    + run
                                    + "' already appears on line "
                                    + previous);
                List<String> values = new ArrayList<>();
                for (int c : data) values.add(cells.get(c));
                rows.add(new Row(i + 1, run, values));
            }
            return new Table(columns, rows);
        }

        /** One CSV line (RFC 4180 quoting; a quoted field may not span lines). */
        static List<String> split(String line, Path file, int number) {
            List<String> cells = new ArrayList<>();
            StringBuilder cell = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (quoted) {
                    if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cell.append('"');
                        i++;
                    } else if (c == '"') {
                        quoted = false;
                    } else {
                        cell.append(c);
                    }
                } else if (c == '"') {
                    quoted = true;
                } else if (c == ',') {
                    cells.add(cell.toString());
                    cell.setLength(0);
                } else if (c != '\r') {
                    cell.append(c);
                }
            }
            if (quoted) throw new SearchInputException(file + ":" + number + ": unclosed quote");
            cells.add(cell.toString());
            return cells;
        }
    }
}
