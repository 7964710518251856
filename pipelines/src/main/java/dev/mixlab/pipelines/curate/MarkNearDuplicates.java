package dev.mixlab.pipelines.curate;

import dev.mixlab.filters.Document;
import dev.mixlab.filters.dedup.BandKey;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;

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
     * @return the key of every marked document, once, as {@code part → document key}
     */
    @Override
    public PCollection<KV<Integer, String>> expand(PCollection<KV<Integer, BucketBlock>> buckets) {
        int parts = this.parts;
        return buckets.apply("GroupByShard", GroupByKey.create())
                .apply("MarkLargerMembers", ParDo.of(new MarkLargerMembersFn()))
                .setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()))
                .apply("OnePerDocument", Combine.perKey(SmallestOf::smaller))
                .apply(
                        "KeyByPart",
                        MapElements.into(
                                        TypeDescriptors.kvs(
                                                TypeDescriptors.integers(),
                                                TypeDescriptors.strings()))
                                .via(
                                        (KV<String, String> mark) ->
                                                KV.of(
                                                        WritePool.partOf(
                                                                DocKeys.idOf(mark.getKey()), parts),
                                                        mark.getKey())))
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
            boolean full = false;
            for (BandKey bucket : bandKeys.apply(c.element())) full |= buffer.add(bucket, key);
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
     * One shard's buckets: for a bucket of n members, n-1 marks, every member but the smallest,
     * each naming the smallest.
     */
    private static final class MarkLargerMembersFn
            extends DoFn<KV<Integer, Iterable<BucketBlock>>, KV<String, String>> {
        @ProcessElement
        public void process(ProcessContext c) {
            StageClock.charge(
                    Ledger.Stage.NEAR_DEDUP.ledgerName(),
                    () ->
                            BucketShards.markLargerMembers(
                                    c.element().getValue(),
                                    (member, smallest) -> c.output(KV.of(member, smallest))));
        }
    }

    private static final class SmallestOf {
        static String smaller(Iterable<String> values) {
            String smallest = null;
            for (String v : values) if (smallest == null || v.compareTo(smallest) < 0) smallest = v;
            return smallest;
        }
    }
}
