package dev.mixlab.mixtures.spec;

import java.util.List;

/**
 * Training defaults shared by all runs; phases may override the learning-rate schedule.
 *
 * @param backend     {@code proxy} (in-process), {@code command} or {@code slurm}
 * @param batchSize   sequences per optimizer step (the paper: 512)
 * @param lr          default schedule of a phase
 * @param weightDecay AdamW weight decay
 * @param gradClip    global gradient-norm clip
 */
public record TrainingSpec(String backend, int batchSize, LrSchedule lr, double weightDecay, double gradClip) {
    public static final List<String> BACKENDS = List.of("proxy", "command", "slurm");
    public static final TrainingSpec DEFAULT = new TrainingSpec("proxy", 512, LrSchedule.DEFAULT, 0.1, 1.0);

    public TrainingSpec {
        InvalidValueException.check(BACKENDS.contains(backend), "backend",
                "unknown backend '" + backend + "'" + Suggestions.didYouMean(backend, BACKENDS) + "; use one of " + BACKENDS);
        InvalidValueException.check(batchSize > 0, "batch_size", "batch_size must be > 0 sequences");
        InvalidValueException.check(weightDecay >= 0, "weight_decay", "weight_decay must be ≥ 0");
        InvalidValueException.check(gradClip > 0, "grad_clip", "grad_clip must be > 0");
    }
}
