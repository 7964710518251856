package dev.mixlab.pipelines.curate;

import dev.mixlab.filters.Document;
import java.util.List;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * MinHash-LSH near dedup, distributed: each document has one key per LSH band (from {@link
 * #bucketsOf}, or measured by the filter stage before it with the features its filters shared); a
 * shuffle groups documents by band bucket (no worker ever holds all signatures); within a bucket
 * every member but the smallest is marked as a duplicate of it; a join drops the marked documents.
 *
 * <p>Keep rule: a document is dropped iff it shares a bucket with a document of smaller key. So no
 * two kept documents share a bucket. In a chain A~B~C where A and C do not share a bucket, with
 * keys A < B and C < B, B is dropped and both A and C stay: a document is only dropped for a
 * neighbour that actually resembles it, never transitively through a dropped one
 * (connected-component dedup would also drop C).
 */
final class DropNearDuplicates extends PTransform<PCollection<Document>, PCollectionTuple> {
    static final String REASON = "near_dedup.duplicate";

    // Static: an anonymous tag made inside expand() would capture this transform and its
    // PCollection.
    private static final TupleTag<Document> DOCUMENT = new TupleTag<>() {};
    private static final TupleTag<String> DUPLICATE_OF = new TupleTag<>() {};

    private final PCollection<KV<String, String>> buckets;

    /**
     * @param buckets every document's bucket keys, as {@code bucket → document key}
     */
    DropNearDuplicates(PCollection<KV<String, String>> buckets) {
        this.buckets = buckets;
    }

    /** The bucket keys of {@code docs}, as {@code bucket → document key}. */
    static PCollection<KV<String, String>> bucketsOf(
            PCollection<Document> docs, SerializableFunction<Document, List<String>> bandKeys) {
        return docs.apply("BandBuckets", ParDo.of(new BandBucketsFn(bandKeys)));
    }

    @Override
    public PCollectionTuple expand(PCollection<Document> docs) {
        PCollection<KV<String, Document>> keyed =
                docs.apply(
                        "KeyByDocument",
                        WithKeys.of(DocKeys::of).withKeyType(TypeDescriptors.strings()));
        PCollection<KV<String, String>> duplicates =
                buckets.apply("GroupByBucket", GroupByKey.create())
                        .apply("MarkLargerMembers", ParDo.of(new MarkLargerMembersFn()))
                        .apply("OnePerDocument", Combine.perKey(SmallestOf::smaller));
        return KeyedPCollectionTuple.of(DOCUMENT, keyed)
                .and(DUPLICATE_OF, duplicates)
                .apply("JoinMarks", CoGroupByKey.create())
                .apply("DropMarked", CurationTags.stage(new DropMarkedFn(DOCUMENT, DUPLICATE_OF)));
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

    private static final class DropMarkedFn extends StageFn<KV<String, CoGbkResult>> {
        private final TupleTag<Document> documentTag;
        private final TupleTag<String> duplicateOfTag;

        DropMarkedFn(TupleTag<Document> documentTag, TupleTag<String> duplicateOfTag) {
            super(Ledger.Stage.NEAR_DEDUP);
            this.documentTag = documentTag;
            this.duplicateOfTag = duplicateOfTag;
        }

        @Override
        public void process(ProcessContext c) {
            boolean marked = c.element().getValue().getAll(duplicateOfTag).iterator().hasNext();
            for (Document doc : c.element().getValue().getAll(documentTag)) {
                countIn(doc);
                if (marked) drop(doc, REASON);
                else keep(c, doc);
            }
        }
    }
}
