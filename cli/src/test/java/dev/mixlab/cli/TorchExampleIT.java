package dev.mixlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mixlab.eval.ResultsStore;
import dev.mixlab.launcher.run.MetricsCsv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code configs/examples/torch.yaml} end to end through {@code bin/mixlab}, at a tiny size: build
 * (Parquet + OLMo export), train with the reference PyTorch trainer through the command backend
 * (pretrain → continue → cooldown via init_from, and a second run), {@code eval --all} with the
 * reference evaluator as {@code eval.command} (results imported), {@code compare}. Then, where CI
 * started a Slurm, one phase retrained and evaluated as Slurm jobs. Needs Debian's python3-torch
 * and python3-numpy (bin/test installs them).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TorchExampleIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path EXAMPLE = BinMixlab.ROOT.resolve("configs/examples/torch.yaml");

    @TempDir static Path dir;
    static Path spec;
    static Path work;
    static final Map<String, BinMixlab.Result> commands = new java.util.LinkedHashMap<>();

    /** The example with the tiny corpus as its sources and budgets cut to a few seconds per run. */
    static String tinyExample() throws IOException {
        String text = Files.readString(EXAMPLE);
        Map<String, String> edits = new java.util.LinkedHashMap<>();
        // The repository's docs as text: as prose, without the web-text filters that drop most
        // of them, so that some are held out for bits per byte.
        edits.put(
                "{name: text, kind: text, inputs: ../../data/sample/text/*.jsonl.zst",
                "{name: text, kind: prose, inputs: prose.jsonl");
        edits.put("inputs: ../../data/sample/code/*.jsonl.zst", "inputs: code.jsonl");
        edits.put("heldout_fraction: 0.02", "heldout_fraction: 0.3");
        edits.put("budget: 512K", "budget: 16K");
        edits.put("tokens: 256K", "tokens: 12K");
        edits.put("tokens: 128K", "tokens: 6K");
        edits.put("checkpoint_every: 25", "checkpoint_every: 2");
        // Debian's python3-torch (bin/test installs it), whatever python3 is first on PATH.
        edits.put("exec \"${PYTHON:-python3}\"", "exec /usr/bin/python3");
        for (Map.Entry<String, String> e : edits.entrySet()) {
            assertThat(text).as("torch.yaml still has " + e.getKey()).contains(e.getKey());
            text = text.replace(e.getKey(), e.getValue());
        }
        return text;
    }

    @BeforeAll
    static void runTheExample() throws Exception {
        TinyCorpus.write(dir);
        // The example names its scripts relative to itself ($MIXLAB_SPEC_DIR/torch/...).
        Files.createSymbolicLink(
                dir.resolve("torch"), BinMixlab.ROOT.resolve("configs/examples/torch"));
        spec = dir.resolve("torch.yaml");
        work = dir.resolve("work");
        Files.writeString(spec, tinyExample());
        String s = spec.toString();
        String w = work.toString();
        commands.put("build", mixlab("build", s, "--workdir", w));
        commands.put("train", mixlab("train", s, "--workdir", w));
        commands.put("eval", mixlab("eval", s, "--all", "--workdir", w));
        commands.put("compare", mixlab("compare", "--ablation", s, "--workdir", w));
    }

    private static BinMixlab.Result mixlab(String... args)
            throws IOException, InterruptedException {
        return BinMixlab.run(dir.resolve("terminal"), args);
    }

    private static JsonNode runJson(String run) throws IOException {
        return JSON.readTree(work.resolve("runs").resolve(run).resolve("run.json").toFile());
    }

    @Test
    @Order(1)
    void theReferenceTrainerTrainsEveryPhaseAndTheEvaluatorsResultsAreReported()
            throws IOException {
        commands.forEach(
                (command, run) ->
                        assertThat(run.code()).as(command + ": " + run.out() + run.err()).isZero());
        assertThat(commands.get("train").out()).contains("trained 3 run(s)");

        // The continued phase carried on the run's step and token counts; the cooldown started
        // from the continued phase's weights.
        List<MetricsCsv.Row> rows =
                MetricsCsv.read(work.resolve("runs/text-code-tiny-s0/metrics.csv"));
        MetricsCsv.Row lastPretrain =
                rows.stream().filter(r -> r.phase().equals("pretrain")).reduce((a, b) -> b).get();
        MetricsCsv.Row firstContinue =
                rows.stream().filter(r -> r.phase().equals("continue")).findFirst().get();
        assertThat(lastPretrain.step()).isEqualTo(3); // 6K tokens = 24 rows of 256 = 3 steps of 8
        assertThat(firstContinue.step()).isEqualTo(4);
        assertThat(firstContinue.tokens()).isGreaterThan(lastPretrain.tokens());
        assertThat(firstContinue.loss()).isLessThan(rows.get(0).loss());
        assertThat(Files.readString(work.resolve("runs/text-code-cooldown-tiny-s0/train.log")))
                .contains("starts from")
                .contains("text-code-tiny-s0/checkpoints/continue/final");
        assertThat(Files.readString(work.resolve("runs/text-code-tiny-s0/train.log")))
                .contains("continues pretrain (weights and optimizer)");
        // In-phase checkpoints were taken and removed once the phase ended.
        assertThat(work.resolve("runs/text-tiny-s0/checkpoints/pretrain/final/model.pt"))
                .isRegularFile();
        assertThat(work.resolve("runs/text-tiny-s0/checkpoints/pretrain").toFile().list())
                .containsExactly("final");

        JsonNode textCode = runJson("text-code-tiny-s0");
        assertThat(textCode.path("status").asText()).isEqualTo("completed");
        for (JsonNode phase : textCode.path("phases")) {
            assertThat(phase.path("final_loss").asDouble()).isPositive();
            assertThat(phase.path("evaluation").path("status").asText()).isEqualTo("completed");
            assertThat(phase.path("evaluation").path("results").get(0).asText())
                    .startsWith("eval/" + phase.path("name").asText() + "/results_");
        }

        // 4 phases evaluated; bits per byte per source and the task file are in the store.
        assertThat(commands.get("eval").out()).contains("4 checkpoint(s) evaluated and imported");
        var results = ResultsStore.open(work).results();
        assertThat(results)
                .filteredOn(r -> r.run().equals("text-tiny-s0") && r.metric().equals("bpb"))
                .extracting(r -> r.task())
                .containsExactlyInAnyOrder("mixlab_bpb_text", "mixlab_bpb_code");
        assertThat(results)
                .filteredOn(r -> r.task().equals("completion") && r.metric().equals("acc_norm"))
                .hasSize(4)
                .allSatisfy(r -> assertThat(r.samples()).isEqualTo(12L));
        // A byte-level model trained on text for a few steps: between chance and 8 bits per byte.
        assertThat(results)
                .filteredOn(r -> r.metric().equals("bpb"))
                .allSatisfy(r -> assertThat(r.value()).isBetween(1.0, 8.0));

        Path report = work.resolve("reports/torch-example/report.md");
        assertThat(report).isRegularFile();
        assertThat(Files.readString(report))
                .contains("text-code-tiny-s0")
                .contains("Held-out bits per byte by source")
                .contains("| completion | acc_norm |");
    }

    @Test
    @Order(2)
    @EnabledIfEnvironmentVariable(
            named = "SLURM_CONF",
            matches = ".+",
            disabledReason = "no Slurm here: bin/test starts one")
    void onePhaseTrainsAndIsEvaluatedAsSlurmJobs() throws Exception {
        Path slurmSpec = dir.resolve("torch-slurm.yaml");
        Files.writeString(
                slurmSpec,
                Files.readString(spec)
                        .replace(
                                "training:\n  backend: command\n",
                                "training:\n  backend: command\n  slurm: {directives: {ntasks: \"1\", cpus-per-task: \"1\","
                                        + " time: \"00:10:00\"}, poll_seconds: 1}\n"));
        String s = slurmSpec.toString();
        String w = work.toString();
        BinMixlab.Result train =
                mixlab(
                        "train",
                        s,
                        "--workdir",
                        w,
                        "--backend",
                        "slurm",
                        "--only",
                        "text",
                        "--restart",
                        "text-tiny-s0");
        assertThat(train.code()).as(train.out() + train.err()).isZero();
        BinMixlab.Result eval = mixlab("eval", s, "--run", "text", "--workdir", w);
        assertThat(eval.code()).as(eval.out() + eval.err()).isZero();
        JsonNode phase = runJson("text-tiny-s0").path("phases").get(0);
        assertThat(phase.path("slurm_job_id").asText()).matches("\\d+");
        assertThat(phase.path("evaluation").path("slurm_job_id").asText()).matches("\\d+");
        assertThat(phase.path("evaluation").path("status").asText()).isEqualTo("completed");
    }
}
