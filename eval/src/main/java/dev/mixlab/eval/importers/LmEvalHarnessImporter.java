package dev.mixlab.eval.importers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mixlab.eval.EvalInputException;
import dev.mixlab.eval.EvalResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads lm-evaluation-harness results JSON of both schema generations.
 *
 * <ul>
 *   <li>0.3: {@code results.<task>} holds bare metric keys ({@code acc}, {@code acc_stderr}, {@code
 *       acc_norm}…); {@code versions} and {@code config} sit beside it.
 *   <li>0.4: keys are {@code <metric>,<filter>} ({@code acc,none}, {@code
 *       exact_match,remove_whitespace}, {@code pass@1,create_test}) with {@code
 *       <metric>_stderr,<filter>} next to them ({@code "N/A"} when not computed); group aggregates
 *       sit in {@code groups} (and, in some versions, also in {@code results}), {@code
 *       group_subtasks} lists their members, {@code n-samples.<task>.effective} the examples scored
 *       and {@code higher_is_better.<task>.<metric>} the direction.
 * </ul>
 *
 * Every key but {@code results} is optional and unknown keys are ignored; every task is kept, known
 * or not. A value that is neither a number, null nor {@code "N/A"} rejects the whole file.
 */
final class LmEvalHarnessImporter {
    private static final String STDERR_SUFFIX = "_stderr";

    /** Keys of a task's entry that are labels or counts, not metrics. */
    private static final Set<String> NON_METRIC_KEYS =
            Set.of("alias", "name", "samples", "sample_len", "sample_count");

    private LmEvalHarnessImporter() {}

    static boolean looksLike(JsonNode root) {
        return root.isObject() && root.has("results");
    }

    static ImportedFile read(Path file, JsonNode root, String run, String phase) {
        JsonNode results = root.get("results");
        if (results == null || !results.isObject()) {
            throw new EvalInputException(
                    file, "\"results\" must be an object of task → metrics, found " + results);
        }
        JsonNode groups = root.path("groups");
        ResultFormat format =
                isSecondGeneration(root) ? ResultFormat.LM_EVAL_04 : ResultFormat.LM_EVAL_03;
        Set<String> groupNames = groupNames(root);

        Map<String, JsonNode> entries = new LinkedHashMap<>();
        fields(results).forEach(entries::put);
        if (groups.isObject()) fields(groups).forEach(entries::putIfAbsent);

        List<EvalResult> out = new ArrayList<>();
        String source = file.toAbsolutePath().normalize().toString();
        for (Map.Entry<String, JsonNode> entry : entries.entrySet()) {
            String task = entry.getKey();
            JsonNode metrics = entry.getValue();
            if (!metrics.isObject())
                throw new EvalInputException(
                        file,
                        "results."
                                + task
                                + " must be an object of metric → value, found "
                                + metrics);
            Long samples = samplesOf(file, root, task);
            for (Map.Entry<String, JsonNode> metric : fields(metrics).entrySet()) {
                MetricKey key = MetricKey.parse(metric.getKey());
                if (NON_METRIC_KEYS.contains(metric.getKey()) || key.isStderr()) continue;
                Double value =
                        JsonFiles.optionalNumber(
                                file, "results." + task + "." + metric.getKey(), metric.getValue());
                if (value == null) continue;
                String stderrKey = key.stderrKey();
                Double stderr =
                        JsonFiles.optionalNumber(
                                file, "results." + task + "." + stderrKey, metrics.get(stderrKey));
                out.add(
                        new EvalResult(
                                run,
                                phase,
                                task,
                                key.metric(),
                                key.filter(),
                                value,
                                stderr,
                                samples,
                                higherIsBetter(file, root, task, key.metric()),
                                null,
                                groupNames.contains(task),
                                format.label(),
                                source));
            }
        }
        if (out.isEmpty())
            throw new EvalInputException(
                    file,
                    "\"results\" holds no numeric metric; is this the harness's results file?");
        return new ImportedFile(
                file, format, out, LogSamplesReader.readNextTo(file, run, phase, out));
    }

    /** 0.4 writes {@code metric,filter} keys and a few top-level keys 0.3 never had. */
    private static boolean isSecondGeneration(JsonNode root) {
        if (root.has("n-samples")
                || root.has("configs")
                || root.has("group_subtasks")
                || root.has("higher_is_better")) return true;
        for (JsonNode task : root.get("results")) {
            for (Iterator<String> keys = task.fieldNames(); keys.hasNext(); ) {
                if (keys.next().contains(",")) return true;
            }
        }
        return false;
    }

    private static Set<String> groupNames(JsonNode root) {
        Set<String> names = new LinkedHashSet<>();
        root.path("groups").fieldNames().forEachRemaining(names::add);
        for (Map.Entry<String, JsonNode> subtasks :
                fields(root.path("group_subtasks")).entrySet()) {
            if (subtasks.getValue().isArray() && !subtasks.getValue().isEmpty())
                names.add(subtasks.getKey());
        }
        return names;
    }

    private static Long samplesOf(Path file, JsonNode root, String task) {
        JsonNode counts = root.path("n-samples").path(task);
        JsonNode count = counts.has("effective") ? counts.get("effective") : counts.get("original");
        if (count == null || count.isNull()) return null;
        if (!count.canConvertToLong() || count.asLong() < 0)
            throw new EvalInputException(
                    file, "n-samples." + task + ": expected a count, found " + count);
        return count.asLong();
    }

    private static Boolean higherIsBetter(Path file, JsonNode root, String task, String metric) {
        JsonNode flag = root.path("higher_is_better").path(task).get(metric);
        if (flag == null || flag.isNull()) return null;
        if (!flag.isBoolean())
            throw new EvalInputException(
                    file,
                    "higher_is_better."
                            + task
                            + "."
                            + metric
                            + ": expected true or false, found "
                            + flag);
        return flag.booleanValue();
    }

    private static Map<String, JsonNode> fields(JsonNode node) {
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> fields.put(e.getKey(), e.getValue()));
        return fields;
    }

    /**
     * {@code acc}, {@code acc_stderr}, {@code acc,none}, {@code acc_stderr,none}, {@code
     * exact_match,remove_whitespace}.
     */
    record MetricKey(String name, String filter) {
        static MetricKey parse(String key) {
            int comma = key.indexOf(',');
            return comma < 0
                    ? new MetricKey(key, null)
                    : new MetricKey(key.substring(0, comma), key.substring(comma + 1));
        }

        boolean isStderr() {
            return name.endsWith(STDERR_SUFFIX);
        }

        String metric() {
            return name;
        }

        String stderrKey() {
            return name + STDERR_SUFFIX + (filter == null ? "" : "," + filter);
        }
    }
}
