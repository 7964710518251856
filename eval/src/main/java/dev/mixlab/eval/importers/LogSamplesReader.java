package dev.mixlab.eval.importers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mixlab.eval.EvalInputException;
import dev.mixlab.eval.EvalResult;
import dev.mixlab.eval.SampleScore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Per-example scores that lm-evaluation-harness writes with {@code --log_samples}: next to {@code
 * results_<timestamp>.json} it writes one {@code samples_<task>_<timestamp>.jsonl} per task, each
 * line holding {@code doc_id}, the {@code filter}, the names of the scored {@code metrics} and
 * their values. Only files with the results file's timestamp are read, so several evaluations in
 * one directory do not mix. Lines without a {@code metrics} list (harness 0.4.0) are scored on the
 * metric names the results report for that task.
 */
final class LogSamplesReader {
    private static final Pattern RESULTS_NAME = Pattern.compile("results_(.+)\\.json");

    private LogSamplesReader() {}

    static List<SampleScore> readNextTo(
            Path resultsFile, String run, String phase, List<EvalResult> results) {
        Matcher name = RESULTS_NAME.matcher(resultsFile.getFileName().toString());
        Path dir = resultsFile.toAbsolutePath().getParent();
        if (!name.matches() || dir == null) return List.of();
        String suffix = "_" + name.group(1) + ".jsonl";
        Map<String, Set<String>> metricsByTask = new LinkedHashMap<>();
        for (EvalResult result : results)
            metricsByTask
                    .computeIfAbsent(result.task(), t -> new LinkedHashSet<>())
                    .add(result.metric());

        List<SampleScore> scores = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.sorted().toList()) {
                String fileName = file.getFileName().toString();
                if (!fileName.startsWith("samples_") || !fileName.endsWith(suffix)) continue;
                String task =
                        fileName.substring(
                                "samples_".length(), fileName.length() - suffix.length());
                if (metricsByTask.containsKey(task))
                    scores.addAll(read(file, run, phase, task, metricsByTask.get(task)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        return scores;
    }

    private static List<SampleScore> read(
            Path file, String run, String phase, String task, Set<String> reportedMetrics) {
        List<SampleScore> scores = new ArrayList<>();
        try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int number = 0;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                number++;
                if (line.isBlank()) continue;
                JsonNode sample = JsonFiles.readLine(file, number, line);
                JsonNode docId = sample.get("doc_id");
                if (docId == null || !docId.canConvertToLong()) {
                    throw new EvalInputException(
                            file,
                            "line " + number + ": \"doc_id\" must be an integer, found " + docId);
                }
                String filter = sample.hasNonNull("filter") ? sample.get("filter").asText() : null;
                for (String metric : metricNames(sample, reportedMetrics)) {
                    JsonNode value = sample.get(metric);
                    // Corpus-level metrics (bleu, perplexity) log per-example inputs, not scores:
                    // nothing to pair.
                    if (value == null || !value.isNumber() && !value.isBoolean()) continue;
                    double score =
                            value.isBoolean()
                                    ? (value.booleanValue() ? 1 : 0)
                                    : value.doubleValue();
                    if (Double.isFinite(score))
                        scores.add(
                                new SampleScore(
                                        run, phase, task, metric, filter, docId.asLong(), score));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return scores;
    }

    private static Set<String> metricNames(JsonNode sample, Set<String> reportedMetrics) {
        JsonNode listed = sample.get("metrics");
        if (listed == null || !listed.isArray()) return reportedMetrics;
        Set<String> names = new LinkedHashSet<>();
        listed.forEach(n -> names.add(n.asText()));
        return names;
    }
}
