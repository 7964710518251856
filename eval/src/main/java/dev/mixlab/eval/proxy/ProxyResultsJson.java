package dev.mixlab.eval.proxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mixlab.io.Publish;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Proxy scores in lm-evaluation-harness 0.4's output format ({@code results_<stamp>.json} plus one
 * {@code samples_<task>_<stamp>.jsonl} per multiple-choice task), so they flow through the same
 * importer as real harness runs and get paired intervals. Tasks: {@code mixlab_bpb_<source>}
 * (metrics {@code bpb}, {@code loss}; lower is better), {@code mixlab_lang_bpb_<source>:<language>}
 * (the same documents by language), {@code mixlab_probe_<source>} and each task file ({@code acc},
 * {@code acc_norm}).
 */
public final class ProxyResultsJson {
    public static final String STAMP = "proxy";
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ProxyResultsJson() {}

    public static String bpbTask(String source) {
        return "mixlab_bpb_" + source;
    }

    /**
     * The bits-per-byte task of one language of a source; {@code sourceLanguage} is {@code
     * source:language}.
     */
    public static String languageBpbTask(String sourceLanguage) {
        return "mixlab_lang_bpb_" + sourceLanguage;
    }

    public static String probeTask(String source) {
        return "mixlab_probe_" + source;
    }

    public static Path resultsFile(Path dir) {
        return dir.resolve("results_" + STAMP + ".json");
    }

    /** Writes the results and samples files into {@code dir} and returns the results file. */
    public static Path write(
            Path dir, ProxySuite.Scores scores, String modelName, String modelArgs) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode results = root.putObject("results");
        ObjectNode higher = JSON.createObjectNode();
        ObjectNode samples = JSON.createObjectNode();
        ObjectNode versions = JSON.createObjectNode();
        Map<String, BitsPerByte.Result> bpb = new java.util.LinkedHashMap<>();
        scores.bpb().forEach((source, r) -> bpb.put(bpbTask(source), r));
        scores.bpbByLanguage().forEach((language, r) -> bpb.put(languageBpbTask(language), r));
        bpb.forEach(
                (task, r) -> {
                    ObjectNode t = results.putObject(task);
                    t.put("alias", task);
                    t.put("bpb,none", r.bpb());
                    putStderr(t, "bpb_stderr,none", r.bpbStderr());
                    t.put("loss,none", r.loss());
                    t.put("loss_stderr,none", "N/A");
                    ObjectNode h = higher.putObject(task);
                    h.put("bpb", false);
                    h.put("loss", false);
                    samples.putObject(task)
                            .put("original", r.documents())
                            .put("effective", r.documents());
                    versions.put(task, 1);
                });
        try {
            Files.createDirectories(dir);
            for (Map.Entry<String, MultipleChoice.Result> e : scores.probes().entrySet()) {
                writeChoice(
                        dir,
                        probeTask(e.getKey()),
                        e.getValue(),
                        results,
                        higher,
                        samples,
                        versions);
            }
            for (Map.Entry<String, MultipleChoice.Result> e : scores.tasks().entrySet()) {
                writeChoice(dir, e.getKey(), e.getValue(), results, higher, samples, versions);
            }
            root.set("versions", versions);
            root.set("higher_is_better", higher);
            root.set("n-samples", samples);
            ObjectNode config = root.putObject("config");
            config.put("model", modelName);
            config.put("model_args", modelArgs);
            Path file = resultsFile(dir);
            Publish.file(
                    file, temporary -> JSON.writeValue(Files.newOutputStream(temporary), root));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot write proxy results into " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void writeChoice(
            Path dir,
            String task,
            MultipleChoice.Result r,
            ObjectNode results,
            ObjectNode higher,
            ObjectNode samples,
            ObjectNode versions)
            throws IOException {
        ObjectNode t = results.putObject(task);
        t.put("alias", task);
        t.put("acc,none", r.acc());
        putStderr(t, "acc_stderr,none", r.accStderr());
        t.put("acc_norm,none", r.accNorm());
        putStderr(t, "acc_norm_stderr,none", r.accNormStderr());
        ObjectNode h = higher.putObject(task);
        h.put("acc", true);
        h.put("acc_norm", true);
        samples.putObject(task).put("original", r.n()).put("effective", r.n());
        versions.put(task, 1);
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < r.n(); i++) {
            lines.append(
                    String.format(
                            "{\"doc_id\": %d, \"filter\": \"none\", \"metrics\": [\"acc\", \"acc_norm\"], \"acc\": %d.0, \"acc_norm\": %d.0}%n",
                            i, r.correct()[i], r.correctNorm()[i]));
        }
        Files.writeString(
                dir.resolve("samples_" + task + "_" + STAMP + ".jsonl"),
                lines,
                StandardCharsets.UTF_8);
    }

    private static void putStderr(ObjectNode node, String key, double value) {
        if (Double.isFinite(value)) node.put(key, value);
        else node.put(key, "N/A");
    }
}
