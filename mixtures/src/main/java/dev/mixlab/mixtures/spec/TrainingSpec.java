package dev.mixlab.mixtures.spec;

import dev.mixlab.filters.Suggestions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Training defaults shared by all runs; phases may override the learning-rate schedule.
 *
 * @param backend {@code proxy} (in-process), {@code command} or {@code slurm}
 * @param batchSize sequences per optimizer step (the paper: 512)
 * @param lr default schedule of a phase
 * @param weightDecay AdamW weight decay
 * @param gradClip global gradient-norm clip
 * @param checkpointEvery optimizer steps between proxy checkpoints (a phase's end is always
 *     checkpointed)
 * @param logEvery optimizer steps between proxy {@code metrics.csv} rows (the first and last step
 *     are always logged)
 * @param command the external trainer's command line ({@code command} and {@code slurm} backends),
 *     or null
 * @param slurm sbatch settings ({@code slurm} backend), or null
 */
public record TrainingSpec(
        String backend,
        int batchSize,
        LrSchedule lr,
        double weightDecay,
        double gradClip,
        int checkpointEvery,
        int logEvery,
        CommandSpec command,
        SlurmSpec slurm) {
    public static final List<String> BACKENDS = List.of("proxy", "command", "slurm");

    /**
     * Sequences per step at most: far above published global batches (the paper: 512; the largest
     * LLM recipes: a few thousand), low enough that a slip fails here and not out of memory.
     */
    public static final int MAX_BATCH_SIZE = 65_536;

    public static final TrainingSpec DEFAULT =
            new TrainingSpec("proxy", 512, LrSchedule.DEFAULT, 0.1, 1.0, 50, 10, null, null);

    public TrainingSpec {
        InvalidValueException.check(
                BACKENDS.contains(backend),
                "backend",
                "unknown backend '"
                        + backend
                        + "'"
                        + Suggestions.didYouMean(backend, BACKENDS)
                        + "; use one of "
                        + BACKENDS);
        InvalidValueException.checkRange(batchSize, MAX_BATCH_SIZE, "batch_size", "sequences");
        InvalidValueException.check(weightDecay >= 0, "weight_decay", "weight_decay must be ≥ 0");
        InvalidValueException.check(gradClip > 0, "grad_clip", "grad_clip must be > 0");
        InvalidValueException.check(
                checkpointEvery > 0, "checkpoint_every", "checkpoint_every must be > 0 steps");
        InvalidValueException.check(logEvery > 0, "log_every", "log_every must be > 0 steps");
        InvalidValueException.check(
                backend.equals("proxy") || command != null,
                "command",
                "backend '"
                        + backend
                        + "' runs an external trainer: give training.command.template (see docs/TRAINING.md)");
    }

    /**
     * An external trainer's command line. {@code template} is run by {@code /bin/sh -c} after its
     * {@code {placeholders}} are replaced (docs/TRAINING.md lists them); {@code env} is added to
     * the environment.
     */
    public record CommandSpec(String template, Map<String, String> env) {
        public CommandSpec {
            InvalidValueException.check(
                    template != null && !template.isBlank(),
                    "template",
                    "the command template is empty");
            for (String name : env.keySet()) {
                InvalidValueException.check(
                        name.matches("[A-Za-z_][A-Za-z0-9_]*"),
                        "env",
                        "'"
                                + Names.printable(name)
                                + "' is not an environment variable name (letters, digits and '_',"
                                + " not starting with a digit)");
            }
            env = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(env));
        }
    }

    /**
     * How the {@code slurm} backend wraps the command in an sbatch script.
     *
     * @param directives {@code #SBATCH --key=value} lines, e.g. {@code partition}, {@code
     *     gpus-per-node}, {@code time}
     * @param setup shell lines run before the command (module loads, environment activation)
     * @param pollSeconds seconds between {@code squeue}/{@code sacct} polls
     */
    public record SlurmSpec(Map<String, String> directives, List<String> setup, int pollSeconds) {
        public SlurmSpec {
            directives = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(directives));
            setup = List.copyOf(setup);
            for (Map.Entry<String, String> d : directives.entrySet()) {
                InvalidValueException.check(
                        d.getKey().matches("[a-z][a-z0-9-]*"),
                        "directives",
                        "sbatch directive '"
                                + Names.printable(d.getKey())
                                + "' is not a long option name (e.g. partition, gpus-per-node, time)");
                InvalidValueException.check(
                        d.getValue().chars().noneMatch(Character::isISOControl),
                        "directives",
                        "the value of sbatch directive '"
                                + d.getKey()
                                + "' holds a control character ('"
                                + Names.printable(d.getValue())
                                + "'); an #SBATCH line is one line");
            }
            InvalidValueException.check(
                    pollSeconds > 0, "poll_seconds", "poll_seconds must be > 0");
        }
    }
}
