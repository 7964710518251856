package dev.mixlab.launcher.proxy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.mixlab.filters.InvalidRequestException;
import dev.mixlab.launcher.PhaseJob;
import dev.mixlab.launcher.run.ManifestHash;
import dev.mixlab.launcher.run.MetricsCsv;
import dev.mixlab.launcher.run.TrainingLog;
import dev.mixlab.mixtures.assembly.MixtureManifest;
import dev.mixlab.mixtures.assembly.MixtureRow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Trains one phase of a proxy run on the mixture's train shards, in manifest order: step {@code s}
 * sees rows {@code s·batch … (s+1)·batch − 1}, so the model sees exactly the mixture's rows in the
 * order that keeps its proportions in every prefix. Attention is kept inside documents using {@code
 * doc_starts}.
 *
 * <p>Resumable: a phase with an in-phase checkpoint continues from it (weights, AdamW moments, step
 * and row position), after checking that the mixture's manifest is the one the phase started on;
 * the metrics rows logged after that checkpoint are dropped and logged again.
 */
public final class ProxyTrainer {
    /**
     * Thrown when a phase would resume on a mixture whose manifest changed since the phase started.
     */
    public static final class ManifestChangedException extends InvalidRequestException {
        ManifestChangedException(String message) {
            super(message);
        }
    }

    /**
     * Thrown when a phase cannot read the rows it should: too few left in its mixture, or the
     * checkpoint it continues stopped reading the mixture elsewhere than the phase starts.
     */
    public static final class DataOrderException extends InvalidRequestException {
        DataOrderException(String message) {
            super(message);
        }
    }

    /** How a phase ended: its counters and the speed of the steps trained in this process. */
    public record Outcome(
            long phaseSteps,
            long runStep,
            long runTokens,
            double firstLoss,
            double lastLoss,
            double tokensPerSecond,
            double mfu,
            boolean alreadyComplete) {}

    private ProxyTrainer() {}

    public static Outcome train(PhaseJob job, TrainingLog log) {
        Optional<Checkpoint> done = Checkpoint.finalOf(job.runDir(), job.phase());
        if (done.isPresent()) {
            Checkpoint.State s = done.get().state();
            return new Outcome(
                    s.phaseSteps(),
                    s.runStep(),
                    s.runTokens(),
                    Double.NaN,
                    s.lastLoss(),
                    Double.NaN,
                    Double.NaN,
                    true);
        }
        MixtureManifest manifest = MixtureManifest.read(job.mixtureDir());
        String manifestSha = ManifestHash.of(job.mixtureDir());
        if (manifest.spec().seqLen() != job.seqLen()) {
            throw new IllegalStateException(
                    "mixture "
                            + job.mixtureDir()
                            + " has seq_len "
                            + manifest.spec().seqLen()
                            + " but the run expects "
                            + job.seqLen());
        }
        long total = manifest.train().rows();
        if (total == 0 || (!job.newEpoch() && job.startRow() + job.rows() > total)) {
            throw new DataOrderException(
                    "phase '"
                            + job.phase()
                            + "' of run "
                            + job.runId()
                            + " needs "
                            + job.rows()
                            + " rows of mixture "
                            + mixture(job)
                            + " from row "
                            + job.startRow()
                            + ", but the mixture has "
                            + total
                            + " rows: "
                            + Math.max(0, total - job.startRow())
                            + " left; raise the mixture's budget, or let the phase start a new pass over it (new_epoch: true)");
        }
        Engine engine = Engine.getEngine("PyTorch");
        try (NDManager root = engine.newBaseManager()) {
            Start start = start(job, root, manifestSha, total, log);
            try (ProxyModel model = start.model;
                    AdamW optimizer = start.optimizer;
                    ShardStream stream = ShardStream.train(job.mixtureDir(), manifest)) {
                return loop(job, log, engine, root, model, optimizer, stream, start, manifestSha);
            }
        }
    }

    /**
     * Where a phase starts: the model and optimizer, its step, the run's counters, and the data
     * cursor of the checkpoint it continues (mixture → next row; empty from scratch).
     */
    private record Start(
            ProxyModel model,
            AdamW optimizer,
            long phaseStep,
            long runStep,
            long runTokens,
            Map<String, Long> cursor) {}

