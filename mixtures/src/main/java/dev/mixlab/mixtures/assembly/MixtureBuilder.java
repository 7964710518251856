package dev.mixlab.mixtures.assembly;

import dev.mixlab.io.OutputLock;
import dev.mixlab.io.OutputStore;
import dev.mixlab.mixtures.assembly.MixtureManifest.SourceSummary;
import dev.mixlab.mixtures.assembly.MixtureManifest.SplitSummary;
import dev.mixlab.mixtures.assembly.ShardWriter.ShardInfo;
import dev.mixlab.mixtures.export.MixtureExporter;
import dev.mixlab.mixtures.parquet.ParquetWriteOptions;
import dev.mixlab.mixtures.pool.Pool;
import dev.mixlab.mixtures.pool.PoolRecord;
import dev.mixlab.mixtures.pool.PoolStats;
import dev.mixlab.mixtures.spec.AblationSpec;
import dev.mixlab.mixtures.spec.MixtureSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.IntSupplier;
import java.util.function.UnaryOperator;

/**
 * Builds a mixture in one JVM, streaming: pools → per-source packing ({@link SourcePacker}) →
 * placement ({@link MixtureLayout}) → shards ({@link ShardWriter}) → {@code manifest.json}. These
 * are the steps of a distributed build too, whose work unit is one split ({@link #writeSplit}): the
 * per-source packers are merged by the schedule's cursor, so memory holds one row per source plus
 * each packer's gather window, whatever the budget.
 *
 * <p><b>Atomicity and resumption.</b> Under the mixture's lock, everything is written into {@code
 * .<mixture>.partial-<fingerprint>} next to the output directory; the manifest is written last,
 * then the directory is renamed to {@code outDir} (replacing an older build; {@link
 * MixtureOutput}). An interrupted build leaves no manifest in {@code outDir}; rerunning with the
 * same inputs continues in the same partial directory and keeps its completed shards (their rows
 * are still produced, to advance the packers, but not re-encoded). A finished build whose manifest
 * has the same fingerprint is not rebuilt. A second builder of the same mixture is refused ({@code
 * OutputBusyException}) while the first runs.
 *
 * <p><b>Exports.</b> The formats {@code shards.formats} asks for besides Parquet are made from the
 * finished shards ({@link MixtureExporter}) before the manifest is written; an up-to-date mixture
 * that lacks some gets them added.
 */
public final class MixtureBuilder {
    private MixtureBuilder() {}

    /** Told after each shard is complete (progress reporting). */
    @FunctionalInterface
    public interface Listener {
        Listener NONE = (split, shard, shardIndex, shardCount) -> {};

        void shardWritten(PoolRecord.Split split, ShardInfo shard, int shardIndex, int shardCount)
                throws IOException;
    }

    /**
     * @param rowsPerShard rows per shard file
     * @param shuffleWindow window of the seeded shuffle of row positions ({@link Schedule}); 0 for
     *     none
     * @param gatherWindowTokens tokens each train packer gathers per pool scan ({@link
     *     SourcePacker})
     * @param parquet row groups, pages and compression of the shards
     * @param buildTime recorded as {@code build_time} when not null; off by default so rebuilds are
     *     byte-identical
     * @param listener progress callback
     */
    public record Options(
            int rowsPerShard,
            int shuffleWindow,
            long gatherWindowTokens,
            ParquetWriteOptions parquet,
            Instant buildTime,
            Listener listener) {
        /**
         * 8192 rows per shard (16M tokens at seq_len 2048), no shuffle, 16M-token gather windows,
         * {@link ParquetWriteOptions#SHARDS}, no build time.
         */
        public static final Options DEFAULTS =
                new Options(
                        8192,
                        0,
                        SourcePacker.DEFAULT_GATHER_WINDOW_TOKENS,
                        ParquetWriteOptions.SHARDS,
                        null,
                        Listener.NONE);

        public Options withRowsPerShard(int rows) {
            return new Options(
                    rows, shuffleWindow, gatherWindowTokens, parquet, buildTime, listener);
        }

        public Options withShuffleWindow(int rows) {
            return new Options(
                    rowsPerShard, rows, gatherWindowTokens, parquet, buildTime, listener);
        }

        public Options withGatherWindowTokens(long tokens) {
            return new Options(rowsPerShard, shuffleWindow, tokens, parquet, buildTime, listener);
        }

        public Options withParquet(ParquetWriteOptions options) {
            return new Options(
                    rowsPerShard, shuffleWindow, gatherWindowTokens, options, buildTime, listener);
        }

        public Options withBuildTime(Instant time) {
            return new Options(
                    rowsPerShard, shuffleWindow, gatherWindowTokens, parquet, time, listener);
        }

        public Options withListener(Listener callback) {
            return new Options(
                    rowsPerShard, shuffleWindow, gatherWindowTokens, parquet, buildTime, callback);
        }
    }

