package dev.mixlab.pipelines.curate;

import dev.mixlab.filters.Document;
import dev.mixlab.pipelines.read.Quarantined;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * The three outputs of every curation stage: surviving documents, ledger counts, quarantined
 * records.
 */
final class CurationTags {
    static final TupleTag<Document> DOCUMENTS = new TupleTag<>() {};
    static final TupleTag<KV<String, Long>> LEDGER = new TupleTag<>() {};
    static final TupleTag<Quarantined> QUARANTINE = new TupleTag<>() {};

    /**
     * Near-dedup bucket memberships of kept documents, packed by shard ({@link BucketShards}), from
     * a filter stage that measures them with the features its filters already computed.
     */
    static final TupleTag<KV<Integer, BucketBlock>> BUCKETS = new TupleTag<>() {};

    private CurationTags() {}

    /**
     * {@code fn} as a stage with the three outputs; more tags (e.g. {@link #BUCKETS}) may follow.
     */
    static <I> ParDo.MultiOutput<I, Document> stage(DoFn<I, Document> fn, TupleTag<?>... more) {
        TupleTagList others = TupleTagList.of(LEDGER).and(QUARANTINE);
        for (TupleTag<?> tag : more) others = others.and(tag);
        return ParDo.of(fn).withOutputTags(DOCUMENTS, others);
    }
}