    private static String mixture(PhaseJob job) {
        return job.mixtureDir().getFileName().toString();
    }

    /**
     * The data cursor a new phase inherits from {@code from}, after checking that it stopped
     * reading this phase's mixture where the phase starts (a checkpoint of an earlier version has
     * no cursor and is not checked).
     */
    private static Map<String, Long> inherit(PhaseJob job, Checkpoint from, long mixtureRows) {
        Map<String, Long> cursor = from.state().dataCursor();
        if (cursor == null) return new LinkedHashMap<>();
        long next = cursor.getOrDefault(mixture(job), 0L) % mixtureRows;
        if (next != job.startRow()) {
            throw new DataOrderException(
                    "phase '"
                            + job.phase()
                            + "' of run "
                            + job.runId()
                            + " should start at row "
                            + job.startRow()
                            + " of mixture "
                            + mixture(job)
                            + ", but the checkpoint it continues ("
                            + from.dir()
                            + ") stopped reading it at row "
                            + next
                            + "; that run was trained under other settings: retrain it with --restart");
        }
        return new LinkedHashMap<>(cursor);
    }

    /** The model saved in {@code checkpoint}, shaped as the job's model. */
    private static ProxyModel restoreModel(Checkpoint checkpoint, PhaseJob job, NDManager root) {
        return checkpoint.model(
                root,
                arrays -> ProxyModel.restore(root, job.model(), job.vocab(), job.seqLen(), arrays));
    }

    /**
     * Weights and optimizer state from {@code checkpoint}, to go on at {@code phaseStep} of the
     * job's phase (the checkpoint's own step when resuming it, 0 when continuing the phase before),
     * reading on from {@code dataCursor}.
     */
    private static Start restore(
            Checkpoint checkpoint,
            PhaseJob job,
            NDManager root,
            long phaseStep,
            Map<String, Long> dataCursor) {
        ProxyModel model = restoreModel(checkpoint, job, root);
        AdamW optimizer = new AdamW(root, model.parameters(), job.weightDecay(), job.gradClip());
        Checkpoint.State state = checkpoint.state();
        checkpoint.optimizer(
                root,
                arrays -> {
                    optimizer.restore(arrays, state.optimizerUpdates());
                    return optimizer;
                });
        return new Start(
                model, optimizer, phaseStep, state.runStep(), state.runTokens(), dataCursor);
    }

