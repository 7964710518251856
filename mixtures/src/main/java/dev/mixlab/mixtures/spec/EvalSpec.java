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
 */
public record EvalSpec(
        String categories,
        List<String> tasks,
        boolean validationBpb,
        boolean probes,
        List<Path> taskFiles) {
    public static final EvalSpec DEFAULT = new EvalSpec("paper", List.of(), true, true, List.of());

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
        for (Path file : taskFiles) {
            InvalidValueException.check(
                    java.nio.file.Files.isRegularFile(file),
                    "task_files",
                    "task file " + file + " does not exist (paths are relative to the spec file)");
        }
    }
}
