package dev.mixlab.launcher.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A run's {@code metrics.csv}: one row per logged optimizer step, {@code step} and {@code tokens}
 * counted over the whole run (all phases), loss in nats per token. The proxy trainer writes it,
 * trainers of the {@code command} backend may write the same file, and the launcher and the
 * comparison report read it here; the header is the contract. Fields may be padded with spaces.
 */
public final class MetricsCsv {
    public static final String FILE_NAME = "metrics.csv";
    public static final String HEADER = "phase,step,tokens,loss,lr,tokens_per_s,mfu";

    /**
     * @param tokensPerSecond trained tokens per wall-clock second since the previous row
     * @param mfu model FLOPs utilisation against the measured peak (NaN when unknown)
     */
    public record Row(
            String phase,
            long step,
            long tokens,
            double loss,
            double lr,
            double tokensPerSecond,
            double mfu) {
        String toCsv() {
            return String.format(
                    Locale.ROOT,
                    "%s,%d,%d,%.6f,%.6e,%.1f,%s",
                    phase,
                    step,
                    tokens,
                    loss,
                    lr,
                    tokensPerSecond,
                    Double.isNaN(mfu) ? "" : String.format(Locale.ROOT, "%.5f", mfu));
        }

        static Row parse(String line, Path file, int lineNumber) {
            String[] f = line.split(",", -1);
            if (f.length != 7) {
                throw new MalformedMetricsException(
                        file, lineNumber, "expected 7 columns (" + HEADER + "), found " + f.length);
            }
            for (int i = 0; i < f.length; i++) f[i] = f[i].strip();
            try {
                return new Row(
                        f[0],
                        Long.parseLong(f[1]),
                        Long.parseLong(f[2]),
                        Double.parseDouble(f[3]),
                        Double.parseDouble(f[4]),
                        Double.parseDouble(f[5]),
                        f[6].isEmpty() ? Double.NaN : Double.parseDouble(f[6]));
            } catch (NumberFormatException e) {
                throw new MalformedMetricsException(
                        file, lineNumber, "not a number: " + e.getMessage());
            }
        }
    }

    /** A metrics.csv that does not follow the contract; the message names file and line. */
    public static final class MalformedMetricsException extends IllegalStateException {
        MalformedMetricsException(Path file, int line, String problem) {
            super(file + ":" + line + ": " + problem);
        }
    }

    private MetricsCsv() {}

    public static void append(Path file, Row row) {
        try {
            if (!Files.exists(file)) Files.writeString(file, HEADER + "\n", StandardCharsets.UTF_8);
            Files.writeString(
                    file, row.toCsv() + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file, e);
        }
    }

    /**
     * The rows of {@code file}, or none when it does not exist (not trained yet, or an external
     * model) or is empty.
     *
     * @throws MalformedMetricsException for a wrong header, column count or number
     */
    public static List<Row> read(Path file) {
        if (!Files.isRegularFile(file)) return List.of();
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.isEmpty()) return List.of();
            if (!lines.get(0).strip().equals(HEADER)) {
                throw new MalformedMetricsException(
                        file, 1, "header must be '" + HEADER + "', found '" + lines.get(0) + "'");
            }
            List<Row> rows = new ArrayList<>();
            for (int i = 1; i < lines.size(); i++) {
                if (!lines.get(i).isBlank()) rows.add(Row.parse(lines.get(i), file, i + 1));
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * Drops rows logged after run step {@code lastKeptStep}: a resumed phase logs those steps
     * again.
     */
    public static void truncateAfter(Path file, long lastKeptStep) {
        List<Row> kept = read(file).stream().filter(r -> r.step() <= lastKeptStep).toList();
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        kept.forEach(r -> out.append(r.toCsv()).append('\n'));
        try {
            if (Files.exists(file)) Files.writeString(file, out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rewrite " + file, e);
        }
    }
}
