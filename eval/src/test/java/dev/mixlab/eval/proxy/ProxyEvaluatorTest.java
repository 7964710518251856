package dev.mixlab.eval.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mixlab.launcher.ByteMixtures;
import dev.mixlab.launcher.backend.ProxyBackend;
import dev.mixlab.mixtures.WorkDir;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two tiny proxy runs, one on text and one on code, measured on both held-out sources. */
class ProxyEvaluatorTest {
    static final String SPEC =
            ByteMixtures.spec(
                    "eval-test",
                    """
            mixtures:
              - {name: text, weights: {text: 1.0}, budget: 100K}
              - {name: code, weights: {code: 1.0}, budget: 100K}
            models:
              tiny: {d_model: 48, n_layers: 1, n_heads: 2}
            training: {batch_size: 8, lr: {schedule: cosine, peak: 4e-3, min: 4e-4, warmup_steps: 5}, log_every: 10}
            runs:
              - {name: text, models: [tiny], phases: [{mixture: text, tokens: 80K}]}
              - {name: code, models: [tiny], phases: [{mixture: code, tokens: 80K}]}
            eval: {task_files: [braces.jsonl]}
            """);

    @RegisterExtension
    static final ByteMixtures MIXTURES = new ByteMixtures(ProxyEvaluatorTest::withTaskFile, 400);

    static JsonNode textRun;
    static JsonNode codeRun;

