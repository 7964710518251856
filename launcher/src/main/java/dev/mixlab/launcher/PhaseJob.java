package dev.mixlab.launcher;

import dev.mixlab.mixtures.spec.LrSchedule;
import dev.mixlab.mixtures.spec.ModelSpec;
import java.nio.file.Path;

/**
 * One phase of one run, resolved to numbers and paths: what every backend needs. The proxy trainer
 * takes it directly, the command and Slurm backends turn it into command-line placeholders, and
 * nothing in it refers to the spec file, so a separate JVM can receive it on its command line
 * ({@link dev.mixlab.launcher.proxy.ProxyTrainerMain}).
 *
 * @param runId run id (the run directory's name)
 * @param phase phase name
 * @param model model size
 * @param vocab embedding rows (the tokenizer's vocabulary size)
 * @param seqLen tokens per mixture row
 * @param batchSize rows per optimizer step
 * @param tokens tokens of the mixture to train on (rounded up to whole rows)
 * @param lr the phase's schedule
 * @param weightDecay AdamW decoupled weight decay
 * @param gradClip global gradient-norm clip
 * @param seed initialisation seed
 * @param mixtureDir the built mixture ({@code manifest.json} and shards)
 * @param runDir the run directory (checkpoints, metrics.csv, train.log)
 * @param previousPhase the run's phase before this one (continue its weights and optimizer), or
 *     null
 * @param initCheckpoint another run's end-of-phase checkpoint directory to start from (weights
 *     only), or null
 * @param checkpointEvery steps between in-phase checkpoints
 * @param logEvery steps between metrics rows
 */
public record PhaseJob(
        String runId,
        String phase,
        ModelSpec model,
        int vocab,
        int seqLen,
        int batchSize,
        long tokens,
        LrSchedule lr,
        double weightDecay,
        double gradClip,
        long seed,
        Path mixtureDir,
        Path runDir,
        String previousPhase,
        Path initCheckpoint,
        int checkpointEvery,
        int logEvery) {
    public PhaseJob {
        if (previousPhase != null && initCheckpoint != null) {
            throw new IllegalArgumentException(
                    "a phase continues either the run's previous phase or another run's checkpoint, not both");
        }
    }

    /** Where the phase's checkpoints go; the end-of-phase one is {@code final/} inside it. */
    public Path checkpointDir() {
        return dev.mixlab.launcher.proxy.Checkpoint.phaseDir(runDir, phase);
    }

    /** Rows the phase trains on. */
    public long rows() {
        return (tokens + seqLen - 1) / seqLen;
    }

    /** Optimizer steps of the phase (the last may be a partial batch). */
    public long steps() {
        return (rows() + batchSize - 1) / batchSize;
    }
}
