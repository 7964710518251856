package dev.mixlab.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mixlab.launcher.backend.CommandBackend;
import dev.mixlab.launcher.backend.CommandTemplate;
import dev.mixlab.launcher.backend.TrainingBackend.PhaseFailedException;
import dev.mixlab.launcher.proxy.Checkpoint;
import dev.mixlab.launcher.run.MetricsCsv;
import dev.mixlab.launcher.run.RunRecord;
import dev.mixlab.mixtures.spec.TrainingSpec.CommandSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The command backend with a real external trainer: the proxy trainer in its own JVM. */
class CommandBackendTest {
    static final String SPEC =
            ByteMixtures.spec(
                    "command-test",
                    """
            mixtures:
              - {name: code, weights: {code: 1.0}, budget: 100K}
              - {name: text, weights: {text: 1.0}, budget: 100K}
            models:
              tiny: {d_model: 32, n_layers: 1, n_heads: 2}
            training: {batch_size: 8, lr: {schedule: cosine, peak: 3e-3, min: 3e-4, warmup_steps: 4}, log_every: 1, checkpoint_every: 50}
            runs:
              - {name: code-text, models: [tiny], phases: [{name: pretrain, mixture: code, tokens: 30K}, {name: continue, mixture: text, tokens: 20K}]}
              - {name: broken, models: [tiny], phases: [{mixture: text, tokens: 10K}]}
            """);

    @RegisterExtension static final ByteMixtures MIXTURES = new ByteMixtures(SPEC, 300);

    @Test
    void externalTrainerTrainsEveryPhaseAndItsMetricsReachRunJson() throws Exception {
        Launcher launcher = MIXTURES.launcher();
        launcher.train(
                launcher.select(List.of("code-text")),
                new CommandBackend(ExternalTrainer.command()),
                Set.of(),
                System.out);
        Path runDir = MIXTURES.work().run("code-text-tiny-s0");
        RunRecord record = RunRecord.read(runDir).orElseThrow();
        assertThat(record.status()).isEqualTo(RunRecord.Status.completed);
        assertThat(record.setup().backend()).isEqualTo("command");
        RunRecord.Phase continued = record.phase("continue").orElseThrow();
        List<MetricsCsv.Row> rows = MetricsCsv.read(runDir.resolve("metrics.csv"));
        assertThat(continued.result().finalLoss()).isEqualTo(rows.get(rows.size() - 1).loss());
        assertThat(rows)
                .extracting(MetricsCsv.Row::phase)
                .containsSubsequence("pretrain", "continue");
        assertThat(Checkpoint.finalOf(runDir, "continue")).isPresent();
        String log = Files.readString(runDir.resolve("train.log"));
        assertThat(log)
                .contains("running exec java")
                .contains("| phase continue: continuing from phase pretrain");
    }

    @Test
    void nonZeroExitFailsThePhaseAndTheRunRecordSaysWhere() {
        Launcher launcher = MIXTURES.launcher();
        CommandSpec failing =
                new CommandSpec("echo training {run_id} on {shards}; exit 3", Map.of());
        assertThatThrownBy(
                        () ->
                                launcher.train(
                                        launcher.select(List.of("broken")),
                                        new CommandBackend(failing),
                                        Set.of(),
                                        System.out))
                .isInstanceOf(PhaseFailedException.class)
                .hasMessageContaining("exited with code 3")
                .hasMessageContaining("train.log");
        Path runDir = MIXTURES.work().run("broken-tiny-s0");
        RunRecord record = RunRecord.read(runDir).orElseThrow();
        assertThat(record.status()).isEqualTo(RunRecord.Status.failed);
        assertThat(record.phases().get(0).status()).isEqualTo(RunRecord.Status.failed);
        assertThat(record.error()).contains("exited with code 3");
    }

    @Test
    void placeholdersAreQuotedAndUnknownOnesNamed() {
        Launcher launcher = MIXTURES.launcher();
        PhaseJob job = launcher.job(launcher.select(List.of("code-text")).get(0), 1);
        String line =
                CommandTemplate.render(
                        "train --data {shards} --init {init_checkpoint} --prev {previous_phase} --steps {steps} --lr {lr_peak} {{x}}",
                        job);
        assertThat(line)
                .isEqualTo(
                        "train --data '"
                                + MIXTURES.work().mixture("text").resolve("part-*.parquet")
                                + "' --init '' --prev pretrain --steps 20 --lr 0.003 {x}");
        assertThatThrownBy(() -> CommandTemplate.render("train --data {shard}", job))
                .hasMessageContaining("unknown placeholder {shard}")
                .hasMessageContaining("{shards}");
    }

    @Test
    void anUnknownPlaceholderStopsTrainingBeforeAnyRunStarts() throws Exception {
        Launcher launcher = MIXTURES.launcher();
        Path runJson = MIXTURES.work().run("broken-tiny-s0").resolve(RunRecord.FILE_NAME);
        String before = Files.exists(runJson) ? Files.readString(runJson) : null;
        assertThatThrownBy(
                        () ->
                                launcher.train(
                                        launcher.select(List.of("broken")),
                                        new CommandBackend(
                                                new CommandSpec(
                                                        "train.py --save {checkpoint}", Map.of())),
                                        Set.of(),
                                        System.out))
                .isInstanceOf(Launcher.LaunchException.class)
                .hasMessageContaining("unknown placeholder {checkpoint}")
                .hasMessageContaining("{checkpoint_dir}")
                .hasMessageContaining("training.command in " + MIXTURES.spec().file());
        // Refused before the run's record was touched (another test may have trained it).
        assertThat(Files.exists(runJson) ? Files.readString(runJson) : null).isEqualTo(before);
    }
}
