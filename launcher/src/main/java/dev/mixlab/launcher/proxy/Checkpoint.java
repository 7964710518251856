package dev.mixlab.launcher.proxy;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.mixlab.filters.Failures;
import dev.mixlab.io.FileTrees;
import dev.mixlab.io.Publish;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A proxy checkpoint directory: {@code model.ndlist} (named parameter arrays, DJL's NDList
 * encoding), {@code optimizer.ndlist} (AdamW moments) and {@code state.json}. Phase {@code P} of a
 * run keeps its latest in-phase checkpoint at {@code checkpoints/P/step-NNNNNNN/} and its end at
 * {@code checkpoints/P/final/}. Each is written under a temporary name and renamed, so a directory
 * under its final name is complete.
 */
public record Checkpoint(Path dir, State state) {
    public static final String FINAL = "final";
    private static final ObjectMapper JSON =
            new ObjectMapper()
                    .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * @param run run id
     * @param phase phase name
     * @param model model size name
     * @param vocab embedding rows
     * @param phaseStep optimizer steps done in this phase
     * @param phaseSteps optimizer steps the phase has in all
     * @param runStep optimizer steps done in the run (all phases)
     * @param runTokens target tokens trained on in the run (all phases)
     * @param optimizerUpdates AdamW update count (bias correction)
     * @param manifestSha256 SHA-256 of the mixture's manifest.json the phase trains on
     * @param lastLoss the loss of the last step
     * @param dataCursor per mixture of the run's lineage, the next row to read (in stream order,
     *     counting past the end when a phase started a new pass): where a phase that continues this
     *     checkpoint starts on that mixture; null in checkpoints of earlier versions
     */
    public record State(
            String run,
            String phase,
            String model,
            int vocab,
            long phaseStep,
            long phaseSteps,
            long runStep,
            long runTokens,
            long optimizerUpdates,
            String manifestSha256,
            double lastLoss,
            java.util.Map<String, Long> dataCursor) {
        public boolean complete() {
            return phaseStep == phaseSteps;
        }
    }

    public static Path phaseDir(Path runDir, String phase) {
        return runDir.resolve("checkpoints").resolve(phase);
    }

    /** The end-of-phase checkpoint, if the phase finished. */
    public static Optional<Checkpoint> finalOf(Path runDir, String phase) {
        Path dir = phaseDir(runDir, phase).resolve(FINAL);
        return Files.isRegularFile(dir.resolve("state.json"))
                ? Optional.of(read(dir))
                : Optional.empty();
    }

    /** The latest in-phase checkpoint, if any. */
    public static Optional<Checkpoint> latestOf(Path runDir, String phase) {
        Path dir = phaseDir(runDir, phase);
        if (!Files.isDirectory(dir)) return Optional.empty();
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(
                            p ->
                                    p.getFileName().toString().matches("step-\\d+")
                                            && Files.isRegularFile(p.resolve("state.json")))
                    .max(Comparator.comparing(p -> p.getFileName().toString()))
                    .map(Checkpoint::read);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list checkpoints in " + dir, e);
        }
    }

    public static Checkpoint read(Path dir) {
        try {
            return new Checkpoint(
                    dir, JSON.readValue(dir.resolve("state.json").toFile(), State.class));
        } catch (IOException | RuntimeException e) {
            throw new CorruptException(dir.resolve("state.json"), null, e);
        }
    }

    /**
     * A checkpoint file that cannot be read or restored (truncated, overwritten, from another
     * model). The message names the file, the run, phase and step, and how to go on: without this
     * checkpoint the run resumes from the one before it, or {@code --restart} trains it afresh.
     */
    public static final class CorruptException extends RuntimeException {
        CorruptException(Path file, State state, Throwable cause) {
            super(
                    "checkpoint file "
                            + file
                            + (state == null
                                    ? ""
                                    : " (run "
                                            + state.run()
                                            + ", phase '"
                                            + state.phase()
                                            + "', step "
                                            + state.phaseStep()
                                            + " of "
                                            + state.phaseSteps()
                                            + ")")
                            + " is corrupt: "
                            + Failures.describeRootCause(cause)
                            + "; delete "
                            + file.getParent()
                            + " to resume from the checkpoint before it, or train the run from scratch with --restart"
                            + (state == null ? "" : " " + state.run()),
                    cause);
        }
    }

    /** The model's arrays, restored by {@code restore} (which checks names and shapes). */
    public <T> T model(NDManager manager, Function<NDList, T> restore) {
        return load(manager, "model.ndlist", restore);
    }

    /** The optimizer's arrays, restored by {@code restore}. */
    public <T> T optimizer(NDManager manager, Function<NDList, T> restore) {
        return load(manager, "optimizer.ndlist", restore);
    }

    private <T> T load(NDManager manager, String file, Function<NDList, T> restore) {
        Path path = dir.resolve(file);
        try {
            return restore.apply(NDList.decode(manager, Files.readAllBytes(path)));
        } catch (IOException | RuntimeException e) {
            throw new CorruptException(path, state, e);
        }
    }

    /**
     * Writes a checkpoint of {@code state} into the phase's directory (as {@code final} when the
     * phase is complete) and deletes the phase's older in-phase checkpoints.
     */
    public static Checkpoint write(Path runDir, State state, ProxyModel model, AdamW optimizer) {
        Path phaseDir = phaseDir(runDir, state.phase());
        String name = state.complete() ? FINAL : String.format("step-%07d", state.phaseStep());
        Path target = phaseDir.resolve(name);
        Path partial = phaseDir.resolve("." + name + ".partial");
        try {
            Files.createDirectories(phaseDir);
            FileTrees.delete(partial);
            Files.createDirectories(partial);
            Files.write(partial.resolve("model.ndlist"), model.toNDList().encode());
            Files.write(partial.resolve("optimizer.ndlist"), optimizer.toNDList().encode());
            JSON.writeValue(partial.resolve("state.json").toFile(), state);
            Publish.directory(partial, target);
            try (Stream<Path> entries = Files.list(phaseDir)) {
                for (Path old :
                        entries.filter(
                                        p ->
                                                p.getFileName().toString().matches("step-\\d+")
                                                        && !p.equals(target))
                                .toList()) {
                    FileTrees.delete(old);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot write checkpoint " + target + ": " + e.getMessage(), e);
        }
        return new Checkpoint(target, state);
    }
}
