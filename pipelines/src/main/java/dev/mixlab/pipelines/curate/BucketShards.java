package dev.mixlab.pipelines.curate;

import dev.mixlab.filters.dedup.BandKey;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * How near dedup's bucket memberships are packed for their shuffle and marked after it. The bucket
 * space is cut into shards, {@code rangesPerBand} hash ranges per band. A worker buffers
 * memberships and sends one {@link BucketBlock} per shard it holds whenever its buffer is full and
 * when its bundle ends; after the shuffle a shard's blocks are sorted by bucket in memory and every
 * bucket is marked on its own. A bucket lies in exactly one shard, so the marks are the same for
 * any number of shards and the same as grouping each bucket by itself.
 *
 * <p>Memory: a worker buffers at most {@link #BUFFERED} memberships (a few MB of keys); a shard
 * holds one membership per document of its band's range, so the ranges grow with the stored input
 * ({@link #forInputBytes}: one range per {@link #INPUT_BYTES_PER_RANGE}, at least {@link
 * #MIN_RANGES}, at most {@link #MAX_RANGES}). At the cap, 1 TB of stored input gives shards of
 * about 250 MB of input's documents, e.g. 0.6 M memberships of 1.2 kB documents at 3× compression.
 */
final class BucketShards implements Serializable {
    static final int BUFFERED = 32_768;
    static final long INPUT_BYTES_PER_RANGE = 64L << 20;
    static final int MIN_RANGES = 16;
    static final int MAX_RANGES = 4096;

    private final int rangesPerBand;

    BucketShards(int rangesPerBand) {
        if (rangesPerBand < 1)
            throw new IllegalArgumentException("ranges per band must be ≥ 1, got " + rangesPerBand);
        this.rangesPerBand = rangesPerBand;
    }

    /** Shards for a source whose input files hold {@code bytes} bytes as stored. */
    static BucketShards forInputBytes(long bytes) {
        long ranges =
                Math.max(MIN_RANGES, (bytes + INPUT_BYTES_PER_RANGE - 1) / INPUT_BYTES_PER_RANGE);
        return new BucketShards((int) Math.min(MAX_RANGES, ranges));
    }

    int rangesPerBand() {
        return rangesPerBand;
    }

    /** Band-major: a band's ranges are consecutive shards. Row hashes are already mixed. */
    int shardOf(BandKey bucket) {
        return bucket.band() * rangesPerBand
                + (int) Math.floorMod(bucket.rowsHash(), (long) rangesPerBand);
    }

    /** One worker's memberships not sent yet. Not thread-safe: one per DoFn instance. */
    static final class Buffer {
        private final BucketShards shards;
        private final int capacity;
        private Map<Integer, BucketBlock> blocks = new TreeMap<>();
        private int buffered;

        Buffer(BucketShards shards, int capacity) {
            this.shards = shards;
            this.capacity = capacity;
        }

        /**
         * Buffers one membership, the document's key as UTF-8; true when the buffer is full and
         * should be {@link #drain}ed.
         */
        boolean add(BandKey bucket, byte[] documentKey) {
            blocks.computeIfAbsent(shards.shardOf(bucket), s -> new BucketBlock(16))
                    .add(bucket, documentKey);
            return ++buffered >= capacity;
        }

        /** {@link #add}s every bucket of one document; true when the buffer is then full. */
        boolean addAll(List<BandKey> buckets, byte[] documentKey) {
            boolean full = false;
            for (BandKey bucket : buckets) full |= add(bucket, documentKey);
            return full;
        }

        /** The buffered blocks by shard, in shard order; the buffer is empty afterwards. */
        Map<Integer, BucketBlock> drain() {
            Map<Integer, BucketBlock> full = blocks;
            blocks = new TreeMap<>();
            buffered = 0;
            return full;
        }
    }

    /**
     * For every bucket among {@code blocks} (one shard's), calls {@code mark(member, smallest)} for
     * every member but the smallest document key (see {@link MarkNearDuplicates} for the rule).
     *
     * <p>Almost every bucket has one member, so the buckets are found with a primitive sort of the
     * row hashes, and only memberships whose hash occurs more than once are grouped by bucket.
     */
    static void markLargerMembers(Iterable<BucketBlock> blocks, BiConsumer<String, String> mark) {
        // Flink's grouped values can be iterated once.
        List<BucketBlock> all = new ArrayList<>();
        int total = 0;
        for (BucketBlock block : blocks) {
            all.add(block);
            total += block.size();
        }
        long[] sorted = new long[total];
        int n = 0;
        for (BucketBlock block : all)
            for (int i = 0; i < block.size(); i++) sorted[n++] = block.hash(i);
        Arrays.sort(sorted);
        long[] repeated = new long[n / 2];
        int r = 0;
        for (int i = 1; i < n; i++)
            if (sorted[i] == sorted[i - 1] && (r == 0 || repeated[r - 1] != sorted[i]))
                repeated[r++] = sorted[i];
        if (r == 0) return;
        // The memberships in a repeated bucket, found once: (block, index) pairs.
        List<BucketBlock> repeatedBlocks = new ArrayList<>();
        List<Integer> repeatedIndices = new ArrayList<>();
        Map<BandKey, String> smallest = new HashMap<>();
        for (BucketBlock block : all)
            for (int i = 0; i < block.size(); i++) {
                if (Arrays.binarySearch(repeated, 0, r, block.hash(i)) < 0) continue;
                repeatedBlocks.add(block);
                repeatedIndices.add(i);
                smallest.merge(
                        new BandKey(block.band(i), block.hash(i)),
                        block.key(i),
                        (a, b) -> a.compareTo(b) <= 0 ? a : b);
            }
        for (int m = 0; m < repeatedBlocks.size(); m++) {
            BucketBlock block = repeatedBlocks.get(m);
            int i = repeatedIndices.get(m);
            String first = smallest.get(new BandKey(block.band(i), block.hash(i)));
            String member = block.key(i);
            if (!member.equals(first)) mark.accept(member, first);
        }
    }
}
