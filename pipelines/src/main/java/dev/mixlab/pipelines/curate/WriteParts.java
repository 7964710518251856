package dev.mixlab.pipelines.curate;

import dev.mixlab.filters.Document;
import dev.mixlab.mixtures.pool.PoolRecord;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.join.RawUnionValue;
import org.apache.beam.sdk.transforms.join.UnionCoder;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * The last shuffle of a source's documents: one {@code GroupByKey} by pool part (the part {@link
 * WritePool#partOf} assigns by id) brings each part's documents together with the near-dedup marks
 * of that part ({@link MarkNearDuplicates}); the part's step then drops the marked documents, runs
 * the catalog steps after near dedup (PII redaction), tokenizes and writes the train and validation
 * files of the part. Near dedup's join and the writer's grouping are thus one shuffle. Returns the
 * ledger counts of near dedup, the after-dedup steps and the kept documents.
 */
final class WriteParts extends PTransform<PCollection<Document>, PCollection<KV<String, Long>>> {
    // Static: an anonymous tag made inside expand() would capture this transform.
    // The union tags of a part's two kinds of element.
    private static final int MARK = 0;
    private static final int DOCUMENT = 1;
    private static final TupleTag<Void> NOTHING = new TupleTag<>() {};

    private final PCollection<KV<Integer, String>> nearDuplicates;
    private final int parts;
    private final WritePartFn writePart;

    /**
     * @param nearDuplicates the near-dedup marks as {@code part → document key} (a key may come
     *     more than once), or null when the source has no near dedup (then nothing is counted for
     *     that stage)
     * @param afterDedup the catalog steps after near dedup, or null when there are none
     */
    WriteParts(
            PCollection<KV<Integer, String>> nearDuplicates,
            ApplyStepsFn afterDedup,
            TokenizeFn tokenize,
            String poolDir,
            int parts) {
        this.nearDuplicates = nearDuplicates;
        this.parts = parts;
        this.writePart =
                new WritePartFn(nearDuplicates != null, afterDedup, tokenize, poolDir, parts);
    }

    @Override
    public PCollection<KV<String, Long>> expand(PCollection<Document> docs) {
        int parts = this.parts;
        PCollection<KV<Integer, Document>> byPart =
                docs.apply(
                                "KeyByPart",
                                WithKeys.of((Document d) -> WritePool.partOf(d.id(), parts))
                                        .withKeyType(TypeDescriptors.integers()))
                        .setCoder(KvCoder.of(VarIntCoder.of(), DocumentCoder.INSTANCE));
        PCollection<KV<Integer, String>> marks =
                nearDuplicates != null
                        ? nearDuplicates
                        : docs.getPipeline()
                                .apply(
                                        "NoNearDedup",
                                        Create.empty(
                                                KvCoder.of(
                                                        VarIntCoder.of(), StringUtf8Coder.of())));
        PCollection<KV<Integer, RawUnionValue>> tagged =
                UnionByKey.of(
                        "MarksAndDocuments",
                        UnionCoder.of(List.of(StringUtf8Coder.of(), DocumentCoder.INSTANCE)),
                        marks,
                        byPart);
        return tagged.apply("GroupByPart", GroupByKey.create())
                .apply(
                        "WritePart",
                        ParDo.of(writePart)
                                .withOutputTags(NOTHING, TupleTagList.of(CurationTags.LEDGER)))
                .get(CurationTags.LEDGER)
                .setCoder(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of()));
    }

    private static final class WritePartFn
            extends CountingFn<KV<Integer, Iterable<RawUnionValue>>, Void> {
        private final boolean nearDedup;
        private final ApplyStepsFn afterDedup;
        private final TokenizeFn tokenize;
        private final String poolDir;
        private final int parts;

        WritePartFn(
                boolean nearDedup,
                ApplyStepsFn afterDedup,
                TokenizeFn tokenize,
                String poolDir,
                int parts) {
            this.nearDedup = nearDedup;
            this.afterDedup = afterDedup;
            this.tokenize = tokenize;
            this.poolDir = poolDir;
            this.parts = parts;
        }

        @Setup
        public void setup() {
            if (afterDedup != null) afterDedup.countInto(this);
            tokenize.countInto(this);
        }

        @ProcessElement
        public void process(ProcessContext c) {
            int part = c.element().getKey();
            // Marks and documents arrive mixed: the documents wait until every mark is known.
            Set<String> marked = new HashSet<>();
            List<Document> docs = new ArrayList<>();
            for (RawUnionValue value : c.element().getValue()) {
                if (value.getUnionTag() == MARK) marked.add((String) value.getValue());
                else docs.add((Document) value.getValue());
            }
            List<PoolRecord> train = new ArrayList<>();
            List<PoolRecord> validation = new ArrayList<>();
            for (int i = 0; i < docs.size(); i++) {
                Document doc = docs.set(i, null);
                if (nearDedup && !keptByNearDedup(doc, marked)) continue;
                if (afterDedup != null) {
                    doc = afterDedup.applyTo(doc);
                    if (doc == null) continue;
                }
                PoolRecord record = tokenize.tokenize(doc);
                (record.split() == PoolRecord.Split.VALIDATION ? validation : train).add(record);
            }
            StageClock.charge(
                    StageClock.WRITE_PARTS,
                    () -> {
                        if (!train.isEmpty())
                            WritePool.writePart(
                                    poolDir,
                                    WritePool.fileIndex(part, PoolRecord.Split.TRAIN, parts),
                                    train);
                        if (!validation.isEmpty())
                            WritePool.writePart(
                                    poolDir,
                                    WritePool.fileIndex(part, PoolRecord.Split.VALIDATION, parts),
                                    validation);
                    });
        }

        private boolean keptByNearDedup(Document doc, Set<String> marked) {
            boolean[] kept = new boolean[1];
            StageClock.charge(
                    Ledger.Stage.NEAR_DEDUP.ledgerName(),
                    () -> {
                        countDocument(Ledger.Stage.NEAR_DEDUP.in(), doc);
                        kept[0] = !marked.contains(DocKeys.of(doc));
                        countDocument(
                                kept[0]
                                        ? Ledger.Stage.NEAR_DEDUP.out()
                                        : Ledger.DROPPED + MarkNearDuplicates.REASON,
                                doc);
                    });
            return kept[0];
        }
    }
}