    public static MixtureManifest build(
            AblationSpec ablation, MixtureSpec mixture, Map<String, Pool> pools, Path outDir)
            throws IOException {
        return build(ablation, mixture, pools, outDir, Options.DEFAULTS);
    }

    /**
     * @param pools the pool of every source with a positive weight, by source name
     * @param outDir the mixture's directory, normally {@code WorkDir.mixture(name)}
     * @throws MixtureInputException (exit 2) when the pools cannot make the mixture; nothing is
     *     written then
     */
    public static MixtureManifest build(
            AblationSpec ablation,
            MixtureSpec mixture,
            Map<String, Pool> pools,
            Path outDir,
            Options options)
            throws IOException {
        Map<String, PoolStats> stats = new LinkedHashMap<>();
        pools.forEach(
                (source, pool) -> {
                    if (!pool.source().equals(source)) {
                        throw new MixtureInputException(
                                "the pool given for source '"
                                        + source
                                        + "' is "
                                        + pool.dir()
                                        + ", a pool of '"
                                        + pool.source()
                                        + "'");
                    }
                    stats.put(source, pool.stats());
                });
        MixturePlan plan = MixturePlan.of(mixture, ablation.seqLen(), stats);
        MixtureManifest.Inputs inputs =
                MixtureManifest.Inputs.of(ablation, mixture, plan, pools, options);
        String fingerprint = inputs.fingerprint();

        MixtureExporter.Request exports = MixtureExporter.Request.of(ablation.shards());
        IntSupplier vocabulary =
                () -> MixtureExporter.vocabularySize(ablation.tokenizer().factory());
        if (!exports.formats().isEmpty()) exports.checkFits(vocabulary.getAsInt());
        if (MixtureOutput.isBuilt(outDir, fingerprint)) {
            MixtureManifest built = MixtureManifest.read(outDir);
            if (exports.formats().isEmpty()
                    || MixtureExporter.missing(built, exports, vocabulary.getAsInt()).isEmpty())
                return built;
        }
        Path target = outDir.toAbsolutePath().normalize();
        OutputStore store = OutputStore.of(target.getParent(), "the mixtures directory");
        try (OutputLock lock = store.lock(target, "mixlab mix")) {
            // Built (by this or another builder): only exports the spec asks for may be missing.
            if (MixtureOutput.isBuilt(target, fingerprint)) {
                return MixtureExporter.update(
                        target,
                        MixtureManifest.read(target),
                        exports,
                        vocabulary,
                        false,
                        MixtureExporter.Progress.NONE);
            }
            OutputStore.Staging staging = MixtureOutput.stage(store, target, fingerprint, true);
            MixtureManifest manifest =
                    inputs.manifest(
                            writeSplit(plan, PoolRecord.Split.TRAIN, pools, staging.dir(), options),
                            writeSplit(
                                    plan,
                                    PoolRecord.Split.VALIDATION,
                                    pools,
                                    staging.dir(),
                                    options),
                            options.buildTime());
            if (!exports.formats().isEmpty()) {
                manifest =
                        MixtureExporter.export(
                                staging.dir(),
                                manifest,
                                exports.formats(),
                                exports,
                                vocabulary.getAsInt(),
                                MixtureExporter.Progress.NONE);
            }
            MixtureOutput.publish(staging, manifest);
            return manifest;
        }
    }

    private static SplitSummary writeSplit(
            MixturePlan plan,
            PoolRecord.Split split,
            Map<String, Pool> pools,
            Path partial,
            Options options)
            throws IOException {
        return writeSplit(
                plan,
                MixtureLayout.of(plan, split, options.rowsPerShard(), options.shuffleWindow()),
                pools,
                partial,
                options);
    }

    private static SplitSummary writeSplit(
            MixturePlan plan,
            MixtureLayout layout,
            Map<String, Pool> pools,
            Path partial,
            Options options)
            throws IOException {
        return writeSplit(plan, layout, pools, partial, options, UnaryOperator.identity());
    }

