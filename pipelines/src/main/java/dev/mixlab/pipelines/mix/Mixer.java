package dev.mixlab.pipelines.mix;

import dev.mixlab.filters.Failures;
import dev.mixlab.io.OutputLock;
import dev.mixlab.io.OutputStore;
import dev.mixlab.io.StoragePaths;
import dev.mixlab.mixtures.WorkDir;
import dev.mixlab.mixtures.assembly.MixtureBuilder;
import dev.mixlab.mixtures.assembly.MixtureInputException;
import dev.mixlab.mixtures.assembly.MixtureLayout;
import dev.mixlab.mixtures.assembly.MixtureManifest;
import dev.mixlab.mixtures.assembly.MixtureManifest.SplitSummary;
import dev.mixlab.mixtures.assembly.MixtureOutput;
import dev.mixlab.mixtures.assembly.MixturePlan;
import dev.mixlab.mixtures.export.MixtureExporter;
import dev.mixlab.mixtures.pool.Pool;
import dev.mixlab.mixtures.pool.PoolRecord;
import dev.mixlab.mixtures.pool.PoolStats;
import dev.mixlab.mixtures.spec.AblationSpec;
import dev.mixlab.mixtures.spec.MixtureSpec;
import dev.mixlab.mixtures.spec.SourceSpec;
import dev.mixlab.pipelines.read.ReadLimits;
import dev.mixlab.pipelines.runner.RunnerChoice;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;

/**
 * {@code mixlab mix}: builds every mixture that has no finished build for its current inputs, as
 * one Beam job ({@link MixturePipeline}), with the same files as the single-JVM {@link
 * MixtureBuilder}.
 *
 * <p>Every mixture is planned first (pools found, shares checked against {@code max_repetition}),
 * so a configuration error stops the command before anything is written. A mixture whose manifest
 * carries its inputs' fingerprint is reused. The others are locked (a second {@code mix} of the
 * same mixture is refused, naming the holder) and written into {@code
 * .<mixture>.partial-<fingerprint>} ({@link MixtureOutput}); after the job the launcher assembles
 * {@code manifest.json} from the workers' reports, writes it last and renames the directory into
 * place, holding exactly the files the manifest lists. An interrupted run resumes in the same
 * partial directory and keeps its completed shards.
 */
public final class Mixer {
    /** What happened to one mixture. */
    public record MixResult(String mixture, Path dir, boolean reused, MixtureManifest manifest) {}

    private final AblationSpec spec;
    private final WorkDir workDir;
    private final OutputStore store;
    private final ReadLimits limits;
    private final RunnerChoice runner;
    private final MixtureBuilder.Options options;
    private final PrintStream log;
    private int vocabularySize;
    private MixStages stages = MixStages.NONE;

    /**
     * @param limits the reader's bounds the pools were curated with (part of their fingerprint)
     * @param options shard size, shuffle window, gather window, Parquet layout and build time, as
     *     for {@link MixtureBuilder} (its listener is not called: the shards are written by
     *     workers)
     */
    public Mixer(
            AblationSpec spec,
            WorkDir workDir,
            ReadLimits limits,
            RunnerChoice runner,
            MixtureBuilder.Options options,
            PrintStream log) {
        this.spec = spec;
        this.workDir = workDir;
        this.store = workDir.store();
        this.limits = limits;
        this.runner = runner;
        this.options = options;
        this.log = log;
    }

    /** A planned mixture. */
    private record Planned(
            MixtureSpec mixture,
            MixturePlan plan,
            MixtureManifest.Inputs inputs,
            Map<String, String> poolDirs,
            Path outDir) {}

    /** A mixture being built, under its lock, in its staging directory. */
    private record Pending(
            Planned planned,
            OutputLock lock,
            OutputStore.Staging staging,
            SplitTarget train,
            SplitTarget validation) {
        MixtureSpec mixture() {
            return planned.mixture();
        }
    }

