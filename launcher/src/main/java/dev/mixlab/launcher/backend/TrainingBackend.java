package dev.mixlab.launcher.backend;

import dev.mixlab.launcher.PhaseJob;
import dev.mixlab.launcher.run.PhaseResult;
import dev.mixlab.launcher.run.TrainingLog;

/** Trains one phase of a run somewhere: in this JVM, as a local command, or as a Slurm job. */
public interface TrainingBackend {
    String name();

    /**
     * Trains {@code job} to its end (resuming when the backend can) and returns what is known of
     * it. Throws {@link PhaseFailedException} with a message saying where to look when the phase
     * fails.
     */
    PhaseResult train(PhaseJob job, TrainingLog log);

    /**
     * Checks before anything trains that {@code job} can be handed to the backend (an external
     * command's template names only known placeholders); throws IllegalArgumentException naming
     * what is wrong.
     */
    default void check(PhaseJob job) {}

    final class PhaseFailedException extends RuntimeException {
        public PhaseFailedException(String message) {
            super(message);
        }
    }
}
