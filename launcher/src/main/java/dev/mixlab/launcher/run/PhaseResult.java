package dev.mixlab.launcher.run;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What a backend reports of a finished phase; any field is null when the backend cannot know it.
 *
 * @param finalLoss training loss of the last step
 * @param tokensPerSecond training throughput of the phase
 * @param mfu model FLOPs utilisation against the measured peak
 * @param slurmJobId the phase's Slurm job (slurm backend)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PhaseResult(Double finalLoss, Double tokensPerSecond, Double mfu, String slurmJobId) {
    /** Nothing measured yet. */
    public static final PhaseResult NONE = new PhaseResult(null, null, null, null);
}
