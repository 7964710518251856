package dev.mixlab.mixtures.spec;

import dev.mixlab.filters.Suggestions;
import java.util.List;

/**
 * The learning-rate schedule of a phase.
 *
 * @param kind {@code cosine} (warmup then cosine decay to {@code min}), {@code constant} (warmup
 *     then flat), or {@code linear} (warmup then linear decay to {@code min}; the cooldown)
 * @param peak the learning rate after warmup
 * @param min the floor reached at the end of the phase (ignored by constant)
 * @param warmupSteps optimizer steps of linear warmup from 0 (0 = none; a continued phase usually
 *     has none)
 */
public record LrSchedule(
        @SpecKeys.YamlKey("schedule") String kind, double peak, double min, long warmupSteps) {
    public static final List<String> KINDS = List.of("cosine", "constant", "linear");

    /**
     * The paper's pretraining schedule shape: cosine with 1,325 warmup steps; peak and floor are
     * common choices.
     */
    public static final LrSchedule DEFAULT = new LrSchedule("cosine", 3e-4, 3e-5, 1325);

    public LrSchedule {
        InvalidValueException.check(
                KINDS.contains(kind),
                "schedule",
                "unknown schedule '"
                        + kind
                        + "'"
                        + Suggestions.didYouMean(kind, KINDS)
                        + "; use one of "
                        + KINDS);
        InvalidValueException.check(
                peak > 0, "peak", "peak learning rate must be > 0, found " + peak);
        InvalidValueException.check(
                min >= 0 && min <= peak,
                "min",
                "min learning rate must be in [0, peak], found " + min);
        InvalidValueException.check(warmupSteps >= 0, "warmup_steps", "warmup_steps must be ≥ 0");
    }

    /**
     * Learning rate at optimizer step {@code step} (0-based) of {@code totalSteps}: warmup reaches
     * the peak at its last step, and the decay reaches {@code min} exactly at the phase's last
     * step.
     */
    public double at(long step, long totalSteps) {
        if (warmupSteps > 0 && step < warmupSteps) return peak * (step + 1) / warmupSteps;
        long decaySteps = Math.max(1, totalSteps - warmupSteps - 1);
        double progress = Math.min(1.0, (double) (step - warmupSteps) / decaySteps);
        return switch (kind) {
            case "constant" -> peak;
            case "linear" -> peak + (min - peak) * progress;
            default -> min + 0.5 * (peak - min) * (1 + Math.cos(Math.PI * progress));
        };
    }
}
