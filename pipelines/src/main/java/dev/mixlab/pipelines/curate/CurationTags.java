package dev.mixlab.pipelines.curate;

import dev.mixlab.filters.Document;
import dev.mixlab.pipelines.read.Quarantined;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TupleTag;

/**
 * The three outputs of every curation stage: surviving documents, ledger counts, quarantined
 * records.
 */
final class CurationTags {
    static final TupleTag<Document> DOCUMENTS = new TupleTag<>() {};
    static final TupleTag<KV<String, Long>> LEDGER = new TupleTag<>() {};
    static final TupleTag<Quarantined> QUARANTINE = new TupleTag<>() {};

    private CurationTags() {}
}
