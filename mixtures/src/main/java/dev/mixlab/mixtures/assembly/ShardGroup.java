package dev.mixlab.mixtures.assembly;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Consecutive packed rows of one source that land in the same shard, with each row's index in that
 * shard: the unit a distributed build moves from a source's packer to the shard's writer, so that
 * no step moves rows one by one. A source's rows reach a shard as one group, or as a few when the
 * shard's share of the source exceeds the group cap ({@link Grouper}).
 */
public final class ShardGroup {
    private final int shard;
    private final String source;
    private final int[] indexInShard;
    private final int[][] inputIds;
    private final int[][] docStarts;

    /**
     * @param indexInShard each row's index in the shard
     * @param inputIds each row's tokens
     * @param docStarts each row's document starts ({@link MixtureRow})
     */
    public ShardGroup(
            int shard, String source, int[] indexInShard, int[][] inputIds, int[][] docStarts) {
        if (inputIds.length != indexInShard.length || docStarts.length != indexInShard.length) {
            throw new IllegalArgumentException(
                    "a shard group needs one index, token list and start list per row, found "
                            + indexInShard.length
                            + ", "
                            + inputIds.length
                            + " and "
                            + docStarts.length);
        }
        this.shard = shard;
        this.source = source;
        this.indexInShard = indexInShard;
        this.inputIds = inputIds;
        this.docStarts = docStarts;
    }

    public int shard() {
        return shard;
    }

    public String source() {
        return source;
    }

    public int size() {
        return indexInShard.length;
    }

    public int indexInShard(int row) {
        return indexInShard[row];
    }

    public int[] inputIds(int row) {
        return inputIds[row];
    }

    public int[] docStarts(int row) {
        return docStarts[row];
    }

    public MixtureRow row(int row) {
        return new MixtureRow(source, inputIds[row], docStarts[row]);
    }

    /**
     * The rows of shard {@code shard} in position order, put together from its groups (any order);
     * every index must be filled exactly once.
     *
     * @param describe names the mixture and split in errors
     */
    public static MixtureRow[] assemble(
            MixtureLayout layout, int shard, Iterable<ShardGroup> groups, String describe) {
        MixtureRow[] rows = new MixtureRow[layout.rowsInShard(shard)];
        for (ShardGroup group : groups) {
            for (int row = 0; row < group.size(); row++) {
                int index = group.indexInShard(row);
                if (group.shard() != shard || index < 0 || index >= rows.length) {
                    throw new IllegalStateException(
                            describe
                                    + ": shard "
                                    + shard
                                    + " received a row of source '"
                                    + group.source()
                                    + "' placed at shard "
                                    + group.shard()
                                    + " index "
                                    + index
                                    + " (a bug)");
                }
                if (rows[index] != null) {
                    throw new IllegalStateException(
                            describe
                                    + ": shard "
                                    + shard
                                    + " received two rows for index "
                                    + index
                                    + "; the schedule's placement is not a bijection (a bug)");
                }
                rows[index] = group.row(row);
            }
        }
        for (int index = 0; index < rows.length; index++) {
            if (rows[index] == null) {
                throw new IllegalStateException(
                        describe
                                + ": shard "
                                + shard
                                + " received no row for index "
                                + index
                                + " of "
                                + rows.length
                                + "; packing produced fewer rows than planned (a bug)");
            }
        }
        return rows;
    }

    /**
     * Cuts one source's packed rows (in row order) into shard groups. A group is handed out once no
     * later row of the source can land in its shard, or when it reaches {@code maxRows}. Rows of a
     * source reach ever later positions except within a shuffle window block, where they may move
     * back by up to {@code window − 1} places; so a shard is complete for this source once a row
     * lands at least {@code window − 1} places past its end. Memory: the rows of the shards still
     * open, at most {@code maxRows} each and a window's reach of positions.
     */
    public static final class Grouper {
        private final MixtureLayout layout;
        private final String source;
        private final int maxRows;
        private final long reach;
        private final TreeMap<Integer, Open> open = new TreeMap<>();

        /**
         * @param maxRows the most rows a group may hold (≥ 1)
         */
        public Grouper(MixtureLayout layout, String source, int maxRows) {
            if (maxRows < 1)
                throw new IllegalArgumentException(
                        "a shard group must hold ≥ 1 row, found " + maxRows);
            layout.sourceIndex(source); // fails early for a source the layout lacks
            this.layout = layout;
            this.source = source;
            this.maxRows = maxRows;
            this.reach = Math.max(0, layout.schedule().window() - 1);
        }

        /** Adds the next row of the source; returns the groups this completes (often none). */
        public List<ShardGroup> add(PackedRow packed) {
            MixtureLayout.Placement at = layout.place(source, packed.rowIndex());
            List<ShardGroup> done = new ArrayList<>();
            Open group = open.computeIfAbsent(at.shard(), Open::new);
            group.add(at.indexInShard(), packed.row());
            if (group.size == maxRows) done.add(open.remove(at.shard()).close());
            long rowsPerShard = layout.rowsPerShard();
            for (Iterator<Map.Entry<Integer, Open>> it = open.entrySet().iterator();
                    it.hasNext(); ) {
                Map.Entry<Integer, Open> entry = it.next();
                if ((entry.getKey() + 1L) * rowsPerShard + reach > at.position()) break;
                done.add(entry.getValue().close());
                it.remove();
            }
            return done;
        }

        /** The groups still open, once the source has no more rows. */
        public List<ShardGroup> finish() {
            List<ShardGroup> done = new ArrayList<>();
            open.values().forEach(group -> done.add(group.close()));
            open.clear();
            return done;
        }

        private final class Open {
            private final int shard;
            private int size;
            private int[] indexes = new int[16];
            private int[][] inputIds = new int[16][];
            private int[][] docStarts = new int[16][];

            Open(int shard) {
                this.shard = shard;
            }

            void add(int indexInShard, MixtureRow row) {
                if (size == indexes.length) {
                    int capacity = Math.min(maxRows, size * 2);
                    indexes = Arrays.copyOf(indexes, capacity);
                    inputIds = Arrays.copyOf(inputIds, capacity);
                    docStarts = Arrays.copyOf(docStarts, capacity);
                }
                indexes[size] = indexInShard;
                inputIds[size] = row.inputIds();
                docStarts[size] = row.docStarts();
                size++;
            }

            ShardGroup close() {
                return new ShardGroup(
                        shard,
                        source,
                        Arrays.copyOf(indexes, size),
                        Arrays.copyOf(inputIds, size),
                        Arrays.copyOf(docStarts, size));
            }
        }
    }
}
