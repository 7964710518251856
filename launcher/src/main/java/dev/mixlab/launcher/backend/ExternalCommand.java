package dev.mixlab.launcher.backend;

import java.nio.file.Path;
import java.util.Map;

/**
 * A rendered shell command that is not a training phase (an evaluator), to run on a training
 * backend's machines: under {@code /bin/sh -c} in {@code workingDir}, its output (stdout and
 * stderr) in {@code logFile}.
 *
 * @param jobName names the Slurm job
 * @param line the command line, placeholders already filled
 * @param env extra environment variables
 * @param workingDir where it runs; the Slurm script is written there too
 * @param logFile where its output goes (replaced at each run)
 */
public record ExternalCommand(
        String jobName, String line, Map<String, String> env, Path workingDir, Path logFile) {

    /** Runs {@link ExternalCommand}s; a failure throws with the log file named. */
    public interface Runner {
        /**
         * Runs {@code command} to its end.
         *
         * @return the Slurm job id, or null when it ran in a local process
         * @throws TrainingBackend.PhaseFailedException when it exits non-zero or its job does not
         *     complete; the message names the log file
         */
        String run(ExternalCommand command);
    }
}