    private static Start start(
            PhaseJob job, NDManager root, String manifestSha, long mixtureRows, TrainingLog log) {
        Optional<Checkpoint> resume = Checkpoint.latestOf(job.runDir(), job.phase());
        if (resume.isPresent()) {
            Checkpoint c = resume.get();
            Checkpoint.State s = c.state();
            if (!s.manifestSha256().equals(manifestSha)) {
                throw new ManifestChangedException(
                        "run "
                                + job.runId()
                                + " phase '"
                                + job.phase()
                                + "' started on mixture "
                                + job.mixtureDir().getFileName()
                                + " with manifest sha256 "
                                + s.manifestSha256()
                                + ", but its manifest is now "
                                + manifestSha
                                + " (the mixture was rebuilt); resuming would mix two datasets in one phase. Restore the mixture, "
                                + "or retrain the run from scratch with `mixlab train --restart "
                                + job.runId()
                                + "`");
            }
            Start resumed =
                    restore(
                            c,
                            job,
                            root,
                            s.phaseStep(),
                            s.dataCursor() == null
                                    ? new LinkedHashMap<>()
                                    : new LinkedHashMap<>(s.dataCursor()));
            log.line(
                    "phase "
                            + job.phase()
                            + ": resuming from checkpoint "
                            + c.dir().getFileName()
                            + " at step "
                            + s.phaseStep()
                            + " of "
                            + s.phaseSteps());
            MetricsCsv.truncateAfter(job.runDir().resolve(MetricsCsv.FILE_NAME), s.runStep());
            return resumed;
        }
        if (job.previousPhase() != null) {
            Checkpoint previous =
                    Checkpoint.finalOf(job.runDir(), job.previousPhase())
                            .orElseThrow(
                                    () ->
                                            new IllegalStateException(
                                                    "phase '"
                                                            + job.phase()
                                                            + "' continues phase '"
                                                            + job.previousPhase()
                                                            + "' of run "
                                                            + job.runId()
                                                            + ", which has no final checkpoint"));
            Start continued = restore(previous, job, root, 0, inherit(job, previous, mixtureRows));
            log.line(
                    "phase "
                            + job.phase()
                            + ": continuing from phase "
                            + job.previousPhase()
                            + " (weights and optimizer state)");
            MetricsCsv.truncateAfter(
                    job.runDir().resolve(MetricsCsv.FILE_NAME), previous.state().runStep());
            return continued;
        }
        ProxyModel model;
        Map<String, Long> cursor = new LinkedHashMap<>();
        if (job.initCheckpoint() != null) {
            Checkpoint init = Checkpoint.read(job.initCheckpoint());
            cursor = inherit(job, init, mixtureRows);
            model = restoreModel(init, job, root);
            log.line(
                    "phase "
                            + job.phase()
                            + ": initialised from "
                            + init.state().run()
                            + "/"
                            + init.state().phase()
                            + " (weights only; a fresh optimizer for the new schedule)");
        } else {
            model = ProxyModel.initialise(root, job.model(), job.vocab(), job.seqLen(), job.seed());
            log.line(
                    "phase "
                            + job.phase()
                            + ": initialised model '"
                            + job.model().name()
                            + "' ("
                            + model.parameterCount()
                            + " parameters, "
                            + job.model().positions()
                            + " positions) from seed "
                            + job.seed());
        }
        MetricsCsv.truncateAfter(job.runDir().resolve(MetricsCsv.FILE_NAME), 0);
        return new Start(
                model,
                new AdamW(root, model.parameters(), job.weightDecay(), job.gradClip()),
                0,
                0,
                0,
                cursor);
    }

