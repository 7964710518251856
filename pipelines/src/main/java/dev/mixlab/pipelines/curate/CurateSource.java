package dev.mixlab.pipelines.curate;

import dev.mixlab.filters.CurationStep;
import dev.mixlab.filters.Document;
import dev.mixlab.mixtures.pool.InputSnapshot;
import dev.mixlab.pipelines.read.Quarantined;
import dev.mixlab.pipelines.read.ReadTask;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * The curation of one source as a Beam composite that reads like its data flow: ReadDocuments →
 * Normalise → DropExactDuplicates → Decontaminate → ApplyFilters → MarkNearDuplicates → WriteParts
 * (drop the near-dedup marked, RedactPii, Tokenize, write). Every stage also feeds the ledger and
 * the quarantine. Applied once per source, under the source's name, so that all the sources of a
 * run share one job.
 *
 * <p>Whole documents cross one shuffle: {@link WriteParts} groups them by pool part together with
 * the near-dedup marks. Exact dedup shuffles text hashes with document keys and reads the kept
 * documents again ({@link DropExactDuplicates}); near dedup shuffles bucket memberships packed by
 * shard, and the marks ({@link MarkNearDuplicates}).
 */
final class CurateSource extends PTransform<PBegin, PDone> {
    private final CurationPlan plan;
    private final List<ReadTask> tasks;
    private final Map<String, List<ReadTask>> deferTo;
    private final InputSnapshot inputs;
    private final String poolDir;
    private final int parts;
    private final Decontaminate decontaminate;
    // Filled while expanding: what every stage adds to the ledger and the quarantine.
    private final transient List<PCollection<KV<String, Long>>> ledger = new ArrayList<>();
    private final transient List<PCollection<Quarantined>> quarantine = new ArrayList<>();

    /**
     * Writes into {@code poolDir} (the temporary pool directory) in {@code parts} parts per split.
     * {@code deferTo} holds the read tasks of the sources named in {@code dedup.across_sources};
     * every file read must be as {@code inputs} (the pool fingerprint's snapshot) describes. {@code
     * decontaminate} checks documents against evaluation sets, or is null when no set applies to
     * the source.
     */
    CurateSource(
            CurationPlan plan,
            List<ReadTask> tasks,
            Map<String, List<ReadTask>> deferTo,
            InputSnapshot inputs,
            String poolDir,
            int parts,
            Decontaminate decontaminate) {
        this.plan = plan;
        this.tasks = List.copyOf(tasks);
        this.inputs = inputs;
        this.deferTo = new LinkedHashMap<>(deferTo);
        this.poolDir = poolDir;
        this.parts = parts;
        this.decontaminate = decontaminate;
    }

    @Override
    public PDone expand(PBegin begin) {
        PCollection<KV<Integer, ReadTask>> indexedTasks = indexed(begin, "ReadTasks", tasks);
        TaskReader reader = new TaskReader(plan.source(), plan.fields(), plan.limits(), inputs);
        PCollection<Document> docs =
                stage(
                        indexedTasks.apply("SpreadReadTasks", Reshuffle.viaRandomKey()),
                        Ledger.Stage.READ.stepName(),
                        new ReadDocumentsFn(reader, plan.exactDedup()));
        docs = stage(docs, Ledger.Stage.NORMALISE.stepName(), new NormaliseFn());
        if (plan.exactDedup()) {
            docs =
                    collect(
                            docs.apply(
                                    Ledger.Stage.EXACT_DEDUP.stepName(),
                                    new DropExactDuplicates(
                                            textHashesOf(begin, deferTo), indexedTasks, reader)));
        }
        if (decontaminate != null)
            docs = collect(docs.apply(Ledger.Stage.DECONTAMINATE.stepName(), decontaminate));
        NearDedup nearDedup = plan.nearDedup();
        BucketShards shards = BucketShards.forInputBytes(storedBytes());
        PCollection<KV<Integer, BucketBlock>> buckets = null;
        if (!plan.filters().isEmpty() && nearDedup != null) {
            // The filters' shared features also give the MinHash shingles of the kept documents.
            PCollectionTuple filtered =
                    docs.apply(
                            Ledger.Stage.FILTERS.stepName(),
                            CurationTags.stage(
                                    new ApplyStepsFn(
                                            Ledger.Stage.FILTERS,
                                            plan.filters(),
                                            nearDedup,
                                            shards),
                                    CurationTags.BUCKETS));
            docs = collect(filtered);
            buckets =
                    filtered.get(CurationTags.BUCKETS)
                            .setCoder(KvCoder.of(VarIntCoder.of(), BucketBlock.CODER));
        } else if (!plan.filters().isEmpty()) {
            docs = catalogSteps(docs, Ledger.Stage.FILTERS, plan.filters());
        }
        PCollection<KV<Integer, String>> nearDuplicates = null;
        if (nearDedup != null) {
            if (buckets == null)
                buckets = MarkNearDuplicates.bucketsOf(docs, nearDedup::bandKeys, shards);
            nearDuplicates =
                    buckets.apply(
                            Ledger.Stage.NEAR_DEDUP.stepName(), new MarkNearDuplicates(parts));
        }
        ApplyStepsFn afterDedup =
                plan.afterDedup().isEmpty()
                        ? null
                        : new ApplyStepsFn(Ledger.Stage.AFTER_NEAR_DEDUP, plan.afterDedup());
        ledger.add(
                docs.apply(
                        "WriteParts",
                        new WriteParts(
                                nearDuplicates,
                                afterDedup,
                                new TokenizeFn(plan.tokenizer(), plan.heldoutFraction()),
                                poolDir,
                                parts)));
        WritePool.quarantine(
                PCollectionList.of(quarantine)
                        .apply("AllQuarantined", Flatten.pCollections())
                        .setCoder(SerializableCoder.of(Quarantined.class)),
                poolDir);
        WritePool.ledger(
                PCollectionList.of(ledger).apply("AllCounts", Flatten.pCollections()), poolDir);
        return PDone.in(begin.getPipeline());
    }