    /**
     * Mixes {@code mixtures} (all when empty), results in spec order.
     *
     * @param force rebuild even mixtures that are up to date
     * @throws MixtureInputException (exit 2) when a mixture cannot be made from its pools; nothing
     *     was written
     */
    public List<MixResult> mix(List<String> mixtures, boolean force) {
        stages = MixStages.NONE;
        Map<String, MixResult> results = new LinkedHashMap<>();
        if (!exports().formats().isEmpty()) exports().checkFits(vocabularySize());
        List<Planned> toBuild = new ArrayList<>();
        for (MixtureSpec mixture : spec.mixtures()) {
            if (!mixtures.isEmpty() && !mixtures.contains(mixture.name())) continue;
            Planned planned = plan(mixture);
            MixResult done = force ? null : reused(planned, null);
            results.put(mixture.name(), done);
            if (done == null) toBuild.add(planned);
        }
        List<Pending> pending = new ArrayList<>();
        try {
            for (Planned planned : toBuild) {
                OutputLock lock = store.lock(planned.outDir(), "mixlab mix");
                boolean building = false;
                try {
                    // The process that held the lock until now may have built it.
                    MixResult done = force ? null : reused(planned, lock);
                    if (done != null) {
                        results.put(planned.mixture().name(), done);
                        continue;
                    }
                    pending.add(prepare(planned, lock, force));
                    building = true;
                } finally {
                    if (!building) lock.close();
                }
            }
            if (!pending.isEmpty()) {
                run(pending);
                for (Pending p : pending) results.put(p.mixture().name(), finish(p));
            }
        } finally {
            for (Pending p : pending) p.lock().close();
        }
        return List.copyOf(results.values());
    }

