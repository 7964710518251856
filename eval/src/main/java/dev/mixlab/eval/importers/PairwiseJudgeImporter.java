package dev.mixlab.eval.importers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mixlab.eval.EvalInputException;
import dev.mixlab.eval.EvalResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads pairwise LLM-as-a-judge verdicts, one JSON object per line: {@code model_a}, {@code
 * model_b} and {@code verdict} ({@code win}, {@code tie} or {@code loss}, from model A's side),
 * optionally {@code prompt_id} and {@code task} (default: the file name without {@code .jsonl},
 * e.g. {@code dolly200}).
 *
 * <p>Each model gets a {@code win_rate} per opponent and one pooled over all its opponents
 * (opponent null): (wins + ties / 2) / comparisons, with {@code samples} = comparisons and stderr =
 * √(p(1−p)/n). Reports turn them into Wilson score intervals ({@link
 * dev.mixlab.eval.stats.Interval#wilson}).
 */
final class PairwiseJudgeImporter {
    private PairwiseJudgeImporter() {}

    /**
     * @param onlyModel keep only this model's win-rates (null: every model in the file); it must
     *     occur in the file
     */
    static ImportedFile read(Path file, String onlyModel, String phase) {
        String defaultTask = file.getFileName().toString().replaceFirst("\\.jsonl$", "");
        // task → model → opponent → tally, sorted so the stored rows do not depend on line order.
        Map<String, Map<String, Map<String, Tally>>> tallies = new TreeMap<>();
        try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int number = 0;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                number++;
                if (line.isBlank()) continue;
                JsonNode verdict = JsonFiles.readLine(file, number, line);
                String a = text(file, number, verdict, "model_a");
                String b = text(file, number, verdict, "model_b");
                if (a.equals(b))
                    throw new EvalInputException(
                            file, "line " + number + ": model_a and model_b are both '" + a + "'");
                Outcome outcome = Outcome.of(file, number, text(file, number, verdict, "verdict"));
                String task =
                        verdict.hasNonNull("task") ? verdict.get("task").asText() : defaultTask;
                Map<String, Map<String, Tally>> byModel =
                        tallies.computeIfAbsent(task, t -> new TreeMap<>());
                byModel.computeIfAbsent(a, m -> new TreeMap<>())
                        .computeIfAbsent(b, m -> new Tally())
                        .add(outcome);
                byModel.computeIfAbsent(b, m -> new TreeMap<>())
                        .computeIfAbsent(a, m -> new Tally())
                        .add(outcome.reversed());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (tallies.isEmpty())
            throw new EvalInputException(
                    file, "holds no verdicts (expected JSON lines with model_a, model_b, verdict)");
        if (onlyModel != null
                && tallies.values().stream().noneMatch(models -> models.containsKey(onlyModel))) {
            throw new EvalInputException(
                    file,
                    "--run "
                            + onlyModel
                            + " is not one of the judged models "
                            + tallies.values().stream()
                                    .flatMap(m -> m.keySet().stream())
                                    .distinct()
                                    .sorted()
                                    .toList());
        }

        String source = file.toAbsolutePath().normalize().toString();
        List<EvalResult> results = new ArrayList<>();
        tallies.forEach(
                (task, byModel) ->
                        byModel.forEach(
                                (model, byOpponent) -> {
                                    if (onlyModel != null && !onlyModel.equals(model)) return;
                                    Tally pooled = new Tally();
                                    byOpponent.forEach(
                                            (opponent, tally) -> {
                                                results.add(
                                                        tally.result(
                                                                model, phase, task, opponent,
                                                                source));
                                                pooled.addAll(tally);
                                            });
                                    results.add(pooled.result(model, phase, task, null, source));
                                }));
        return new ImportedFile(file, ResultFormat.PAIRWISE, results, List.of());
    }

    private static String text(Path file, int line, JsonNode verdict, String key) {
        JsonNode value = verdict.get(key);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new EvalInputException(
                    file,
                    "line "
                            + line
                            + ": \""
                            + key
                            + "\" must be a non-empty string, found "
                            + value);
        }
        return value.asText();
    }

    private enum Outcome {
        WIN,
        TIE,
        LOSS;

        static Outcome of(Path file, int line, String verdict) {
            return switch (verdict.toLowerCase(Locale.ROOT)) {
                case "win" -> WIN;
                case "tie" -> TIE;
                case "loss" -> LOSS;
                default ->
                        throw new EvalInputException(
                                file,
                                "line "
                                        + line
                                        + ": verdict must be win, tie or loss (for model_a), found '"
                                        + verdict
                                        + "'");
            };
        }

        Outcome reversed() {
            return this == WIN ? LOSS : this == LOSS ? WIN : TIE;
        }
    }

    private static final class Tally {
        long wins;
        long ties;
        long comparisons;

        void add(Outcome outcome) {
            comparisons++;
            if (outcome == Outcome.WIN) wins++;
            if (outcome == Outcome.TIE) ties++;
        }

        void addAll(Tally other) {
            wins += other.wins;
            ties += other.ties;
            comparisons += other.comparisons;
        }

        EvalResult result(String model, String phase, String task, String opponent, String source) {
            double rate = (wins + ties / 2.0) / comparisons;
            double stderr = Math.sqrt(rate * (1 - rate) / comparisons);
            return new EvalResult(
                    model,
                    phase,
                    task,
                    EvalResult.WIN_RATE,
                    null,
                    rate,
                    stderr,
                    comparisons,
                    true,
                    opponent,
                    false,
                    ResultFormat.PAIRWISE.label(),
                    source);
        }
    }
}
