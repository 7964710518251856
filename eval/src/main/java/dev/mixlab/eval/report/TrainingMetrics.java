package dev.mixlab.eval.report;

import dev.mixlab.eval.EvalInputException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The training log of a run, {@code runs/<run-id>/metrics.csv}: header exactly {@code
 * phase,step,tokens,loss,lr,tokens_per_s,mfu}, one row per logged optimizer step, loss in nats per
 * token. The report draws loss against tokens seen.
 */
public final class TrainingMetrics {
    public static final String FILE_NAME = "metrics.csv";
    public static final String HEADER = "phase,step,tokens,loss,lr,tokens_per_s,mfu";

    /** One logged step: the phase it belongs to, tokens seen so far and the training loss. */
    public record Point(String phase, long step, long tokens, double loss) {}

    private TrainingMetrics() {}

    /**
     * The run's points, or an empty list when it has no metrics.csv (not trained yet, or an
     * external model).
     */
    public static List<Point> read(Path runDir) {
        Path file = runDir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) return List.of();
        List<Point> points = new ArrayList<>();
        try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = lines.readLine();
            if (header == null || !header.strip().equals(HEADER)) {
                throw new EvalInputException(
                        file, "header must be exactly '" + HEADER + "', found '" + header + "'");
            }
            int number = 1;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                number++;
                if (line.isBlank()) continue;
                String[] fields = line.split(",", -1);
                if (fields.length != 7)
                    throw new EvalInputException(
                            file,
                            "line "
                                    + number
                                    + ": expected 7 fields ("
                                    + HEADER
                                    + "), found "
                                    + fields.length);
                try {
                    points.add(
                            new Point(
                                    fields[0],
                                    Long.parseLong(fields[1].strip()),
                                    Long.parseLong(fields[2].strip()),
                                    Double.parseDouble(fields[3].strip())));
                } catch (NumberFormatException e) {
                    throw new EvalInputException(
                            file,
                            "line "
                                    + number
                                    + ": step and tokens must be integers and loss a number ("
                                    + e.getMessage()
                                    + ")");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return points;
    }
}