    private static Outcome loop(
            PhaseJob job,
            TrainingLog log,
            Engine engine,
            NDManager root,
            ProxyModel model,
            AdamW optimizer,
            ShardStream stream,
            Start start,
            String manifestSha) {
        long steps = job.steps();
        long rows = job.rows();
        double peak = PeakFlops.measure(root);
        double flopsPerToken = TrainingFlops.perToken(job.model(), job.vocab(), job.seqLen() - 1);
        log.line(
                String.format(
                        java.util.Locale.ROOT,
                        "phase %s: %d steps of %d rows (%d tokens) on %s; %.1f MFLOP/token; measured peak %.1f GFLOP/s",
                        job.phase(),
                        steps,
                        job.batchSize(),
                        job.tokens(),
                        job.mixtureDir().getFileName(),
                        flopsPerToken / 1e6,
                        peak / 1e9));
        long total = stream.totalRows();
        stream.seek((job.startRow() + start.phaseStep * job.batchSize()) % total);
        long firstRead = stream.position();
        long lastRead = -1;
        long rowsRead = 0;
        boolean newPass = false;
        Map<String, Long> cursor = new LinkedHashMap<>(start.cursor);
        long runStep = start.runStep;
        long runTokens = start.runTokens;
        double firstLoss = Double.NaN;
        double lastLoss = Double.NaN;
        long windowStart = System.nanoTime();
        long windowTokens = 0;
        long trainedTokens = 0;
        long trainingNanos = 0;
        java.nio.file.Path metrics = job.runDir().resolve(MetricsCsv.FILE_NAME);
        for (long step = start.phaseStep; step < steps; step++) {
            long stepStart = System.nanoTime();
            int batchRows = (int) Math.min(job.batchSize(), rows - step * job.batchSize());
            List<MixtureRow> batchList = new ArrayList<>(batchRows);
            for (int i = 0; i < batchRows; i++) {
                if (!stream.hasNext()) {
                    stream.rewind(); // new_epoch: checked before training
                    newPass = true;
                }
                batchList.add(stream.next());
                lastRead = stream.position() - 1;
                rowsRead++;
            }
            TrainingBatch batch = TrainingBatch.of(batchList, job.seqLen());
            double lr = job.lr().at(step, steps);
            try (NDManager scope = root.newSubManager();
                    GradientCollector collector = engine.newGradientCollector()) {
                Shape shape = new Shape(batch.rows(), batch.length());
                NDArray inputs = scope.create(batch.inputs(), shape);
                NDArray targets = scope.create(batch.targets(), shape);
                NDArray mask =
                        ProxyModel.documentCausalMask(
                                scope, batch.segments(), batch.rows(), batch.length());
                NDArray loss = model.loss(inputs, targets, mask);
                collector.backward(loss);
                lastLoss = loss.getFloat();
            }
            if (!Double.isFinite(lastLoss)) {
                throw new IllegalStateException(
                        "run "
                                + job.runId()
                                + " phase '"
                                + job.phase()
                                + "': loss is "
                                + lastLoss
                                + " at step "
                                + step
                                + "; lower the learning rate (peak "
                                + job.lr().peak()
                                + ") or raise warmup_steps");
            }
            optimizer.step(model.parameters(), lr);
            if (Double.isNaN(firstLoss)) firstLoss = lastLoss;
            runStep++;
            runTokens += batch.targetTokens();
            windowTokens += batch.targetTokens();
            trainedTokens += batch.targetTokens();
            trainingNanos += System.nanoTime() - stepStart;
            boolean last = step == steps - 1;
            if (step % job.logEvery() == 0 || last) {
                double seconds = (System.nanoTime() - windowStart) / 1e9;
                double tokensPerSecond = windowTokens / seconds;
                MetricsCsv.append(
                        metrics,
                        new MetricsCsv.Row(
                                job.phase(),
                                runStep,
                                runTokens,
                                lastLoss,
                                lr,
                                tokensPerSecond,
                                tokensPerSecond * flopsPerToken / peak));
                log.line(
                        String.format(
                                java.util.Locale.ROOT,
                                "phase %s step %d/%d loss %.4f lr %.3e %.0f tok/s",
                                job.phase(),
                                step + 1,
                                steps,
                                lastLoss,
                                lr,
                                tokensPerSecond));
                windowStart = System.nanoTime();
                windowTokens = 0;
            }
            if (last || (step + 1) % job.checkpointEvery() == 0) {
                cursor.put(
                        mixture(job),
                        job.startRow() + Math.min(rows, (step + 1) * job.batchSize()));
                Checkpoint.write(
                        job.runDir(),
                        new Checkpoint.State(
                                job.runId(),
                                job.phase(),
                                job.model().name(),
                                job.vocab(),
                                step + 1,
                                steps,
                                runStep,
                                runTokens,
                                optimizer.updates(),
                                manifestSha,
                                lastLoss,
                                new java.util.TreeMap<>(cursor)),
                        model,
                        optimizer);
            }
        }
        if (rowsRead > 0) {
            // The rows this process read, as the shard stream counted them: what data-order
            // tests and users check against run.json's start_row.
            log.line(
                    "phase "
                            + job.phase()
                            + ": read rows "
                            + (newPass
                                    ? firstRead + "–" + (total - 1) + " and 0–" + lastRead
                                    : firstRead + "–" + lastRead)
                            + " of mixture "
                            + mixture(job)
                            + " ("
                            + rowsRead
                            + " rows of "
                            + total
                            + (newPass ? "; a new pass from row 0" : "")
                            + ")");
        }
        double tokensPerSecond = trainedTokens / Math.max(1e-9, trainingNanos / 1e9);
        return new Outcome(
                steps,
                runStep,
                runTokens,
                firstLoss,
                lastLoss,
                tokensPerSecond,
                tokensPerSecond * flopsPerToken / peak,
                false);
    }

    /** Loads a finished phase's model for evaluation; the caller closes it. */
    public static ProxyModel load(
            NDManager manager,
            Checkpoint checkpoint,
            dev.mixlab.mixtures.spec.ModelSpec model,
            int seqLen) {
        return checkpoint.model(
                manager,
                arrays ->
                        ProxyModel.restore(
                                manager, model, checkpoint.state().vocab(), seqLen, arrays));
    }
}
