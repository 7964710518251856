package dev.mixlab.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mixlab.launcher.backend.CommandTemplate;
import dev.mixlab.launcher.proxy.Checkpoint;
import dev.mixlab.launcher.proxy.ProxyTrainer;
import dev.mixlab.launcher.run.MetricsCsv;
import dev.mixlab.launcher.run.TrainingLog;
import dev.mixlab.mixtures.assembly.MixtureManifest;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A proxy trainer process killed (SIGKILL) mid-phase resumes from its last checkpoint. */
class ResumeAfterKillTest {
    static final String SPEC =
            ByteMixtures.spec(
                    "resume-test",
                    """
            mixtures:
              - {name: half, weights: {text: 0.5, code: 0.5}, budget: 200K}
            models:
              tiny: {d_model: 32, n_layers: 1, n_heads: 2, positions: learned}
            training: {batch_size: 8, lr: {schedule: cosine, peak: 3e-3, min: 3e-4, warmup_steps: 4}, log_every: 1, checkpoint_every: 5}
            runs:
              - {name: long, models: [tiny], phases: [{mixture: half, tokens: 200K}]}
            """);

    @RegisterExtension static final ByteMixtures MIXTURES = new ByteMixtures(SPEC, 600);

    @Test
    void killedMidPhaseResumesFromLastCheckpointAndRefusesARebuiltMixture() throws Exception {
        Launcher launcher = MIXTURES.launcher();
        PhaseJob job = launcher.job(MIXTURES.spec().runs().get(0), 0);
        assertThat(job.steps()).isEqualTo(196);

        ProcessBuilder builder =
                new ProcessBuilder(
                                "/bin/sh",
                                "-c",
                                CommandTemplate.render(ExternalTrainer.TEMPLATE, job))
                        .redirectErrorStream(true)
                        .redirectOutput(MIXTURES.dir().resolve("first-process.out").toFile());
        builder.environment().putAll(ExternalTrainer.command().env());
        Files.createDirectories(job.runDir());
        Process trainer = builder.start();
        Path phaseDir = Checkpoint.phaseDir(job.runDir(), job.phase());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (Checkpoint.latestOf(job.runDir(), job.phase())
                .map(c -> c.state().phaseStep() < 15)
                .orElse(true)) {
            assertThat(trainer.isAlive())
                    .as(
                            "trainer exited early: "
                                    + Files.readString(MIXTURES.dir().resolve("first-process.out")))
                    .isTrue();
            assertThat(System.nanoTime()).as("no checkpoint within 120 s").isLessThan(deadline);
            Thread.sleep(20);
        }
        trainer.destroyForcibly().waitFor();
        long checkpointed =
                Checkpoint.latestOf(job.runDir(), job.phase()).orElseThrow().state().phaseStep();
        assertThat(Checkpoint.finalOf(job.runDir(), job.phase()))
                .as("killed before the end of the phase")
                .isEmpty();
        assertThat(phaseDir.toFile().list())
                .as("only complete checkpoints under final names")
                .allMatch(name -> name.matches("step-\\d{7}") || name.startsWith("."));

        Path manifest = job.mixtureDir().resolve(MixtureManifest.FILE_NAME);
        String original = Files.readString(manifest);
        Files.writeString(manifest, "\n", StandardOpenOption.APPEND);
        assertThatThrownBy(
                        () ->
                                ProxyTrainer.train(
                                        job,
                                        new TrainingLog(
                                                job.runDir().resolve("train.log"), null, "")))
                .isInstanceOf(ProxyTrainer.ManifestChangedException.class)
                .hasMessageContaining("the mixture was rebuilt")
                .hasMessageContaining("--restart " + job.runId());
        Files.writeString(manifest, original);

        ProxyTrainer.Outcome outcome =
                ProxyTrainer.train(
                        job, new TrainingLog(job.runDir().resolve("train.log"), null, ""));
        assertThat(outcome.alreadyComplete()).isFalse();
        assertThat(Files.readString(job.runDir().resolve("train.log")))
                .contains(
                        "resuming from checkpoint step-"
                                + String.format("%07d", checkpointed)
                                + " at step "
                                + checkpointed
                                + " of 196");
        Checkpoint done = Checkpoint.finalOf(job.runDir(), job.phase()).orElseThrow();
        assertThat(done.state().phaseStep()).isEqualTo(196);
        assertThat(done.state().runTokens()).isEqualTo(job.rows() * 127);
        List<Long> steps =
                MetricsCsv.read(job.runDir().resolve("metrics.csv")).stream()
                        .map(MetricsCsv.Row::step)
                        .toList();
        assertThat(steps)
                .as("every step logged exactly once across the kill")
                .isEqualTo(java.util.stream.LongStream.rangeClosed(1, 196).boxed().toList());
        assertThat(phaseDir.toFile().list()).containsExactly(Checkpoint.FINAL);
        assertThat(new File(phaseDir.toFile(), "final/model.ndlist")).isFile();
    }
}
