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
 * <p>Whole documents cross two shuffles: exact dedup groups them by text hash, and {@link
 * WriteParts} groups them by pool part together with the near-dedup marks. Near dedup itself
 * shuffles only {@code bucket → document key} pairs and the marks ({@link MarkNearDuplicates}).
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
        PCollection<ReadTask> readTasks =
                begin.apply(
                                "ReadTasks",
                                Create.of(tasks).withCoder(SerializableCoder.of(ReadTask.class)))
                        .apply("SpreadReadTasks", Reshuffle.viaRandomKey());
        PCollection<Document> docs =
                stage(
                        readTasks,
                        Ledger.Stage.READ.stepName(),
                        new ReadDocumentsFn(plan.source(), plan.fields(), plan.limits(), inputs));
        docs = stage(docs, Ledger.Stage.NORMALISE.stepName(), new NormaliseFn());
        if (plan.exactDedup()) {
            docs =
                    collect(
                            docs.apply(
                                    Ledger.Stage.EXACT_DEDUP.stepName(),
                                    new DropExactDuplicates(textHashesOf(begin, deferTo))));
        }
        if (decontaminate != null)
            docs = collect(docs.apply(Ledger.Stage.DECONTAMINATE.stepName(), decontaminate));
        NearDedup nearDedup = plan.nearDedup();
        PCollection<KV<String, String>> buckets = null;
        if (!plan.filters().isEmpty() && nearDedup != null) {
            // The filters' shared features also give the MinHash shingles of the kept documents.
            PCollectionTuple filtered =
                    docs.apply(
                            Ledger.Stage.FILTERS.stepName(),
                            CurationTags.stage(
                                    new ApplyStepsFn(
                                            Ledger.Stage.FILTERS, plan.filters(), nearDedup),
                                    CurationTags.BUCKETS));
            docs = collect(filtered);
            buckets =
                    filtered.get(CurationTags.BUCKETS)
                            .setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()));
        } else if (!plan.filters().isEmpty()) {
            docs = catalogSteps(docs, Ledger.Stage.FILTERS, plan.filters());
        }
        PCollection<KV<Integer, String>> nearDuplicates = null;
        if (nearDedup != null) {
            if (buckets == null) buckets = MarkNearDuplicates.bucketsOf(docs, nearDedup::bandKeys);
            nearDuplicates =
                    buckets.setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()))
                            .apply(
                                    Ledger.Stage.NEAR_DEDUP.stepName(),
                                    new MarkNearDuplicates(parts));
        }
        ApplyStepsFn afterDedup =
                plan.afterDedup().isEmpty()
                        ? null
                        : new ApplyStepsFn(Ledger.Stage.AFTER_NEAR_DEDUP, plan.afterDedup(), null);
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
     * Normalised-text hashes of other sources, read with their own field mappings. Their counts and
     * quarantines belong to their own pools, so only the documents are used here.
     */
    private PCollection<String> textHashesOf(PBegin begin, Map<String, List<ReadTask>> sources) {
        List<PCollection<String>> hashes = new ArrayList<>();
        for (Map.Entry<String, List<ReadTask>> source : sources.entrySet()) {
            String name = "OtherSource-" + source.getKey();
            PCollection<ReadTask> tasks =
                    begin.apply(
                                    name + "/ReadTasks",
                                    Create.of(source.getValue())
                                            .withCoder(SerializableCoder.of(ReadTask.class)))
                            .apply(name + "/Spread", Reshuffle.viaRandomKey());
            PCollection<Document> docs =
                    documentsOnly(
                            tasks,
                            name + "/Read",
                            new ReadDocumentsFn(
                                    plan.source(),
                                    plan.acrossSources().get(source.getKey()),
                                    plan.limits(),
                                    inputs));
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

    private <I> PCollection<Document> documentsOnly(
            PCollection<I> input, String name, DoFn<I, Document> fn) {
        return input.apply(name, CurationTags.stage(fn))
                .get(CurationTags.DOCUMENTS)
                .setCoder(DocumentCoder.INSTANCE);
    }

    private PCollection<Document> catalogSteps(
            PCollection<Document> docs, Ledger.Stage stage, List<CurationStep> steps) {
        return stage(docs, stage.stepName(), new ApplyStepsFn(stage, steps, null));
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
