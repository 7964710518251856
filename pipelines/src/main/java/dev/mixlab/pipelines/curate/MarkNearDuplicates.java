package dev.mixlab.pipelines.curate;

import dev.mixlab.filters.Document;
import dev.mixlab.filters.dedup.BandKey;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/**
 * MinHash-LSH near dedup, distributed, on keys only: each document has one bucket per LSH band
 * (from {@link #bucketsOf}, or measured by the filter stage before it with the features its filters
 * shared). The memberships travel packed in {@link BucketBlock}s, one per shard of the bucket space
 * and worker buffer ({@link BucketShards}); one shuffle groups each shard's blocks (no worker ever
 * holds all signatures) and within every bucket each member but the smallest is marked as a
 * duplicate. The marks come out keyed by the pool part of the marked document, and {@link
 * WriteParts} drops the marked documents in the same step that writes the part: documents
 * themselves never cross this stage's shuffles.
 *
 * <p>Keep rule: a document is dropped iff it shares a bucket with a document of smaller key. So no
 * two kept documents share a bucket. In a chain A~B~C where A and C do not share a bucket, with
 * keys A < B and C < B, B is dropped and both A and C stay: a document is only dropped for a
 * neighbour that actually resembles it, never transitively through a dropped one
 * (connected-component dedup would also drop C).
 */
final class MarkNearDuplicates
        extends PTransform<
                PCollection<KV<Integer, BucketBlock>>, PCollection<KV<Integer, String>>> {
    static final String REASON = "near_dedup.duplicate";

    private final int parts;

    /** Marks for a pool of {@code parts} parts per split. */
    MarkNearDuplicates(int parts) {
        this.parts = parts;
    }

    /** The bucket memberships of {@code docs}, packed into {@code shards}. */
    static PCollection<KV<Integer, BucketBlock>> bucketsOf(
            PCollection<Document> docs,
            SerializableFunction<Document, List<BandKey>> bandKeys,
            BucketShards shards) {
        return docs.apply("BandBuckets", ParDo.of(new BandBucketsFn(bandKeys, shards)))
                .setCoder(KvCoder.of(VarIntCoder.of(), BucketBlock.CODER));
    }

    /**
     * @param buckets every document's bucket memberships, packed by shard
     * @return the key of every marked document, as {@code part → document key}, at least once (see
     *     {@link MarkLargerMembersFn})
     */
    @Override
    public PCollection<KV<Integer, String>> expand(PCollection<KV<Integer, BucketBlock>> buckets) {
        return buckets.apply("GroupByShard", GroupByKey.create())
                .apply("MarkLargerMembers", ParDo.of(new MarkLargerMembersFn(parts)))
                .setCoder(KvCoder.of(VarIntCoder.of(), StringUtf8Coder.of()));
    }

    private static final class BandBucketsFn extends DoFn<Document, KV<Integer, BucketBlock>> {
        private final SerializableFunction<Document, List<BandKey>> bandKeys;
        private final BucketShards shards;
        private transient BucketShards.Buffer buffer;

        BandBucketsFn(SerializableFunction<Document, List<BandKey>> bandKeys, BucketShards shards) {
            this.bandKeys = bandKeys;
            this.shards = shards;
        }

        @ProcessElement
        public void process(ProcessContext c) {
            String interrupted = StageClock.switchTo(StageClock.MINHASH);
            byte[] key = DocKeys.of(c.element()).getBytes(StandardCharsets.UTF_8);
            if (buffer == null) buffer = new BucketShards.Buffer(shards, BucketShards.BUFFERED);
            boolean full = buffer.addAll(bandKeys.apply(c.element()), key);
            StageClock.switchTo(interrupted);
            if (full)
                for (Map.Entry<Integer, BucketBlock> block : buffer.drain().entrySet())
                    c.output(KV.of(block.getKey(), block.getValue()));
        }

        @FinishBundle
        public void flush(FinishBundleContext c) {
            if (buffer == null) return;
            // Curation runs in the global window only: every source is bounded and read whole.
            for (Map.Entry<Integer, BucketBlock> block : buffer.drain().entrySet())
                c.output(
                        KV.of(block.getKey(), block.getValue()),
                        GlobalWindow.TIMESTAMP_MIN_VALUE,
                        GlobalWindow.INSTANCE);
        }
    }

    /**
     * One shard's buckets: for a bucket of n members, every member but the smallest is marked. A
     * near duplicate shares most of its buckets with its original, so a worker would mark it up to
     * once per band; it sends each marked key once while its set of sent keys holds fewer than
     * {@link #SENT_LIMIT} (then the set starts over, costing only repeats). {@link WriteParts}
     * reads a part's marks into a set, so a key sent by several workers is one mark.
     */
    private static final class MarkLargerMembersFn
            extends DoFn<KV<Integer, Iterable<BucketBlock>>, KV<Integer, String>> {
        private static final int SENT_LIMIT = 1 << 20;
        private final int parts;
        private transient Set<String> sent;

        MarkLargerMembersFn(int parts) {
            this.parts = parts;
        }

        @ProcessElement
        public void process(ProcessContext c) {
            if (sent == null || sent.size() >= SENT_LIMIT) sent = new HashSet<>();
            StageClock.charge(
                    Ledger.Stage.NEAR_DEDUP.ledgerName(),
                    () ->
                            BucketShards.markLargerMembers(
                                    c.element().getValue(),
                                    (member, smallest) -> {
                                        if (sent.add(member))
                                            c.output(
                                                    KV.of(
                                                            WritePool.partOf(
                                                                    DocKeys.idOf(member), parts),
                                                            member));
                                    }));
        }
    }
}
