package dev.mixlab.pipelines.curate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mixlab.filters.dedup.BandKey;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Packing near dedup's bucket memberships into shards must not change which documents are marked:
 * the marks are compared with grouping every bucket on its own, for one shard per band up to many.
 */
class BucketShardsTest {
    /** A membership as MinHash-LSH gives it: a document in one bucket of one band. */
    private record Membership(BandKey bucket, String key) {}

    @Test
    void marksAreThoseOfGroupingEachBucketAloneForAnyNumberOfShards() {
        List<Membership> memberships = memberships(new Random(7), 3_000);
        Map<String, String> expected = groupedBucketByBucket(memberships);
        assertThat(expected).hasSizeGreaterThan(100); // the data has near duplicates to find

        for (int ranges : new int[] {1, 3, 16, 4096}) {
            // A small buffer, so that shards arrive in several blocks, as from several workers.
            Map<Integer, List<BucketBlock>> shuffled = shuffle(memberships, ranges, 100);
            Map<String, String> marks = new TreeMap<>();
            for (List<BucketBlock> shard : shuffled.values())
                BucketShards.markLargerMembers(
                        shard, (member, smallest) -> marks.merge(member, smallest, min()));
            assertThat(marks).as("%d ranges per band", ranges).isEqualTo(expected);
        }
    }

    @Test
    void aBucketMarksEveryMemberButTheSmallestKeyOnce() {
        BandKey bucket = new BandKey(2, 0x9e3779b97f4a7c15L);
        BucketBlock one = new BucketBlock(1);
        one.add(bucket, utf8("doc-c"));
        one.add(bucket, utf8("doc-a"));
        BucketBlock two = new BucketBlock(1);
        two.add(bucket, utf8("doc-b"));
        two.add(new BandKey(3, 0x9e3779b97f4a7c15L), utf8("doc-0")); // same hash, other band
        List<String> marks = new ArrayList<>();
        BucketShards.markLargerMembers(
                List.of(one, two), (member, smallest) -> marks.add(member + "<" + smallest));
        assertThat(marks).containsExactlyInAnyOrder("doc-b<doc-a", "doc-c<doc-a");
    }

    @Test
    void smallestMeansStringOrderNotUtf8ByteOrder() {
        // U+FF21 sorts after a surrogate pair in Java's (UTF-16) order but before it in UTF-8
        // bytes.
        BandKey bucket = new BandKey(0, 1);
        BucketBlock block = new BucketBlock(2);
        block.add(bucket, utf8("\uFF21"));
        block.add(bucket, utf8("\uD83D\uDE00"));
        List<String> marked = new ArrayList<>();
        BucketShards.markLargerMembers(List.of(block), (member, smallest) -> marked.add(member));
        assertThat(marked).containsExactly("\uFF21");
    }

    @Test
    void theBufferFillsAtItsCapacityAndDrainsByShard() {
        BucketShards shards = new BucketShards(4);
        BucketShards.Buffer buffer = new BucketShards.Buffer(shards, 3);
        assertThat(buffer.add(new BandKey(0, 5), utf8("a"))).isFalse();
        assertThat(buffer.add(new BandKey(1, 5), utf8("a"))).isFalse();
        assertThat(buffer.add(new BandKey(0, 9), utf8("b"))).isTrue();
        Map<Integer, BucketBlock> drained = buffer.drain();
        assertThat(drained.keySet()).containsExactly(1, 5); // band 0 range 1, band 1 range 1
        assertThat(drained.get(1).size()).isEqualTo(2);
        assertThat(buffer.drain()).isEmpty();
        assertThat(buffer.add(new BandKey(0, -1), utf8("c")))
                .isFalse(); // full again only at capacity
        assertThat(shards.shardOf(new BandKey(0, -1))).isEqualTo(3);
    }

    @Test
    void blocksSurviveTheirCoder() throws Exception {
        BucketBlock block = new BucketBlock(0);
        block.add(new BandKey(20, Long.MIN_VALUE), utf8("id\u0000file.jsonl.zst:12"));
        block.add(new BandKey(0, 42), utf8("ünïcode\u0000s3://bucket/x:1"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BucketBlock.CODER.encode(block, bytes);
        BucketBlock decoded =
                BucketBlock.CODER.decode(new ByteArrayInputStream(bytes.toByteArray()));
        assertThat(decoded.size()).isEqualTo(2);
        for (int i = 0; i < 2; i++) {
            assertThat(decoded.band(i)).isEqualTo(block.band(i));
            assertThat(decoded.hash(i)).isEqualTo(block.hash(i));
            assertThat(decoded.key(i)).isEqualTo(block.key(i));
        }
    }

    @Test
    void shardsGrowWithTheInputWithinTheirBounds() {
        assertThat(BucketShards.forInputBytes(0).rangesPerBand())
                .isEqualTo(BucketShards.MIN_RANGES);
        assertThat(BucketShards.forInputBytes(100L << 30).rangesPerBand()).isEqualTo(1600);
        assertThat(BucketShards.forInputBytes(1L << 50).rangesPerBand())
                .isEqualTo(BucketShards.MAX_RANGES);
        assertThatThrownBy(() -> new BucketShards(0))
                .hasMessageContaining("ranges per band must be ≥ 1");
    }

    /**
     * Documents in 21 bands, most buckets alone, some shared by 2–5 documents (near duplicates),
     * keys in random order.
     */
    private static List<Membership> memberships(Random random, int documents) {
        List<Membership> all = new ArrayList<>();
        long[] shared = new long[documents / 10];
        for (int i = 0; i < shared.length; i++) shared[i] = random.nextLong();
        for (int d = 0; d < documents; d++) {
            String key = "doc-" + random.nextInt(1_000_000) + "\u0000part-" + d;
            for (int band = 0; band < 21; band++) {
                long hash =
                        random.nextInt(4) == 0
                                ? shared[random.nextInt(shared.length)]
                                : random.nextLong();
                all.add(new Membership(new BandKey(band, hash), key));
            }
        }
        return all;
    }

    /** The reference: a map from every bucket to its members, smallest member kept. */
    private static Map<String, String> groupedBucketByBucket(List<Membership> memberships) {
        Map<BandKey, TreeSet<String>> buckets = new HashMap<>();
        for (Membership m : memberships)
            buckets.computeIfAbsent(m.bucket(), b -> new TreeSet<>()).add(m.key());
        Map<String, String> marks = new TreeMap<>();
        for (TreeSet<String> members : buckets.values())
            for (String member : members.tailSet(members.first(), false))
                marks.merge(member, members.first(), min());
        return marks;
    }

    /** Workers' buffers of {@code capacity}, then a grouping of their blocks by shard. */
    private static Map<Integer, List<BucketBlock>> shuffle(
            List<Membership> memberships, int ranges, int capacity) {
        BucketShards shards = new BucketShards(ranges);
        Map<Integer, List<BucketBlock>> byShard = new TreeMap<>();
        BucketShards.Buffer buffer = new BucketShards.Buffer(shards, capacity);
        for (Membership m : memberships) {
            if (buffer.add(m.bucket(), utf8(m.key()))) send(buffer, byShard);
        }
        send(buffer, byShard);
        return byShard;
    }

    private static void send(BucketShards.Buffer buffer, Map<Integer, List<BucketBlock>> byShard) {
        buffer.drain()
                .forEach(
                        (shard, block) ->
                                byShard.computeIfAbsent(shard, s -> new ArrayList<>()).add(block));
    }

    private static byte[] utf8(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }

    private static java.util.function.BinaryOperator<String> min() {
        return (a, b) -> a.compareTo(b) <= 0 ? a : b;
    }
}
