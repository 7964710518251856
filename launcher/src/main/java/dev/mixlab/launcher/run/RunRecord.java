package dev.mixlab.launcher.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.mixlab.io.Publish;
import dev.mixlab.mixtures.spec.LrSchedule;
import dev.mixlab.mixtures.spec.ModelSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code runs/<run-id>/run.json}: the run as resolved from the spec (model, phases with their token
 * budgets, schedules and {@code init_from}), the SHA-256 of each phase's mixture manifest, the
 * backend and host, and the status of the run and of every phase. Rewritten atomically at each
 * change.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunRecord(
        String format,
        String id,
        String ablation,
        String recipe,
        ModelSpec model,
        long seed,
        String tokenizer,
        int vocab,
        int seqLen,
        int batchSize,
        double weightDecay,
        double gradClip,
        String backend,
        String host,
        String softwareVersion,
        Status status,
        String started,
        String ended,
        String error,
        List<Phase> phases) {
    public static final String FORMAT = "mixlab.run/1";
    public static final String FILE_NAME = "run.json";
    private static final ObjectMapper JSON =
            new ObjectMapper()
                    .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public enum Status {
        planned,
        running,
        submitted,
        completed,
        failed
    }

    /**
     * @param mixtureManifestSha256 SHA-256 of the mixture's manifest.json when the phase started
     *     (null before)
     * @param steps optimizer steps of the phase
     * @param initFrom {@code run/phase} this phase starts from, or null
     * @param checkpoint the phase's final checkpoint directory, relative to the run directory
     * @param finalLoss training loss of the last step (proxy backend)
     * @param tokensPerSecond training throughput of the phase (proxy backend)
     * @param mfu model FLOPs utilisation against the measured peak (proxy backend)
     * @param slurmJobId the phase's Slurm job (slurm backend)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Phase(
            String name,
            String mixture,
            long tokens,
            long steps,
            LrSchedule lr,
            String initFrom,
            String mixtureManifestSha256,
            Status status,
            String started,
            String ended,
            String checkpoint,
            Double finalLoss,
            Double tokensPerSecond,
            Double mfu,
            String slurmJobId) {
        public Phase withStatus(Status next) {
            return new Phase(
                    name,
                    mixture,
                    tokens,
                    steps,
                    lr,
                    initFrom,
                    mixtureManifestSha256,
                    next,
                    started,
                    ended,
                    checkpoint,
                    finalLoss,
                    tokensPerSecond,
                    mfu,
                    slurmJobId);
        }
    }

    public RunRecord {
        phases = List.copyOf(phases);
    }

    public Optional<Phase> phase(String name) {
        return phases.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public RunRecord withPhase(Phase updated) {
        List<Phase> next = new ArrayList<>();
        for (Phase p : phases) next.add(p.name().equals(updated.name()) ? updated : p);
        return new RunRecord(
                format,
                id,
                ablation,
                recipe,
                model,
                seed,
                tokenizer,
                vocab,
                seqLen,
                batchSize,
                weightDecay,
                gradClip,
                backend,
                host,
                softwareVersion,
                status,
                started,
                ended,
                error,
                next);
    }

    public RunRecord withStatus(
            Status next, String startedAt, String endedAt, String errorMessage) {
        return new RunRecord(
                format,
                id,
                ablation,
                recipe,
                model,
                seed,
                tokenizer,
                vocab,
                seqLen,
                batchSize,
                weightDecay,
                gradClip,
                backend,
                host,
                softwareVersion,
                next,
                startedAt,
                endedAt,
                errorMessage,
                phases);
    }

    public static Optional<RunRecord> read(Path runDir) {
        Path file = runDir.resolve(FILE_NAME);
        if (!Files.exists(file)) return Optional.empty();
        try {
            return Optional.of(JSON.readValue(file.toFile(), RunRecord.class));
        } catch (IOException e) {
            throw new IllegalStateException(
                    file
                            + " is not a readable run record ("
                            + e.getMessage().lines().findFirst().orElse("")
                            + "); move the run directory away or retrain with `mixlab train --restart "
                            + runDir.getFileName()
                            + "`",
                    e);
        }
    }

    public void write(Path runDir) {
        Publish.file(
                runDir.resolve(FILE_NAME), temporary -> JSON.writeValue(temporary.toFile(), this));
    }
}
