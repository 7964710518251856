package dev.mixlab.mixtures.assembly;

import dev.mixlab.mixtures.pool.PoolRecord;
import java.io.Serializable;
import java.util.List;

/**
 * Where the packed rows of one split of a mixture land: the {@link Schedule} gives each row of each
 * source a global position, and positions are cut into shards of {@code rowsPerShard} rows ({@code
 * part-00000.parquet}, …; under {@code validation/} for the validation split). Everything is
 * computed from row counts, so a distributed writer can send each row straight to its shard.
 */
public final class MixtureLayout implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * "SHUFFLE" in ASCII: keeps the shuffle seed apart from the document-order seeds of the same
     * mixture seed.
     */
    private static final long SHUFFLE_SALT = 0x53485546464c45L;

    private final PoolRecord.Split split;
    private final List<String> sources;
    private final Schedule schedule;
    private final int rowsPerShard;

    /** A row's global position, its shard and its index within that shard. */
    public record Placement(long position, int shard, int indexInShard) {}

    private MixtureLayout(
            PoolRecord.Split split, List<String> sources, Schedule schedule, int rowsPerShard) {
        this.split = split;
        this.sources = List.copyOf(sources);
        this.schedule = schedule;
        this.rowsPerShard = rowsPerShard;
    }

    public static MixtureLayout of(
            MixturePlan plan, PoolRecord.Split split, int rowsPerShard, int shuffleWindow) {
        if (rowsPerShard <= 0)
            throw new IllegalArgumentException("rows per shard must be > 0, found " + rowsPerShard);
        List<SourceQuota> quotas = plan.quotas(split);
        long[] rows = quotas.stream().mapToLong(SourceQuota::rows).toArray();
        Schedule schedule =
                new Schedule(rows, shuffleWindow, DocumentOrder.mix(plan.seed() ^ SHUFFLE_SALT));
        return new MixtureLayout(
                split, quotas.stream().map(SourceQuota::source).toList(), schedule, rowsPerShard);
    }

    /**
     * The layout a built mixture's manifest describes: its row counts, seed, shuffle window and
     * shard size (what a reader needs to know which source row sits at which position).
     */
    public static MixtureLayout of(MixtureManifest manifest, PoolRecord.Split split) {
        MixtureManifest.SplitSummary summary = manifest.split(split);
        List<String> sources = List.copyOf(summary.sources().keySet());
        long[] rows = sources.stream().mapToLong(s -> summary.sources().get(s).rows()).toArray();
        Schedule schedule =
                new Schedule(
                        rows,
                        manifest.layout().shuffleWindow(),
                        DocumentOrder.mix(manifest.spec().seed() ^ SHUFFLE_SALT));
        return new MixtureLayout(split, sources, schedule, manifest.layout().rowsPerShard());
    }

    public PoolRecord.Split split() {
        return split;
    }

    public Schedule schedule() {
        return schedule;
    }

    public int rowsPerShard() {
        return rowsPerShard;
    }

    public List<String> sources() {
        return sources;
    }

    public int sourceIndex(String source) {
        int index = sources.indexOf(source);
        if (index < 0)
            throw new IllegalArgumentException(
                    "source '" + source + "' is not in this mixture; sources: " + sources);
        return index;
    }

    public Placement place(String source, long rowIndex) {
        long position = schedule.position(sourceIndex(source), rowIndex);
        return new Placement(
                position, (int) (position / rowsPerShard), (int) (position % rowsPerShard));
    }

    public long totalRows() {
        return schedule.totalRows();
    }

    public int shardCount() {
        return Math.toIntExact((schedule.totalRows() + rowsPerShard - 1) / rowsPerShard);
    }

    public int rowsInShard(int shard) {
        return (int) Math.min(rowsPerShard, schedule.totalRows() - (long) shard * rowsPerShard);
    }

    /** The shard's path relative to the mixture directory. */
    public String shardPath(int shard) {
        String name = String.format("part-%05d.parquet", shard);
        return split == PoolRecord.Split.TRAIN ? name : "validation/" + name;
    }
}
