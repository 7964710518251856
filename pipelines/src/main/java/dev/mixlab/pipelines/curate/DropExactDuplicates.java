package dev.mixlab.pipelines.curate;

import dev.mixlab.filters.Document;
import org.apache.beam.sdk.coders.BooleanCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
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
 * Exact dedup: documents with the same normalised text (by a 128-bit hash) collapse to the one with
 * the smallest key; the others are dropped as {@code exact_dedup.duplicate}. With {@code
 * dedup.across_sources}, a document whose text also occurs in one of those sources is dropped as
 * {@code exact_dedup.in_other_source}: this source defers to them (they keep their copy).
 */
final class DropExactDuplicates extends PTransform<PCollection<Document>, PCollectionTuple> {
    static final String REASON = "exact_dedup.duplicate";
    static final String REASON_ELSEWHERE = "exact_dedup.in_other_source";

    // Static: an anonymous tag made inside expand() would capture this transform and its
    // PCollection.
    private static final TupleTag<Document> DOCUMENTS = new TupleTag<>() {};
    private static final TupleTag<Boolean> ELSEWHERE = new TupleTag<>() {};

    private final PCollection<String> textHashesElsewhere;

    /**
     * @param textHashesElsewhere text hashes of the sources this one defers to (empty when none)
     */
    DropExactDuplicates(PCollection<String> textHashesElsewhere) {
        this.textHashesElsewhere = textHashesElsewhere;
    }

    @Override
    public PCollectionTuple expand(PCollection<Document> docs) {
        PCollection<KV<String, Document>> byText =
                docs.apply(
                        "KeyByTextHash",
                        WithKeys.of((Document d) -> DocKeys.textHash(d.text()))
                                .withKeyType(TypeDescriptors.strings()));
        PCollection<KV<String, Boolean>> seenElsewhere =
                textHashesElsewhere
                        .apply(
                                "MarkElsewhere",
                                MapElements.into(
                                                TypeDescriptors.kvs(
                                                        TypeDescriptors.strings(),
                                                        TypeDescriptors.booleans()))
                                        .via((String hash) -> KV.of(hash, true)))
                        .setCoder(KvCoder.of(StringUtf8Coder.of(), BooleanCoder.of()));
        return KeyedPCollectionTuple.of(DOCUMENTS, byText)
                .and(ELSEWHERE, seenElsewhere)
                .apply("GroupByText", CoGroupByKey.create())
                .apply("KeepSmallest", CurationTags.stage(new KeepSmallestFn()));
    }

    private static final class KeepSmallestFn extends StageFn<KV<String, CoGbkResult>> {
        KeepSmallestFn() {
            super(Ledger.Stage.EXACT_DEDUP);
        }

        /**
         * One pass (Flink's grouped values can be iterated once): the running smallest survives,
         * the rest drop.
         */
        @Override
        public void process(ProcessContext c) {
            boolean inOtherSource = c.element().getValue().getAll(ELSEWHERE).iterator().hasNext();
            Document smallest = null;
            String smallestKey = null;
            for (Document d : c.element().getValue().getAll(DOCUMENTS)) {
                countIn(d);
                if (inOtherSource) {
                    drop(d, REASON_ELSEWHERE);
                    continue;
                }
                String key = DocKeys.of(d);
                if (smallest == null) {
                    smallest = d;
                    smallestKey = key;
                } else if (key.compareTo(smallestKey) < 0) {
                    drop(smallest, REASON);
                    smallest = d;
                    smallestKey = key;
                } else {
                    drop(d, REASON);
                }
            }
            if (smallest != null) keep(c, smallest);
        }
    }
}