    /**
     * The size of the source's input files as stored (compressed), which sizes near dedup's shards.
     */
    private long storedBytes() {
        long bytes = 0;
        for (InputSnapshot.Entry entry : inputs.entries()) bytes += entry.size();
        return bytes;
    }

    /**
     * Normalised-text hashes of other sources, read with their own field mappings. Their counts and
     * quarantines belong to their own pools, so only the documents are used here.
     */
    private PCollection<String> textHashesOf(PBegin begin, Map<String, List<ReadTask>> sources) {
        List<PCollection<String>> hashes = new ArrayList<>();
        for (Map.Entry<String, List<ReadTask>> source : sources.entrySet()) {
            String name = "OtherSource-" + source.getKey();
            PCollection<KV<Integer, ReadTask>> tasks =
                    indexed(begin, name + "/ReadTasks", source.getValue())
                            .apply(name + "/Spread", Reshuffle.viaRandomKey());
            PCollection<Document> docs =
                    documentsOnly(
                            tasks,
                            name + "/Read",
                            new ReadDocumentsFn(
                                    new TaskReader(
                                            plan.source(),
                                            plan.acrossSources().get(source.getKey()),
                                            plan.limits(),
                                            inputs),
                                    false));
            hashes.add(
                    documentsOnly(docs, name + "/Normalise", new NormaliseFn())
                            .apply(
                                    name + "/TextHash",
                                    MapElements.into(TypeDescriptors.strings())
                                            .via((Document d) -> DocKeys.textHash(d.text()))));
        }
        if (hashes.isEmpty())
            return begin.apply("NoOtherSources", Create.empty(StringUtf8Coder.of()));
        return PCollectionList.of(hashes).apply("OtherSourceHashes", Flatten.pCollections());
    }

    /** Read tasks keyed by their position in {@code tasks}. */
    private static PCollection<KV<Integer, ReadTask>> indexed(
            PBegin begin, String name, List<ReadTask> tasks) {
        List<KV<Integer, ReadTask>> indexed = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i++) indexed.add(KV.of(i, tasks.get(i)));
        return begin.apply(
                name,
                Create.of(indexed)
                        .withCoder(
                                KvCoder.of(
                                        VarIntCoder.of(), SerializableCoder.of(ReadTask.class))));
    }

    private <I> PCollection<Document> documentsOnly(
            PCollection<I> input, String name, DoFn<I, Document> fn) {
        return input.apply(name, CurationTags.stage(fn))
                .get(CurationTags.DOCUMENTS)
                .setCoder(DocumentCoder.INSTANCE);
    }

    private PCollection<Document> catalogSteps(
            PCollection<Document> docs, Ledger.Stage stage, List<CurationStep> steps) {
        return stage(docs, stage.stepName(), new ApplyStepsFn(stage, steps));
    }

    private <I> PCollection<Document> stage(
            PCollection<I> input, String name, DoFn<I, Document> fn) {
        return collect(input.apply(name, CurationTags.stage(fn)));
    }

    /**
     * Keeps the stage's documents and routes its counts and quarantined records to the shared
     * outputs.
     */
    private PCollection<Document> collect(PCollectionTuple outputs) {
        ledger.add(
                outputs.get(CurationTags.LEDGER)
                        .setCoder(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of())));
        quarantine.add(
                outputs.get(CurationTags.QUARANTINE)
                        .setCoder(SerializableCoder.of(Quarantined.class)));
        return outputs.get(CurationTags.DOCUMENTS).setCoder(DocumentCoder.INSTANCE);
    }
}
