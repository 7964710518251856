package dev.mixlab.pipelines.curate;

import dev.mixlab.filters.Document;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Exact dedup: documents with the same normalised text (by a 128-bit hash) collapse to the one with
 * the smallest key; the others are dropped as {@code exact_dedup.duplicate}.
 */
final class DropExactDuplicates extends PTransform<PCollection<Document>, PCollectionTuple> {
    static final String REASON = "exact_dedup.duplicate";

    @Override
    public PCollectionTuple expand(PCollection<Document> docs) {
        return docs
                .apply("KeyByTextHash", WithKeys.of((Document d) -> DocKeys.textHash(d.text())).withKeyType(TypeDescriptors.strings()))
                .apply("GroupByText", GroupByKey.create())
                .apply("KeepSmallest", ParDo.of(new KeepSmallestFn())
                        .withOutputTags(CurationTags.DOCUMENTS, TupleTagList.of(CurationTags.LEDGER).and(CurationTags.QUARANTINE)));
    }

    private static final class KeepSmallestFn extends StageFn<KV<String, Iterable<Document>>> {
        KeepSmallestFn() {
            super("exact_dedup");
        }

        /** One pass (Flink's grouped values can be iterated once): the running smallest survives, the rest drop. */
        @ProcessElement
        public void process(ProcessContext c) {
            Document smallest = null;
            String smallestKey = null;
            for (Document d : c.element().getValue()) {
                countIn(c, d);
                String key = DocKeys.of(d);
                if (smallest == null) {
                    smallest = d;
                    smallestKey = key;
                } else if (key.compareTo(smallestKey) < 0) {
                    drop(c, smallest, REASON);
                    smallest = d;
                    smallestKey = key;
                } else {
                    drop(c, d, REASON);
                }
            }
            if (smallest != null) keep(c, smallest);
        }
    }
}
