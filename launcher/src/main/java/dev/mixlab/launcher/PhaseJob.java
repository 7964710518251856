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
 * @param startRow the first row of the mixture's train split to read: where the phase's lineage
 *     stopped reading this mixture (0 when it never did); rows are read in stream order from it
 * @param newEpoch whether reading may go past the mixture's last row and continue at row 0 (the
 *     phase's {@code new_epoch}); without it the launcher refuses a phase with too few rows left
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
        int logEvery,
        long startRow,
        boolean newEpoch) {
    public PhaseJob {
        if (startRow < 0) throw new IllegalArgumentException("start row must be ≥ 0: " + startRow);
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
