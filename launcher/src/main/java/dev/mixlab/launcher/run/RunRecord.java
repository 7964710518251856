package dev.mixlab.launcher.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
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
import java.util.Objects;
import java.util.Optional;

/**
 * {@code runs/<run-id>/run.json}: the run as resolved from the spec (its {@link Setup}), the status
 * of the run and of every phase, and what each phase trained on and reported. Rewritten atomically
 * at each change.
 *
 * <p>A record changes only through its named transitions ({@link #start}, {@link #complete}, {@link
 * #fail}, and the same on {@link Phase}), so a new field is declared once: in {@link Setup} when it
 * is fixed at planning time, on the record or phase when a transition sets it. The JSON stays flat:
 * the setup's fields sit at the top level and a phase's plan and result fields inside the phase.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunRecord(
        String format,
        @JsonUnwrapped Setup setup,
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
     * What the run is, fixed when it is planned: identity, model, data and optimizer settings, and
     * where it trains.
     *
     * @param id run id (the run directory's name)
     * @param softwareVersion the mixlab version that planned the run
     * @param configSha256 SHA-256 of {@code config} ({@link RunIdentity}); null in records of
     *     versions before run identities
     * @param config the resolved configuration that decides what the run learns, flat {@code key →
     *     value} ({@link RunIdentity}); null in records of earlier versions
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Setup(
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
            String configSha256,
            java.util.Map<String, String> config) {}

    /**
     * One phase as planned from the spec.
     *
     * @param steps optimizer steps of the phase
     * @param initFrom {@code run/phase} this phase starts from, or null
     * @param startRow the first row of the mixture the phase reads: where its lineage stopped
     *     reading the mixture (docs/TRAINING.md); null in records of earlier versions, which read
     *     every phase from row 0
     * @param rows rows the phase reads from {@code startRow} on (null in earlier records)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PhasePlan(
            String name,
            String mixture,
            long tokens,
            long steps,
            LrSchedule lr,
            String initFrom,
            Long startRow,
            Long rows) {}

    /**
     * A phase and how far it got.
     *
     * @param mixtureManifestSha256 SHA-256 of the mixture's manifest.json when the phase started
     *     (null before)
     * @param checkpoint the phase's final checkpoint directory, relative to the run directory
     * @param result what the backend reported; its Slurm job id is kept across attempts
     * @param evaluation the last run of the evaluator command on the phase's final checkpoint, or
     *     null (not evaluated, or evaluated in-process by the proxy evaluator)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Phase(
            @JsonUnwrapped PhasePlan plan,
            String mixtureManifestSha256,
            Status status,
            String started,
            String ended,
            String checkpoint,
            @JsonUnwrapped PhaseResult result,
            Evaluation evaluation) {

        public Phase {
            Objects.requireNonNull(plan, "plan");
            if (result == null) result = PhaseResult.NONE;
        }

        public Phase(
                PhasePlan plan,
                String mixtureManifestSha256,
                Status status,
                String started,
                String ended,
                String checkpoint,
                PhaseResult result) {
            this(plan, mixtureManifestSha256, status, started, ended, checkpoint, result, null);
        }

        /** Not started yet. */
        public static Phase planned(PhasePlan plan) {
            return new Phase(plan, null, Status.planned, null, null, null, PhaseResult.NONE);
        }

        /** The phase with the outcome of an evaluator run. */
        public Phase evaluated(Evaluation outcome) {
            return new Phase(
                    plan,
                    mixtureManifestSha256,
                    status,
                    started,
                    ended,
                    checkpoint,
                    result,
                    outcome);
        }

        public String name() {
            return plan.name();
        }

        public String mixture() {
            return plan.mixture();
        }

        /**
         * Starts (or restarts) training on the mixture whose manifest hashes to {@code
         * manifestSha256}: the first start time is kept, the outcome of an earlier attempt is
         * cleared except its Slurm job id.
         */
        public Phase start(String manifestSha256, String at) {
            return new Phase(
                    plan,
                    manifestSha256,
                    Status.running,
                    started != null ? started : at,
                    null,
                    null,
                    new PhaseResult(null, null, null, result.slurmJobId()));
        }

        /** Finished at {@code at} with its final checkpoint and what the backend reported. */
        public Phase complete(String at, String finalCheckpoint, PhaseResult reported) {
            return new Phase(
                    plan,
                    mixtureManifestSha256,
                    Status.completed,
                    started,
                    at,
                    finalCheckpoint,
                    reported);
        }

        public Phase fail() {
            return new Phase(
                    plan,
                    mixtureManifestSha256,
                    Status.failed,
                    started,
                    ended,
                    checkpoint,
                    result,
                    evaluation);
        }
    }

    /**
     * An evaluator command's run on a phase's final checkpoint.
     *
     * @param status {@code running}, {@code completed} (results imported) or {@code failed}
     * @param outputDir where the evaluator was told to write ({@code {output_dir}}), relative to
     *     the run directory
     * @param log the evaluator's output, relative to the run directory
     * @param results the results files imported, relative to the run directory
     * @param error why it failed (null unless failed)
     * @param slurmJobId the Slurm job that ran it (slurm backend)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Evaluation(
            Status status,
            String started,
            String ended,
            String outputDir,
            String log,
            List<String> results,
            String error,
            String slurmJobId) {}

    public RunRecord {
        Objects.requireNonNull(setup, "setup");
        phases = List.copyOf(phases);
    }

    /** A new run: every phase planned, nothing started. */
    public static RunRecord planned(Setup setup, List<PhasePlan> phases) {
        return new RunRecord(
                FORMAT,
                setup,
                Status.planned,
                null,
                null,
                null,
                phases.stream().map(Phase::planned).toList());
    }

    public String id() {
        return setup.id();
    }

    public Optional<Phase> phase(String name) {
        return phases.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** The record with {@code updated} in place of the phase of the same name. */
    public RunRecord withPhase(Phase updated) {
        List<Phase> next = new ArrayList<>();
        for (Phase p : phases) next.add(p.name().equals(updated.name()) ? updated : p);
        return new RunRecord(format, setup, status, started, ended, error, next);
    }

    /** Training (again) from {@code at}; a resumed run keeps its first start time. */
    public RunRecord start(String at) {
        return new RunRecord(
                format, setup, Status.running, started != null ? started : at, null, null, phases);
    }

    public RunRecord complete(String at) {
        return new RunRecord(format, setup, Status.completed, started, at, null, phases);
    }

    public RunRecord fail(String at, String errorMessage) {
        return new RunRecord(format, setup, Status.failed, started, at, errorMessage, phases);
    }

    /**
     * The record in {@code runDir}, if there is one.
     *
     * @throws CorruptException when run.json cannot be read as a run record, or its config does not
     *     hash to its config_sha256 (an edit by hand)
     */
    public static Optional<RunRecord> read(Path runDir) {
        Path file = runDir.resolve(FILE_NAME);
        if (!Files.exists(file)) return Optional.empty();
        RunRecord record;
        try {
            record = JSON.readValue(file.toFile(), RunRecord.class);
        } catch (IOException e) {
            throw new CorruptException(
                    file
                            + " is not a readable run record ("
                            + e.getMessage().lines().findFirst().orElse("")
                            + "); move the run directory away or retrain with `mixlab train --restart "
                            + runDir.getFileName()
                            + "`",
                    e);
        }
        if (record.phases() == null || record.status() == null || record.setup().id() == null) {
            throw new CorruptException(
                    file
                            + " is not a complete run record (no "
                            + (record.setup().id() == null
                                    ? "id"
                                    : record.status() == null ? "status" : "phases")
                            + "); move the run directory away or retrain with `mixlab train --restart "
                            + runDir.getFileName()
                            + "`",
                    null);
        }
        RunIdentity.checkRecorded(record, file);
        return Optional.of(record);
    }

    /** A run.json that is not a readable, consistent run record (exit 1: nothing is trained). */
    public static final class CorruptException extends IllegalStateException {
        public CorruptException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public void write(Path runDir) {
        Publish.file(
                runDir.resolve(FILE_NAME), temporary -> JSON.writeValue(temporary.toFile(), this));
    }
}
