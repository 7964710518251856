package dev.mixlab.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes lm-evaluation-harness 0.4 output the way the harness lays it out: {@code
 * results_<ts>.json} with results, group_subtasks, versions, n-shot, higher_is_better, n-samples
 * and config, and with {@code --log_samples} one {@code samples_<task>_<ts>.jsonl} per task.
 */
public final class HarnessOutput {
    public static final String TIMESTAMP = "2024-06-03T09-14-27.512345";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Map<String, double[]>> tasks = new LinkedHashMap<>();
    private final Map<String, Integer> counts = new LinkedHashMap<>();
    private final Map<String, int[]> perExample = new LinkedHashMap<>();
    private final java.util.Set<String> lowerIsBetter = new java.util.HashSet<>();

    /**
     * {@code metric} may carry a filter ({@code exact_match,remove_whitespace}); {@code ,none} is
     * added otherwise.
     */
    public HarnessOutput task(
            String task, String metric, double value, double stderr, int examples) {
        tasks.computeIfAbsent(task, t -> new LinkedHashMap<>())
                .put(
                        metric.contains(",") ? metric : metric + ",none",
                        new double[] {value, stderr});
        counts.put(task, examples);
        return this;
    }

    /**
     * Declares {@code metric} lower-is-better in {@code higher_is_better} (as mixlab's proxy
     * evaluator does for bpb and loss).
     */
    public HarnessOutput lowerIsBetter(String metric) {
        lowerIsBetter.add(metric);
        return this;
    }

    /** Per-example 0/1 {@code acc} of a task (its value and stderr are derived from them). */
    public HarnessOutput examples(String task, int... correct) {
        double mean = java.util.Arrays.stream(correct).average().orElseThrow();
        double stderr = Math.sqrt(mean * (1 - mean) / (correct.length - 1));
        perExample.put(task, correct);
        return task(task, "acc", mean, stderr, correct.length);
    }

    /** Writes the results file (and samples files) into {@code dir}; returns the results file. */
    public Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        ObjectNode root = JSON.createObjectNode();
        ObjectNode results = root.putObject("results");
        ObjectNode subtasks = root.putObject("group_subtasks");
        ObjectNode versions = root.putObject("versions");
        ObjectNode shots = root.putObject("n-shot");
        ObjectNode direction = root.putObject("higher_is_better");
        ObjectNode samples = root.putObject("n-samples");
        tasks.forEach(
                (task, metrics) -> {
                    ObjectNode entry = results.putObject(task);
                    entry.put("alias", task);
                    ObjectNode better = direction.putObject(task);
                    metrics.forEach(
                            (key, numbers) -> {
                                String[] parts = key.split(",", 2);
                                entry.put(key, numbers[0]);
                                entry.put(parts[0] + "_stderr," + parts[1], numbers[1]);
                                better.put(parts[0], !lowerIsBetter.contains(parts[0]));
                            });
                    subtasks.putArray(task);
                    versions.put(task, 1.0);
                    shots.put(task, 0);
                    samples.putObject(task)
                            .put("original", counts.get(task))
                            .put("effective", counts.get(task));
                });
        root.putObject("config")
                .put("model", "hf")
                .put("model_args", "pretrained=mixlab/test")
                .put("batch_size", "8")
                .putNull("limit");
        root.put("git_hash", "a1b2c3d");
        root.put("date", 1717405467.5);
        Path file = dir.resolve("results_" + TIMESTAMP + ".json");
        JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
        for (Map.Entry<String, int[]> task : perExample.entrySet()) {
            StringBuilder lines = new StringBuilder();
            int[] correct = task.getValue();
            for (int doc = 0; doc < correct.length; doc++) {
                ObjectNode line = JSON.createObjectNode();
                line.put("doc_id", doc);
                line.putObject("doc").put("question", "question " + doc);
                line.put("target", 0);
                line.putObject("arguments")
                        .putObject("gen_args_0")
                        .put("arg_0", "Question: question " + doc + "\nAnswer:")
                        .put("arg_1", " yes");
                line.putArray("resps")
                        .addArray()
                        .addArray()
                        .add("-1.25")
                        .add(correct[doc] == 1 ? "True" : "False");
                line.putArray("filtered_resps")
                        .addArray()
                        .add("-1.25")
                        .add(correct[doc] == 1 ? "True" : "False");
                line.put("filter", "none");
                ArrayNode metrics = line.putArray("metrics");
                metrics.add("acc");
                line.put("doc_hash", "0".repeat(64))
                        .put("prompt_hash", "1".repeat(64))
                        .put("target_hash", "2".repeat(64));
                line.put("acc", (double) correct[doc]);
                lines.append(JSON.writeValueAsString(line)).append('\n');
            }
            Files.writeString(
                    dir.resolve("samples_" + task.getKey() + "_" + TIMESTAMP + ".jsonl"), lines);
        }
        return file;
    }

    /** A bundled fixture, copied into {@code dir} (tests must not write next to the class path). */
    public static Path fixture(String resource, Path dir) throws IOException {
        try {
            Path source = Path.of(HarnessOutput.class.getResource("/" + resource).toURI());
            Path target = dir.resolve(resource);
            Files.createDirectories(target.getParent());
            return Files.copy(source, target);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
