package dev.mixlab.pipelines.mix;

import dev.mixlab.filters.Failures;
import dev.mixlab.mixtures.WorkDir;
import dev.mixlab.mixtures.build.MixtureBuilder;
import dev.mixlab.mixtures.build.MixtureInputException;
import dev.mixlab.mixtures.build.MixtureLayout;
import dev.mixlab.mixtures.build.MixtureManifest;
import dev.mixlab.mixtures.build.MixtureManifest.SourceSummary;
import dev.mixlab.mixtures.build.MixtureManifest.SplitSummary;
import dev.mixlab.mixtures.build.MixtureOutput;
import dev.mixlab.mixtures.build.MixturePlan;
import dev.mixlab.mixtures.build.ShardWriter.ShardInfo;
import dev.mixlab.mixtures.pool.Pool;
import dev.mixlab.mixtures.pool.PoolRecord;
import dev.mixlab.mixtures.pool.PoolStats;
import dev.mixlab.mixtures.spec.AblationSpec;
import dev.mixlab.mixtures.spec.MixtureSpec;
import dev.mixlab.mixtures.spec.SourceSpec;
import dev.mixlab.pipelines.runner.RunnerChoice;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;

/**
 * {@code mixlab mix}: builds every mixture that has no finished build for its current inputs, as
 * one Beam job ({@link MixturePipeline}), with the same files as the single-JVM {@link
 * MixtureBuilder}.
 *
 * <p>Every mixture is planned first (pools found, shares checked against {@code max_repetition}),
 * so a configuration error stops the command before anything is written. A mixture whose manifest
 * carries its inputs' fingerprint is reused. The others are written into {@code
 * .<mixture>.partial-<fingerprint>} ({@link MixtureOutput}); after the job the launcher assembles
 * {@code manifest.json} from the workers' reports, writes it last and renames the directory into
 * place. An interrupted run resumes in the same partial directory and keeps its completed shards.
 */
public final class Mixer {
    /** What happened to one mixture. */
    public record MixResult(String mixture, Path dir, boolean reused, MixtureManifest manifest) {}

    private final AblationSpec spec;
    private final WorkDir workDir;
    private final Function<SourceSpec, Path> poolDirs;
    private final RunnerChoice runner;
    private final MixtureBuilder.Options options;
    private final PrintStream log;

    /**
     * @param poolDirs the pool directory of a source for its current fingerprint ({@code
     *     Curator::poolDir})
     * @param options shard size, shuffle window, gather window, Parquet layout and build time, as
     *     for {@link MixtureBuilder} (its listener is not called: the shards are written by
     *     workers)
     */
    public Mixer(
            AblationSpec spec,
            WorkDir workDir,
            Function<SourceSpec, Path> poolDirs,
            RunnerChoice runner,
            MixtureBuilder.Options options,
            PrintStream log) {
        this.spec = spec;
        this.workDir = workDir;
        this.poolDirs = poolDirs;
        this.runner = runner;
        this.options = options;
        this.log = log;
    }

    /** A mixture to be built. */
    private record Pending(
            MixtureSpec mixture,
            MixtureManifest.Inputs inputs,
            Path outDir,
            Path partial,
            SplitTarget train,
            SplitTarget validation) {}

    /**
     * Mixes {@code mixtures} (all when empty), results in spec order.
     *
     * @param force rebuild even mixtures that are up to date
     * @throws MixtureInputException (exit 2) when a mixture cannot be made from its pools; nothing
     *     was written
     */
    public List<MixResult> mix(List<String> mixtures, boolean force) {
        Map<String, MixResult> results = new LinkedHashMap<>();
        List<Pending> pending = new ArrayList<>();
        for (MixtureSpec mixture : spec.mixtures()) {
            if (!mixtures.isEmpty() && !mixtures.contains(mixture.name())) continue;
            Pending planned = plan(mixture);
            if (!force && MixtureOutput.isBuilt(planned.outDir(), planned.inputs().fingerprint())) {
                log.printf("%s: mixture is up to date (%s)%n", mixture.name(), planned.outDir());
                results.put(
                        mixture.name(),
                        new MixResult(
                                mixture.name(),
                                planned.outDir(),
                                true,
                                MixtureManifest.read(planned.outDir())));
            } else {
                results.put(mixture.name(), null);
                pending.add(planned);
            }
        }
        if (!pending.isEmpty()) {
            for (Pending p : pending) prepare(p.partial(), force);
            run(pending);
            for (Pending p : pending) results.put(p.mixture().name(), finish(p));
        }
        return List.copyOf(results.values());
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
                            Path dir = poolDirs.apply(sourceSpec);
                            if (!Files.isRegularFile(dir.resolve(PoolStats.FILE_NAME))) {
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

    private Pending plan(MixtureSpec mixture) {
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
        Path outDir = workDir.mixture(mixture.name()).toAbsolutePath();
        Path partial = MixtureOutput.partialDir(outDir, inputs.fingerprint());
        return new Pending(
                mixture,
                inputs,
                outDir,
                partial,
                target(plan, PoolRecord.Split.TRAIN, dirs, partial),
                target(plan, PoolRecord.Split.VALIDATION, dirs, partial));
    }

    private SplitTarget target(
            MixturePlan plan, PoolRecord.Split split, Map<String, String> poolDirs, Path partial) {
        MixtureLayout layout =
                MixtureLayout.of(plan, split, options.rowsPerShard(), options.shuffleWindow());
        return new SplitTarget(
                plan,
                layout,
                poolDirs,
                partial.toString(),
                options.gatherWindowTokens(),
                options.parquet());
    }

    private static void prepare(Path partial, boolean force) {
        try {
            if (force) MixtureOutput.deleteRecursively(partial);
            Files.createDirectories(partial);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + partial + ": " + e.getMessage(), e);
        }
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
        try {
            state = pipeline.run().waitUntilFinish();
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
    }

    /**
     * Assembles the manifest from the workers' reports, writes it last and moves the mixture into
     * place.
     */
    private MixResult finish(Pending p) {
        SplitSummary train = summary(p.train());
        SplitSummary validation = summary(p.validation());
        WorkerReports.remove(p.partial());
        MixtureManifest manifest = p.inputs().manifest(train, validation, options.buildTime());
        manifest.write(p.partial());
        try {
            MixtureOutput.moveIntoPlace(p.partial(), p.outDir(), manifest.fingerprint());
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot move " + p.partial() + " to " + p.outDir() + ": " + e.getMessage(), e);
        }
        log.printf(
                Locale.ROOT,
                "%s: built %s (train %,d rows in %d shard(s), validation %,d rows)%n",
                p.mixture().name(),
                p.outDir(),
                train.rows(),
                train.shards().size(),
                validation.rows());
        return new MixResult(p.mixture().name(), p.outDir(), false, manifest);
    }

    private static SplitSummary summary(SplitTarget target) {
        Path outDir = Path.of(target.outDir());
        Map<String, SourceSummary> sources = new LinkedHashMap<>();
        for (String source : target.layout().sources())
            sources.put(source, WorkerReports.source(outDir, target.split(), source));
        List<ShardInfo> shards = new ArrayList<>();
        for (int shard = 0; shard < target.layout().shardCount(); shard++)
            shards.add(WorkerReports.shard(outDir, target.split(), shard));
        return SplitSummary.of(target.layout(), target.plan().seqLen(), sources, shards);
    }
}