    /** {@link #SPEC}, with the task file it names written beside it. */
    private static String withTaskFile(Path dir) {
        try {
            Files.writeString(
                    dir.resolve("braces.jsonl"),
                    """
                    {"context": "    public static void main(String[] args", "choices": [") {", " Mr President,"], "gold": 0}
                    {"context": "import java.util.", "choices": ["List;", "the Commission"], "gold": 0}
                    """);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return SPEC;
    }

    @BeforeAll
    static void trainAndEvaluate() throws Exception {
        MIXTURES.trainAll(new ProxyBackend());
        ProxyEvaluator evaluator =
                new ProxyEvaluator(
                        MIXTURES.spec(),
                        MIXTURES.work(),
                        new ProxySuite.Options(16_384, 40, 16, 5));
        ObjectMapper json = new ObjectMapper();
        textRun =
                json.readTree(
                        evaluator
                                .evaluate(MIXTURES.spec().runs().get(0), false, System.out::println)
                                .get(0)
                                .resultsFile()
                                .toFile());
        codeRun =
                json.readTree(
                        evaluator
                                .evaluate(MIXTURES.spec().runs().get(1), false, System.out::println)
                                .get(0)
                                .resultsFile()
                                .toFile());
    }

    private static double metric(JsonNode results, String task, String metric) {
        return results.path("results").path(task).path(metric + ",none").asDouble(Double.NaN);
    }

    @Test
    void eachRunHasLowerBitsPerByteOnTheSourceItTrainedOn() {
        double textOnText = metric(textRun, "mixlab_bpb_text", "bpb");
        double textOnCode = metric(textRun, "mixlab_bpb_code", "bpb");
        double codeOnText = metric(codeRun, "mixlab_bpb_text", "bpb");
        double codeOnCode = metric(codeRun, "mixlab_bpb_code", "bpb");
        assertThat(textOnText)
                .as("better than uniform over 257 byte ids (8.006 bits)")
                .isBetween(1.0, 7.0);
        assertThat(textOnText).isLessThan(codeOnText);
        assertThat(codeOnCode).isLessThan(textOnCode);
        assertThat(
                        textRun.path("results")
                                .path("mixlab_bpb_text")
                                .path("bpb_stderr,none")
                                .asDouble())
                .isPositive();
        assertThat(textRun.path("higher_is_better").path("mixlab_bpb_code").path("bpb").asBoolean())
                .isFalse();
    }

    @Test
    void probesAndTaskFilesAreScoredInHarnessFormatWithSamples() throws Exception {
        for (String task : List.of("mixlab_probe_text", "mixlab_probe_code")) {
            assertThat(metric(codeRun, task, "acc")).as(task).isBetween(0.0, 1.0);
            assertThat(codeRun.path("n-samples").path(task).path("effective").asInt())
                    .as(task)
                    .isEqualTo(40);
            Path samples =
                    ProxyEvaluator.resultsDir(MIXTURES.work(), "code-tiny-s0", "pretrain")
                            .resolve("samples_" + task + "_proxy.jsonl");
            assertThat(Files.readAllLines(samples))
                    .hasSize(40)
                    .allMatch(l -> l.contains("\"acc\": "));
        }
        assertThat(metric(codeRun, "braces", "acc")).isEqualTo(1.0);
        assertThat(codeRun.path("config").path("model_args").asText())
                .contains("run=code-tiny-s0,phase=pretrain");
    }

    @Test
    void scoresAreReusedUntilTheCheckpointChangesAndUntrainedRunsAreNamed() {
        ProxyEvaluator evaluator =
                new ProxyEvaluator(
                        MIXTURES.spec(),
                        MIXTURES.work(),
                        new ProxySuite.Options(16_384, 40, 16, 5));
        assertThat(evaluator.evaluate(MIXTURES.spec().runs().get(0), false, System.out::println))
                .allMatch(ProxyEvaluator.Evaluated::reused);
        WorkDir empty = new WorkDir(MIXTURES.dir().resolve("work"));
        assertThatThrownBy(
                        () ->
                                new ProxyEvaluator(
                                                MIXTURES.spec(), empty, ProxySuite.Options.DEFAULTS)
                                        .evaluate(
                                                new dev.mixlab.mixtures.spec.RunSpec(
                                                        "ghost-tiny-s0",
                                                        "ghost",
                                                        "tiny",
                                                        0,
                                                        MIXTURES.spec().runs().get(0).phases()),
                                                false,
                                                System.out::println))
                .hasMessageContaining("has not been trained")
                .hasMessageContaining("mixlab train");
    }

    @Test
    void importedProxyResultsCompareWithLowerBitsPerByteAsTheBetterDirection() throws Exception {
        dev.mixlab.eval.ResultsStore store =
                dev.mixlab.eval.ResultsStore.open(MIXTURES.work().root());
        for (var run : MIXTURES.spec().runs()) {
            Path results =
                    ProxyResultsJson.resultsFile(
                            ProxyEvaluator.resultsDir(MIXTURES.work(), run.id(), "pretrain"));
            store.importFile(results, run.id(), "pretrain");
        }
        Path html =
                dev.mixlab.eval.report.CompareReport.write(
                        MIXTURES.spec(),
                        MIXTURES.work().root(),
                        "text-tiny-s0",
                        MIXTURES.dir().resolve("report"));
        String markdown = Files.readString(html.resolveSibling("report.md"));
        // Proxy results only, as in the quickstart: the report leads with them, per source, and
        // says in one line what was not evaluated instead of empty rows.
        assertThat(markdown)
                .contains("## Held-out bits per byte by source", "## Probe accuracy by source")
                .contains(
                        "**Not evaluated:** NL reasoning, World knowledge, Code, Generative win-rate, NL Avg, Total")
                .doesNotContain("## Categories")
                .doesNotContain("| BoolQ |");
        // Each run is best (bold) on the source it trained on; the code run's code bpb is lower
        // than the baseline's.
        assertThat(markdown)
                .containsPattern(
                        "\\| code-tiny-s0 \\(n=1\\) \\| 100% \\| \\*\\*[0-9.]+ ± [0-9.]+ \\(-[0-9.]+%\\)\\*\\* \\| [0-9.]+ ± [0-9.]+ \\([+][0-9.]+%\\) \\|");
        assertThat(markdown)
                .containsPattern(
                        "\\| text-tiny-s0 \\(n=1\\) \\| 0% \\| [0-9.]+ ± [0-9.]+ \\| \\*\\*[0-9.]+ ± [0-9.]+\\*\\* \\|");
        dev.mixlab.eval.report.ReportTables.assertNoEmptyRows(markdown);
        assertThat(Files.readString(html)).contains("<img");
        assertThat(html.resolveSibling("charts").resolve("bpb-vs-code-share.png"))
                .as("bits per byte against the code share")
                .isNotEmptyFile();
    }

    @Test
    void malformedTaskFilesNameFileAndLine() throws Exception {
        Path bad = MIXTURES.dir().resolve("bad.jsonl");
        Files.writeString(
                bad,
                "{\"context\": \"a\", \"choices\": [\"x\", \"y\"], \"gold\": 0}\n{\"context\": \"b\", \"choices\": [\"x\", \"y\"], \"gold\": 5}\n");
        assertThatThrownBy(() -> TaskFile.read(bad))
                .hasMessageContaining("bad.jsonl:2: \"gold\" must be the index");
    }
}