    /**
     * The finished build of {@code planned}'s inputs, with the exports the spec asks for added
     * under the mixture's lock when it lacks some; null when there is none.
     *
     * @param held the mixture's lock when the caller holds it, else null
     */
    private MixResult reused(Planned planned, OutputLock held) {
        Path outDir = planned.outDir();
        if (!MixtureOutput.isBuilt(outDir, planned.inputs().fingerprint())) return null;
        store.removeAbandonedStaging(outDir); // what a killed --force rebuild left
        log.printf("%s: mixture is up to date (%s)%n", planned.mixture().name(), outDir);
        MixtureManifest manifest = MixtureManifest.read(outDir);
        if (!exports().formats().isEmpty()
                && !MixtureExporter.missing(manifest, exports(), vocabularySize()).isEmpty()) {
            try (OutputLock lock = held != null ? null : store.lock(outDir, "mixlab mix")) {
                manifest =
                        MixtureExporter.update(
                                outDir,
                                MixtureManifest.read(outDir),
                                exports(),
                                this::vocabularySize,
                                false,
                                log::println);
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "cannot export mixture '"
                                + planned.mixture().name()
                                + "': "
                                + e.getMessage(),
                        e);
            }
        }
        return new MixResult(planned.mixture().name(), outDir, true, manifest);
    }

    /**
     * The pool of every source with a positive weight in {@code mixture}: the complete pool for the
     * source's current inputs and settings.
     */
    public Map<String, Pool> pools(MixtureSpec mixture) {
        Map<String, Pool> pools = new LinkedHashMap<>();
        mixture.weights()
                .forEach(
                        (source, weight) -> {
                            if (weight <= 0) return;
                            SourceSpec sourceSpec =
                                    spec.source(source)
                                            .orElseThrow(
                                                    () ->
                                                            new MixtureInputException(
                                                                    "mixture '"
                                                                            + mixture.name()
                                                                            + "' weights source '"
                                                                            + source
                                                                            + "', which "
                                                                            + spec.file()
                                                                            + " does not declare"));
                            Path dir = workDir.pool(spec, sourceSpec, limits.toString());
                            if (!store.isPublished(dir, PoolStats.FILE_NAME)) {
                                throw new MixtureInputException(
                                        "mixture '"
                                                + mixture.name()
                                                + "': source '"
                                                + source
                                                + "' has no curated pool for its current inputs and settings (expected "
                                                + dir
                                                + "); run 'mixlab curate "
                                                + spec.file()
                                                + "' or 'mixlab build "
                                                + spec.file()
                                                + "' first");
                            }
                            pools.put(source, Pool.open(dir));
                        });
        return pools;
    }

    private Planned plan(MixtureSpec mixture) {
        Map<String, Pool> pools = pools(mixture);
        Map<String, PoolStats> stats = new LinkedHashMap<>();
        Map<String, String> dirs = new LinkedHashMap<>();
        pools.forEach(
                (source, pool) -> {
                    stats.put(source, pool.stats());
                    dirs.put(source, pool.dir().toAbsolutePath().toString());
                });
        MixturePlan plan = MixturePlan.of(mixture, spec.seqLen(), stats);
        MixtureManifest.Inputs inputs =
                MixtureManifest.Inputs.of(spec, mixture, plan, pools, options);
        return new Planned(mixture, plan, inputs, dirs, workDir.mixture(mixture.name()));
    }

    /**
     * The staging directory of {@code planned}, under its lock: an interrupted build's shards are
     * kept unless {@code force}.
     */
    private Pending prepare(Planned planned, OutputLock lock, boolean force) {
        OutputStore.Staging staging =
                MixtureOutput.stage(
                        store, planned.outDir(), planned.inputs().fingerprint(), !force);
        return new Pending(
                planned,
                lock,
                staging,
                target(planned, PoolRecord.Split.TRAIN, staging.dir()),
                target(planned, PoolRecord.Split.VALIDATION, staging.dir()));
    }

    private SplitTarget target(Planned planned, PoolRecord.Split split, Path staging) {
        MixtureLayout layout =
                MixtureLayout.of(
                        planned.plan(), split, options.rowsPerShard(), options.shuffleWindow());
        return new SplitTarget(
                planned.plan(),
                layout,
                planned.poolDirs(),
                staging.toString(),
                options.gatherWindowTokens(),
                options.parquet());
    }

    private void run(List<Pending> pending) {
        List<SplitTarget> targets = new ArrayList<>();
        long rows = 0;
        for (Pending p : pending) {
            targets.add(p.train());
            targets.add(p.validation());
            rows += p.train().layout().totalRows() + p.validation().layout().totalRows();
        }
        log.printf(
                Locale.ROOT,
                "mixing %s: %,d rows of %d tokens on %s%n",
                String.join(", ", pending.stream().map(p -> p.mixture().name()).toList()),
                rows,
                spec.seqLen(),
                runner.describe());
        Pipeline pipeline = Pipeline.create(runner.options("mixlab-mix-" + spec.name()));
        MixturePipeline.build(pipeline, targets);
        PipelineResult.State state;
        PipelineResult result;
        try {
            result = pipeline.run();
            state = result.waitUntilFinish();
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "the mixing job failed on "
                            + runner.describe()
                            + ": "
                            + Failures.describeRootCause(e)
                            + "; completed shards are kept, run the command again to resume",
                    e);
        }
        if (state != PipelineResult.State.DONE) {
            throw new IllegalStateException(
                    "the mixing job ended "
                            + state
                            + "; completed shards are kept, run the command again to resume");
        }
        stages = MixStages.of(result);
    }

    /**
     * CPU time per stage of the last mixing job this mixer ran ({@link MixStages#NONE} when every
     * mixture was reused).
     */
    public MixStages stages() {
        return stages;
    }

    /**
     * Assembles the manifest from the workers' reports, writes it last and moves the mixture into
     * place.
     */
    private MixResult finish(Pending p) {
        SplitSummary train = summary(p.train());
        SplitSummary validation = summary(p.validation());
        WorkerReports.remove(p.staging().dir());
        MixtureManifest manifest =
                p.planned().inputs().manifest(train, validation, options.buildTime());
        if (!exports().formats().isEmpty()) {
            try {
                manifest =
                        MixtureExporter.export(
                                p.staging().dir(),
                                manifest,
                                exports().formats(),
                                exports(),
                                vocabularySize(),
                                log::println);
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "cannot export mixture '"
                                + p.mixture().name()
                                + "' in "
                                + p.staging().dir()
                                + ": "
                                + e.getMessage(),
                        e);
            }
        }
        MixtureOutput.publish(p.staging(), manifest);
        Path outDir = p.planned().outDir();
        log.printf(
                Locale.ROOT,
                "%s: built %s (train %,d rows in %d shard(s), validation %,d rows)%n",
                p.mixture().name(),
                outDir,
                train.rows(),
                train.shards().size(),
                validation.rows());
        return new MixResult(p.mixture().name(), outDir, false, manifest);
    }

    /** What {@code shards.formats} asks for besides Parquet, made from the finished shards. */
    private MixtureExporter.Request exports() {
        return MixtureExporter.Request.of(spec.shards());
    }

    private int vocabularySize() {
        if (vocabularySize == 0)
            vocabularySize = MixtureExporter.vocabularySize(spec.tokenizer().factory());
        return vocabularySize;
    }

    private static SplitSummary summary(SplitTarget target) {
        return WorkerReports.split(StoragePaths.of(target.outDir()), target.split());
    }
}
