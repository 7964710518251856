package dev.mixlab.pipelines.mix;

import dev.mixlab.io.StoragePaths;
import dev.mixlab.mixtures.assembly.MixtureBuilder;
import dev.mixlab.mixtures.assembly.MixtureManifest.SplitSummary;
import dev.mixlab.mixtures.assembly.MixtureRow;
import dev.mixlab.mixtures.pool.Pool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;

/**
 * The shards of one or more mixtures as a Beam pipeline that reads like its data flow:
 * SplitsToWrite → SpreadSplits → WriteSplits.
 *
 * <p>The work unit is one split of one mixture: a worker runs all of its sources' packers, merges
 * their rows in the schedule's order and writes its shards, exactly as the single-JVM {@link
 * MixtureBuilder} does ({@link MixtureBuilder#writeSplit}, the same code). Token data never enters
 * the runner's shuffle; only the split indices do (spread over workers), and each worker reports
 * what it wrote through {@link WorkerReports}, from which the launcher ({@link Mixer}) writes the
 * manifest. A sweep of n mixtures is 2n units, so mixtures, not rows, are spread over workers; a
 * worker holds its packers' gather windows and one row per source, whatever the budget. The bytes
 * of a shard are a function of the plan alone, so any runner and any parallelism write the same
 * files as {@code MixtureBuilder}. The CPU time of packing and writing is measured per stage
 * ({@link MixStages}).
 */
public final class MixturePipeline {
    private MixturePipeline() {}

    /** Adds the building of every split in {@code targets} to {@code pipeline}. */
    static void build(Pipeline pipeline, List<SplitTarget> targets) {
        pipeline.apply(
                        "SplitsToWrite",
                        Create.of(IntStream.range(0, targets.size()).boxed().toList())
                                .withCoder(VarIntCoder.of()))
                // Spreads the (few) splits over workers; Create alone would hand them all to one.
                .apply("SpreadSplits", Reshuffle.viaRandomKey())
                .apply("WriteSplits", ParDo.of(new WriteSplitFn(targets)));
    }

    private static final class WriteSplitFn extends DoFn<Integer, Void> {
        private final List<SplitTarget> targets;

        WriteSplitFn(List<SplitTarget> targets) {
            this.targets = List.copyOf(targets);
        }

        @ProcessElement
        public void process(ProcessContext c) {
            SplitTarget target = targets.get(c.element());
            Path outDir = StoragePaths.of(target.outDir());
            if (WorkerReports.hasSplit(outDir, target.split()))
                return; // written completely by an earlier run of this bundle
            MixStages.Clock clock = MixStages.clock();
            Map<String, Pool> pools = new LinkedHashMap<>();
            target.poolDirs()
                    .forEach((source, dir) -> pools.put(source, Pool.open(StoragePaths.of(dir))));
            try {
                SplitSummary summary =
                        MixtureBuilder.writeSplit(
                                target.plan(),
                                target.layout(),
                                pools,
                                outDir,
                                MixtureBuilder.Options.DEFAULTS
                                        .withGatherWindowTokens(target.gatherWindowTokens())
                                        .withParquet(target.parquet()),
                                rows -> new PackingTimed(rows, clock));
                clock.lap(MixStages.WRITE);
                WorkerReports.splitWritten(outDir, target.split(), summary);
            } catch (IOException e) {
                throw new UncheckedIOException(
                        target.describe()
                                + ": cannot write its shards in "
                                + outDir
                                + ": "
                                + e.getMessage(),
                        e);
            }
        }
    }

    /**
     * A shard's rows, charging the time spent producing each to packing and the time between them
     * (the shard writer's) to writing; the time before the first row (opening the pools, the
     * packers' first scans) is packing too.
     */
    private static final class PackingTimed implements Iterator<MixtureRow> {
        private final Iterator<MixtureRow> rows;
        private final MixStages.Clock clock;

        PackingTimed(Iterator<MixtureRow> rows, MixStages.Clock clock) {
            this.rows = rows;
            this.clock = clock;
        }

        @Override
        public boolean hasNext() {
            return rows.hasNext();
        }

        @Override
        public MixtureRow next() {
            clock.lap(clock.started() ? MixStages.WRITE : MixStages.PACK);
            MixtureRow row = rows.next();
            clock.lap(MixStages.PACK);
            return row;
        }
    }
}
