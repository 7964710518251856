package dev.mixlab.eval.importers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mixlab.eval.EvalInputException;
import dev.mixlab.eval.EvalResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads bigcode-evaluation-harness {@code evaluation_results.json}: one object per task of metric →
 * number ({@code {"humaneval": {"pass@1": 0.12, "pass@10": 0.2}, "config": {…}}}). {@code config}
 * (the generation settings) is not a task. The harness reports no standard errors or example
 * counts.
 */
final class BigcodeImporter {
    private static final String CONFIG = "config";

    private BigcodeImporter() {}

    /**
     * An object without lm-eval's {@code results} whose task objects hold pass@k keys, or that has
     * bigcode's {@code config}.
     */
    static boolean looksLike(JsonNode root) {
        if (!root.isObject() || root.has("results")) return false;
        if (root.path(CONFIG).isObject()) return true;
        for (JsonNode task : root) {
            for (Iterator<String> keys = task.fieldNames(); keys.hasNext(); ) {
                if (keys.next().startsWith("pass@")) return true;
            }
        }
        return false;
    }

    static ImportedFile read(Path file, JsonNode root, String run, String phase) {
        List<EvalResult> results = new ArrayList<>();
        String source = file.toAbsolutePath().normalize().toString();
        for (Iterator<Map.Entry<String, JsonNode>> tasks = root.fields(); tasks.hasNext(); ) {
            Map.Entry<String, JsonNode> task = tasks.next();
            if (task.getKey().equals(CONFIG)) continue;
            if (!task.getValue().isObject()) {
                throw new EvalInputException(
                        file,
                        task.getKey()
                                + " must be an object of metric → value (e.g. {\"pass@1\": 0.12}), found "
                                + task.getValue());
            }
            for (Iterator<Map.Entry<String, JsonNode>> metrics = task.getValue().fields();
                    metrics.hasNext(); ) {
                Map.Entry<String, JsonNode> metric = metrics.next();
                Double value =
                        JsonFiles.optionalNumber(
                                file, task.getKey() + "." + metric.getKey(), metric.getValue());
                if (value != null) {
                    results.add(
                            new EvalResult(
                                    run,
                                    phase,
                                    task.getKey(),
                                    metric.getKey(),
                                    null,
                                    value,
                                    null,
                                    null,
                                    null,
                                    null,
                                    false,
                                    ResultFormat.BIGCODE.label(),
                                    source));
                }
            }
        }
        if (results.isEmpty())
            throw new EvalInputException(
                    file,
                    "no task holds a numeric metric (expected e.g. {\"humaneval\": {\"pass@1\": 0.12}})");
        return new ImportedFile(file, ResultFormat.BIGCODE, results, List.of());
    }
}
