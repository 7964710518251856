package dev.mixlab.mixtures.spec;

import java.nio.file.Path;
import java.util.List;

/**
 * What to evaluate and how to group it.
 *
 * @param categories {@code paper} (the study's categories) or a path to a categories YAML
 * @param tasks lm-eval-harness task names expected in imported results (empty = whatever is
 *     imported)
 * @param validationBpb per-source validation loss and bits per byte on the held-out shards (proxy
 *     runs)
 * @param probes next-line / next-sentence probe tasks generated from held-out data (proxy runs)
 * @param taskFiles multiple-choice task files (JSONL: context, choices, gold) scored by
 *     log-likelihood
 * @param command the evaluator of runs trained by the {@code command} and {@code slurm} backends: a
 *     template run once per completed phase (placeholders in docs/EVAL.md), or null
 * @param device what {@code {device}} says: {@code auto} (cuda where a GPU is visible, else cpu),
 *     or a device name passed as it is ({@code cpu}, {@code cuda:0})
 */
public record EvalSpec(
        String categories,
        List<String> tasks,
        boolean validationBpb,
        boolean probes,
        List<Path> taskFiles,
        TrainingSpec.CommandSpec command,
        String device) {
    public static final EvalSpec DEFAULT =
            new EvalSpec("paper", List.of(), true, true, List.of(), null, "auto");

    /** A task file's task: its file name without {@code .jsonl}. */
    public static String taskName(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".jsonl")
                ? name.substring(0, name.length() - ".jsonl".length())
                : name;
    }

    public EvalSpec {
        tasks = List.copyOf(tasks);
        taskFiles = List.copyOf(taskFiles);
        InvalidValueException.check(
                device != null && device.matches("[A-Za-z0-9_:.,-]+"),
                "device",
                "device must be auto or a device name such as cpu, cuda or cuda:0, found '"
                        + Names.printable(String.valueOf(device))
                        + "'");
        for (Path file : taskFiles) {
            InvalidValueException.check(
                    java.nio.file.Files.isRegularFile(file),
                    "task_files",
                    "task file " + file + " does not exist (paths are relative to the spec file)");
        }
    }
}