    /**
     * Runs one packer per source, merges their rows in schedule order and cuts them into shards in
     * {@code partial}: one split of a mixture, the work unit of the distributed build too, so token
     * data never leaves the worker that packs it. A shard already in {@code partial} with all its
     * rows (from an interrupted run) is kept; its rows are still packed, to advance the packers.
     *
     * @param pools the pool of every source of the layout, by source name
     * @param shardRows wraps each shard's rows before they are written (the Beam build charges the
     *     time spent pulling them to packing); {@link UnaryOperator#identity()} otherwise
     */
    public static SplitSummary writeSplit(
            MixturePlan plan,
            MixtureLayout layout,
            Map<String, Pool> pools,
            Path partial,
            Options options,
            UnaryOperator<Iterator<MixtureRow>> shardRows)
            throws IOException {
        List<SourcePacker> packers = new ArrayList<>();
        try {
            for (String source : layout.sources()) {
                Pool pool = pools.get(source);
                packers.add(
                        layout.split() == PoolRecord.Split.TRAIN
                                ? SourcePacker.train(
                                        plan, source, pool, options.gatherWindowTokens())
                                : SourcePacker.validation(plan, source, pool));
            }
            RowsInStreamOrder stream = new RowsInStreamOrder(layout.schedule().cursor(), packers);
            List<ShardInfo> shards = new ArrayList<>();
            for (int shard = 0; shard < layout.shardCount(); shard++) {
                Iterator<MixtureRow> rows = shardRows.apply(new ShardRows(layout, shard, stream));
                String file = layout.shardPath(shard);
                ShardInfo info =
                        Files.isRegularFile(partial.resolve(file))
                                ? ShardWriter.describe(partial, file)
                                : null;
                if (info != null && info.rows() == layout.rowsInShard(shard)) {
                    rows.forEachRemaining(row -> {});
                } else {
                    info = ShardWriter.write(partial, file, rows, plan.seqLen(), options.parquet());
                }
                shards.add(info);
                options.listener().shardWritten(layout.split(), info, shard, layout.shardCount());
            }
            Map<String, SourceSummary> sources = new LinkedHashMap<>();
            for (SourcePacker packer : packers) {
                sources.put(packer.quota().source(), SourceSummary.of(packer));
            }
            return SplitSummary.of(layout, plan.seqLen(), sources, shards);
        } finally {
            packers.forEach(SourcePacker::close);
        }
    }

    /**
     * The packers' rows in the schedule's order. Packers emit each source's rows in row order; a
     * window shuffle may ask for them out of order within a block, so rows pulled early wait here
     * (at most a window's worth).
     */
    private static final class RowsInStreamOrder {
        private final Iterator<Schedule.Slot> cursor;
        private final List<SourcePacker> packers;
        private final List<Map<Long, PackedRow>> early = new ArrayList<>();

        RowsInStreamOrder(Iterator<Schedule.Slot> cursor, List<SourcePacker> packers) {
            this.cursor = cursor;
            this.packers = packers;
            packers.forEach(p -> early.add(new HashMap<>()));
        }

        PackedRow next() {
            Schedule.Slot slot = cursor.next();
            Map<Long, PackedRow> waiting = early.get(slot.source());
            while (!waiting.containsKey(slot.rowIndex())) {
                PackedRow row = packers.get(slot.source()).next();
                waiting.put(row.rowIndex(), row);
            }
            return waiting.remove(slot.rowIndex());
        }
    }

    /**
     * The rows of one shard; each row's closed-form placement must agree with where the sequential
     * merge put it.
     */
    private static final class ShardRows implements Iterator<MixtureRow> {
        private final MixtureLayout layout;
        private final int shard;
        private final RowsInStreamOrder stream;
        private final int size;
        private int index;

        ShardRows(MixtureLayout layout, int shard, RowsInStreamOrder stream) {
            this.layout = layout;
            this.shard = shard;
            this.stream = stream;
            this.size = layout.rowsInShard(shard);
        }

        @Override
        public boolean hasNext() {
            return index < size;
        }

        @Override
        public MixtureRow next() {
            if (!hasNext())
                throw new NoSuchElementException("shard " + shard + " has " + size + " rows");
            PackedRow packed = stream.next();
            MixtureLayout.Placement placement =
                    layout.place(packed.row().source(), packed.rowIndex());
            if (placement.shard() != shard || placement.indexInShard() != index) {
                throw new IllegalStateException(
                        "row "
                                + packed.rowIndex()
                                + " of source '"
                                + packed.row().source()
                                + "' belongs at "
                                + placement
                                + ", but the merge reached shard "
                                + shard
                                + " row "
                                + index
                                + "; schedule cursor and placement disagree (a bug)");
            }
            index++;
            return packed.row();
        }
    }
}
