package dev.mixlab.pipelines.curate;

import dev.mixlab.filters.Document;
import dev.mixlab.mixtures.pool.PoolRecord;
import dev.mixlab.pipelines.read.Quarantined;
import dev.mixlab.pipelines.read.ReadTask;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * The curation of one source as a Beam pipeline that reads like its data flow:
 * ReadDocuments → Normalise → DropExactDuplicates → ApplyFilters → DropNearDuplicates → RedactPii →
 * Tokenize → WritePool. Every stage also feeds the ledger and the quarantine.
 */
public final class CurationPipeline {
    private final CurationPlan plan;
    private final List<PCollection<KV<String, Long>>> ledger = new ArrayList<>();
    private final List<PCollection<Quarantined>> quarantine = new ArrayList<>();

    private CurationPipeline(CurationPlan plan) {
        this.plan = plan;
    }

    /** Adds the source's curation to {@code pipeline}, writing into {@code poolDir} (the temporary pool directory). */
    static void build(Pipeline pipeline, CurationPlan plan, List<ReadTask> tasks, String poolDir, int parts) {
        new CurationPipeline(plan).expand(pipeline, tasks, poolDir, parts);
    }

    private void expand(Pipeline pipeline, List<ReadTask> tasks, String poolDir, int parts) {
        PCollection<ReadTask> readTasks = pipeline
                .apply("ReadTasks", Create.of(tasks).withCoder(SerializableCoder.of(ReadTask.class)))
                .apply("SpreadReadTasks", Reshuffle.viaRandomKey());
        PCollection<Document> docs = stage(readTasks, "ReadDocuments", new ReadDocumentsFn(plan.fields(), plan.limits()));
        docs = stage(docs, "Normalise", new NormaliseFn());
        if (plan.exactDedup()) docs = collect(docs.apply("DropExactDuplicates", new DropExactDuplicates()));
        if (!plan.filters().isEmpty()) docs = stage(docs, "ApplyFilters", new ApplyStepsFn("filters", plan.filters()));
        if (plan.nearDedup() != null) {
            NearDedup nearDedup = plan.nearDedup();
            docs = collect(docs.apply("DropNearDuplicates", new DropNearDuplicates(nearDedup::bandKeys)));
        }
        if (!plan.afterDedup().isEmpty()) docs = stage(docs, "RedactPii", new ApplyStepsFn("pii", plan.afterDedup()));

        PCollectionTuple tokenized = docs.apply("Tokenize", ParDo.of(new TokenizeFn(plan.tokenizer(), plan.heldoutFraction()))
                .withOutputTags(TokenizeFn.RECORDS, TupleTagList.of(CurationTags.LEDGER)));
        ledger.add(tokenized.get(CurationTags.LEDGER).setCoder(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of())));
        PCollection<PoolRecord> records = tokenized.get(TokenizeFn.RECORDS).setCoder(PoolRecordCoder.INSTANCE);

        WritePool.parts(records, poolDir, parts);
        WritePool.quarantine(PCollectionList.of(quarantine).apply("AllQuarantined", Flatten.pCollections())
                .setCoder(SerializableCoder.of(Quarantined.class)), poolDir);
        WritePool.ledger(PCollectionList.of(ledger).apply("AllCounts", Flatten.pCollections()), poolDir);
    }

    private <I> PCollection<Document> stage(PCollection<I> input, String name, DoFn<I, Document> fn) {
        return collect(input.apply(name, ParDo.of(fn)
                .withOutputTags(CurationTags.DOCUMENTS, TupleTagList.of(CurationTags.LEDGER).and(CurationTags.QUARANTINE))));
    }

    /** Keeps the stage's documents and routes its counts and quarantined records to the shared outputs. */
    private PCollection<Document> collect(PCollectionTuple outputs) {
        ledger.add(outputs.get(CurationTags.LEDGER).setCoder(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of())));
        quarantine.add(outputs.get(CurationTags.QUARANTINE).setCoder(SerializableCoder.of(Quarantined.class)));
        return outputs.get(CurationTags.DOCUMENTS).setCoder(DocumentCoder.INSTANCE);
    }
}
