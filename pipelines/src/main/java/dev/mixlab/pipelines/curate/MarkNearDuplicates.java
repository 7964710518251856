package dev.mixlab.pipelines.curate;

import dev.mixlab.filters.Document;
import java.util.List;
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
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * MinHash-LSH near dedup, distributed, on keys only: each document has one key per LSH band (from
 * {@link #bucketsOf}, or measured by the filter stage before it with the features its filters
 * shared); a shuffle of {@code bucket → document key} pairs groups them by band bucket (no worker
 * ever holds all signatures); within a bucket every member but the smallest is marked as a
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
        extends PTransform<PCollection<KV<String, String>>, PCollection<KV<Integer, String>>> {
    static final String REASON = "near_dedup.duplicate";

    private final int parts;

    /** Marks for a pool of {@code parts} parts per split. */
    MarkNearDuplicates(int parts) {
        this.parts = parts;
    }

    /** The bucket keys of {@code docs}, as {@code bucket → document key}. */
    static PCollection<KV<String, String>> bucketsOf(
            PCollection<Document> docs, SerializableFunction<Document, List<String>> bandKeys) {
        return docs.apply("BandBuckets", ParDo.of(new BandBucketsFn(bandKeys)));
    }

    /**
     * @param buckets every document's bucket keys, as {@code bucket → document key}
     * @return the key of every marked document, once, as {@code part → document key}
     */
    @Override
    public PCollection<KV<Integer, String>> expand(PCollection<KV<String, String>> buckets) {
        int parts = this.parts;
        return buckets.apply("GroupByBucket", GroupByKey.create())
                .apply("MarkLargerMembers", ParDo.of(new MarkLargerMembersFn()))
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

    private static final class BandBucketsFn extends DoFn<Document, KV<String, String>> {
        private final SerializableFunction<Document, List<String>> bandKeys;

        BandBucketsFn(SerializableFunction<Document, List<String>> bandKeys) {
            this.bandKeys = bandKeys;
        }

        @ProcessElement
        public void process(ProcessContext c) {
            String interrupted = StageClock.switchTo(StageClock.MINHASH);
            String key = DocKeys.of(c.element());
            List<String> buckets = bandKeys.apply(c.element());
            StageClock.switchTo(interrupted);
            for (String bucket : buckets) c.output(KV.of(bucket, key));
        }
    }

    /**
     * For a bucket of n members, n-1 marks: every member but the smallest. One pass (Flink's
     * grouped values can be iterated once): a member is marked as soon as a smaller one has been
     * seen, and the running smallest when a smaller one arrives. The mark's value names a smaller
     * bucket-mate.
     */
    private static final class MarkLargerMembersFn
            extends DoFn<KV<String, Iterable<String>>, KV<String, String>> {
        @ProcessElement
        public void process(ProcessContext c) {
            String smallest = null;
            for (String member : c.element().getValue()) {
                if (smallest == null) {
                    smallest = member;
                } else if (member.compareTo(smallest) < 0) {
                    c.output(KV.of(smallest, member));
                    smallest = member;
                } else if (!member.equals(smallest)) {
                    c.output(KV.of(member, smallest));
                }
            }
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
