package dev.mixlab.launcher.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mixlab.launcher.run.RunRecord.Phase;
import dev.mixlab.launcher.run.RunRecord.PhasePlan;
import dev.mixlab.launcher.run.RunRecord.Setup;
import dev.mixlab.launcher.run.RunRecord.Status;
import dev.mixlab.mixtures.spec.LrSchedule;
import dev.mixlab.mixtures.spec.ModelSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * run.json is read by other tools and by later mixlab versions: the fixtures under {@code
 * run-records/} were written by the positional-constructor RunRecord this class replaced, and the
 * named transitions must reproduce them byte for byte.
 */
class RunRecordTest {
    private static final ModelSpec TINY = new ModelSpec("tiny", 64, 2, 2, 256, "rotary");
    private static final LrSchedule WARMUP = new LrSchedule("cosine", 3e-3, 3e-4, 10);
    private static final LrSchedule NO_WARMUP = new LrSchedule("cosine", 3e-3, 3e-4, 0);

    @TempDir Path dir;

    private static String fixture(String name) throws IOException {
        try (InputStream in = RunRecordTest.class.getResourceAsStream("/run-records/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The setup of the fixtures: a tiny byte-level model trained on host "vm". */
    private static Setup setup(
            String id,
            String ablation,
            String recipe,
            long seed,
            int seqLen,
            int batchSize,
            String backend) {
        return new Setup(
                id,
                ablation,
                recipe,
                TINY,
                seed,
                "bytes",
                257,
                seqLen,
                batchSize,
                0.1,
                1.0,
                backend,
                "vm",
                "0.1.0-SNAPSHOT",
                null,
                null);
    }

    /**
     * {@code record} with {@code phase} started and completed, its checkpoint in the usual place.
     */
    private static RunRecord trained(
            RunRecord record,
            String phase,
            String manifestSha256,
            String from,
            String to,
            PhaseResult result) {
        Phase started = record.phase(phase).orElseThrow().start(manifestSha256, from);
        return record.withPhase(started.complete(to, "checkpoints/" + phase + "/final", result));
    }

    private String written(RunRecord record) throws IOException {
        record.write(dir);
        return Files.readString(dir.resolve(RunRecord.FILE_NAME));
    }

    @Test
    void readingAndWritingKeepsEveryByte() throws IOException {
        for (String name : List.of("completed.json", "failed.json")) {
            Files.writeString(dir.resolve(RunRecord.FILE_NAME), fixture(name));
            RunRecord read = RunRecord.read(dir).orElseThrow();
            assertThat(written(read)).as(name).isEqualTo(fixture(name));
        }
    }

    @Test
    void transitionsOfACompletedRunWriteTheSameRecord() throws IOException {
        Setup setup =
                setup(
                        "balanced-text-cooldown-tiny-s0",
                        "quickstart",
                        "balanced-text-cooldown",
                        0,
                        512,
                        16,
                        "proxy");
        RunRecord record =
                RunRecord.planned(
                        setup,
                        List.of(
                                new PhasePlan(
                                        "pretrain",
                                        "code-50",
                                        1_000_000,
                                        123,
                                        WARMUP,
                                        null,
                                        null,
                                        null),
                                new PhasePlan(
                                        "cooldown",
                                        "text-90",
                                        100_000,
                                        13,
                                        NO_WARMUP,
                                        "balanced-text-tiny-s0/continue",
                                        null,
                                        null)));
        assertThat(record.status()).isEqualTo(Status.planned);
        assertThat(record.phases()).extracting(Phase::status).containsOnly(Status.planned);

        record = record.start("2026-11-27T10:00:00Z");
        record =
                trained(
                        record,
                        "pretrain",
                        "ab12",
                        "2026-11-27T10:00:00Z",
                        "2026-11-27T10:01:00Z",
                        new PhaseResult(2.25, 16000.5, 0.0123, null));
        record =
                trained(
                        record,
                        "cooldown",
                        "cd34",
                        "2026-11-27T10:01:00Z",
                        "2026-11-27T10:02:00Z",
                        new PhaseResult(2.0, null, null, null));
        record = record.complete("2026-11-27T10:02:00Z");

        assertThat(written(record)).isEqualTo(fixture("completed.json"));
    }

    @Test
    void aFailedAttemptKeepsItsSlurmJobAndARestartKeepsTheFirstStartTime() throws IOException {
        Setup setup = setup("crash-tiny-s0", "slurm-test", "crash", 7, 128, 8, "slurm");
        RunRecord record =
                RunRecord.planned(
                        setup,
                        List.of(
                                new PhasePlan(
                                        "pretrain", "text", 5000, 5, NO_WARMUP, null, null, null),
                                new PhasePlan(
                                        "continue", "text", 5000, 5, NO_WARMUP, null, null, null)));
        record = record.start("2026-11-27T10:00:00Z");
        // A first attempt was submitted as Slurm job 1234 and left its id behind.
        Phase attempt =
                record.phase("pretrain")
                        .orElseThrow()
                        .start("ef56", "2026-11-27T10:00:00Z")
                        .complete("unused", "unused", new PhaseResult(9.0, 1.0, 0.5, "1234"));
        Phase retried = attempt.start("ef56", "2026-11-27T10:00:10Z");
        assertThat(retried.started()).isEqualTo("2026-11-27T10:00:00Z");
        assertThat(retried.ended()).isNull();
        assertThat(retried.checkpoint()).isNull();
        assertThat(retried.result()).isEqualTo(new PhaseResult(null, null, null, "1234"));

        record =
                record.withPhase(retried.fail())
                        .fail("2026-11-27T10:00:30Z", "Slurm job 1234 ended in state FAILED");
        assertThat(written(record)).isEqualTo(fixture("failed.json"));

        RunRecord resumed = RunRecord.read(dir).orElseThrow().start("2026-11-28T00:00:00Z");
        assertThat(resumed.status()).isEqualTo(Status.running);
        assertThat(resumed.started()).isEqualTo("2026-11-27T10:00:00Z");
        assertThat(resumed.ended()).isNull();
        assertThat(resumed.error()).isNull();
    }

    @Test
    void anUnreadableRecordNamesTheFileAndTheWayOut() throws IOException {
        Path run = dir.resolve("broken-run");
        Files.createDirectories(run);
        Files.writeString(run.resolve(RunRecord.FILE_NAME), "{ not json");
        assertThatThrownBy(() -> RunRecord.read(run))
                .hasMessageContaining(run.resolve(RunRecord.FILE_NAME).toString())
                .hasMessageContaining("--restart broken-run");
    }
}
