package dev.mixlab.pipelines.mix;

import dev.mixlab.io.StoragePaths;
import dev.mixlab.mixtures.assembly.MixtureLayout;
import dev.mixlab.mixtures.assembly.MixtureManifest.SourceSummary;
import dev.mixlab.mixtures.assembly.MixtureRow;
import dev.mixlab.mixtures.assembly.ShardGroup;
import dev.mixlab.mixtures.assembly.ShardWriter;
import dev.mixlab.mixtures.assembly.ShardWriter.ShardInfo;
import dev.mixlab.mixtures.assembly.SourcePacker;
import dev.mixlab.mixtures.pool.Pool;
import dev.mixlab.mixtures.pool.PoolRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.KV;

/**
 * The shards of one or more mixtures as a Beam pipeline that reads like its data flow:
 * SourcesToPack → PackSources → GroupByShard → WriteShards.
 *
 * <ul>
 *   <li><b>PackSources</b>: one work unit per (mixture, split, source) runs that source's {@link
 *       SourcePacker}, which streams the pool (memory: a gather window and three ints per
 *       document). Each packed row is placed in closed form ({@link MixtureLayout#place}: the
 *       schedule maps (source, row index) to a global position, hence a shard and an index in it)
 *       and the source's rows are handed on in {@link ShardGroup}s: all its rows of one shard, or
 *       pieces of at most {@link #GROUP_TOKENS} tokens when that share is larger.
 *   <li><b>GroupByShard / WriteShards</b>: each shard's groups (a few per source) meet in one
 *       worker, are put in position order and written with {@link ShardWriter} (temporary name,
 *       then rename). A worker holds one shard's rows ({@code rows_per_shard × seq_len} ints, 64
 *       MiB at the defaults), never the mixture.
 * </ul>
 *
 * No step moves rows one by one: the shuffle carries groups, a handful per shard. The bytes of a
 * shard are a function of its rows alone, and which rows a shard gets is a function of the plan, so
 * any runner and any parallelism write the same files as {@code MixtureBuilder}. Workers report
 * what they wrote through {@link WorkerReports}, and the CPU time of each stage through {@link
 * MixStages}; the launcher ({@link Mixer}) writes the manifest.
 */
public final class MixturePipeline {
    /**
     * The most tokens in one shard group (4 MiB of ints): small enough that a group is an ordinary
     * record for a runner's sort buffers, large enough that a 16M-token shard is a few dozen
     * groups.
     */
    static final int GROUP_TOKENS = 1 << 20;

    private MixturePipeline() {}

    /** Adds the building of every split in {@code targets} to {@code pipeline}. */
    static void build(Pipeline pipeline, List<SplitTarget> targets) {
        List<KV<Integer, String>> sources = new ArrayList<>();
        for (int target = 0; target < targets.size(); target++) {
            for (String source : targets.get(target).layout().sources())
                sources.add(KV.of(target, source));
        }
        pipeline.apply(
                        "SourcesToPack",
                        Create.of(sources)
                                .withCoder(KvCoder.of(VarIntCoder.of(), StringUtf8Coder.of())))
                // Spreads the (few) packing units over workers; Create alone would hand them all to
                // one.
                .apply("SpreadSources", Reshuffle.viaRandomKey())
                .apply("PackSources", ParDo.of(new PackSourceFn(targets)))
                .setCoder(KvCoder.of(VarLongCoder.of(), ShardGroupCoder.INSTANCE))
                .apply("GroupByShard", GroupByKey.create())
                .apply("WriteShards", ParDo.of(new WriteShardFn(targets)));
    }

    /** The shuffle key of shard {@code shard} of target {@code target}. */
    static long shardKey(int target, int shard) {
        return ((long) target << 32) | shard;
    }

    private static int targetOf(long shardKey) {
        return (int) (shardKey >>> 32);
    }

    private static int shardOf(long shardKey) {
        return (int) shardKey;
    }

    private static final class PackSourceFn
            extends DoFn<KV<Integer, String>, KV<Long, ShardGroup>> {
        private final List<SplitTarget> targets;

        PackSourceFn(List<SplitTarget> targets) {
            this.targets = List.copyOf(targets);
        }

        @ProcessElement
        public void process(ProcessContext c) {
            int targetIndex = c.element().getKey();
            String source = c.element().getValue();
            SplitTarget target = targets.get(targetIndex);
            MixStages.Clock clock = MixStages.clock();
            Pool pool = Pool.open(StoragePaths.of(target.poolDirs().get(source)));
            ShardGroup.Grouper grouper =
                    new ShardGroup.Grouper(
                            target.layout(),
                            source,
                            Math.max(1, GROUP_TOKENS / target.plan().seqLen()));
            try (SourcePacker packer =
                    target.split() == PoolRecord.Split.TRAIN
                            ? SourcePacker.train(
                                    target.plan(), source, pool, target.gatherWindowTokens())
                            : SourcePacker.validation(target.plan(), source, pool)) {
                while (packer.hasNext()) {
                    List<ShardGroup> done = grouper.add(packer.next());
                    if (done.isEmpty()) continue;
                    clock.lap(MixStages.PACK);
                    emit(c, targetIndex, done);
                    clock.lap(MixStages.EMIT);
                }
                clock.lap(MixStages.PACK);
                emit(c, targetIndex, grouper.finish());
                clock.lap(MixStages.EMIT);
                WorkerReports.sourcePacked(
                        StoragePaths.of(target.outDir()),
                        target.split(),
                        source,
                        SourceSummary.of(packer));
            }
        }

        private static void emit(ProcessContext c, int targetIndex, List<ShardGroup> groups) {
            for (ShardGroup group : groups)
                c.output(KV.of(shardKey(targetIndex, group.shard()), group));
        }
    }

    private static final class WriteShardFn extends DoFn<KV<Long, Iterable<ShardGroup>>, Void> {
        private final List<SplitTarget> targets;

        WriteShardFn(List<SplitTarget> targets) {
            this.targets = List.copyOf(targets);
        }

        @ProcessElement
        public void process(ProcessContext c) {
            SplitTarget target = targets.get(targetOf(c.element().getKey()));
            int shard = shardOf(c.element().getKey());
            Path outDir = StoragePaths.of(target.outDir());
            if (WorkerReports.hasShard(outDir, target.split(), shard))
                return; // written completely by an earlier, interrupted run
            MixStages.Clock clock = MixStages.clock();
            MixtureRow[] rows =
                    ShardGroup.assemble(
                            target.layout(), shard, c.element().getValue(), target.describe());
            clock.lap(MixStages.ASSEMBLE);
            try {
                ShardInfo info =
                        ShardWriter.write(
                                outDir,
                                target.layout().shardPath(shard),
                                Arrays.asList(rows).iterator(),
                                target.plan().seqLen(),
                                target.parquet());
                WorkerReports.shardWritten(outDir, target.split(), shard, info);
                clock.lap(MixStages.WRITE);
            } catch (IOException e) {
                throw new UncheckedIOException(
                        target.describe()
                                + ": cannot write shard "
                                + target.layout().shardPath(shard)
                                + " in "
                                + outDir
                                + ": "
                                + e.getMessage(),
                        e);
            }
        }
    }
}
