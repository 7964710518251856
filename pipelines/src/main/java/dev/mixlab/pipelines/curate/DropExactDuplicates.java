package dev.mixlab.pipelines.curate;

import dev.mixlab.filters.Document;
import dev.mixlab.filters.normalise.TextNormaliser;
import dev.mixlab.pipelines.read.Quarantined;
import dev.mixlab.pipelines.read.ReadSink;
import dev.mixlab.pipelines.read.ReadTask;
import java.util.List;
import org.apache.beam.sdk.coders.BooleanCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.transforms.join.RawUnionValue;
import org.apache.beam.sdk.transforms.join.UnionCoder;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Exact dedup: documents with the same normalised text (by a 128-bit hash) collapse to the one with
 * the smallest key; the others are dropped as {@code exact_dedup.duplicate}. With {@code
 * dedup.across_sources}, a document whose text also occurs in one of those sources is dropped as
 * {@code exact_dedup.in_other_source}: this source defers to them (they keep their copy).
 *
 * <p>Documents do not cross this stage's shuffles. The read documents are reduced to {@link
 * TextCopy}s (text hash → key, read task, bytes), which are grouped by hash to decide the dropped
 * copies; those come back keyed by their read task, are grouped with the task, and the task is read
 * and normalised again, skipping them (as datatrove's exact dedup reads its input twice). The
 * second read is exact dedup's own cost, on its clock; it counts nothing, since the first read
 * counted every record. Reading again costs less CPU than shuffling every document once more, and
 * leaves the pool part's shuffle ({@link WriteParts}) as the only one that moves documents. Every
 * file is checked against the pool's input snapshot before and after each read, so a file that
 * changed in between fails the job rather than mixing two versions.
 */
final class DropExactDuplicates extends PTransform<PCollection<Document>, PCollectionTuple> {
    static final String REASON = "exact_dedup.duplicate";
    static final String REASON_ELSEWHERE = "exact_dedup.in_other_source";

    /**
     * Metadata naming the read task of a first-read document; those documents end at this stage, so
     * it never reaches a pool.
     */
    static final String READ_TASK = "mixlab.read_task";

    // Static: an anonymous tag made inside expand() would capture this transform and its
    // PCollection.
    private static final TupleTag<TextCopy> COPIES = new TupleTag<>() {};
    private static final TupleTag<Boolean> ELSEWHERE = new TupleTag<>() {};
    private static final TupleTag<KV<Integer, String>> DROPPED = new TupleTag<>() {};
    // The union tags of a read task's two kinds of element, in UnionByKey's order.
    private static final int TASK = 0;

    private final PCollection<String> textHashesElsewhere;
    private final PCollection<KV<Integer, ReadTask>> tasks;
    private final ReadAgainFn readAgain;

    /**
     * @param textHashesElsewhere text hashes of the sources this one defers to (empty when none)
     * @param tasks the source's read tasks by the index its first-read documents carry under {@link
     *     #READ_TASK}
     * @param reader how the first read read them
     */
    DropExactDuplicates(
            PCollection<String> textHashesElsewhere,
            PCollection<KV<Integer, ReadTask>> tasks,
            TaskReader reader) {
        this.textHashesElsewhere = textHashesElsewhere;
        this.tasks = tasks;
        this.readAgain = new ReadAgainFn(reader);
    }

    @Override
    public PCollectionTuple expand(PCollection<Document> docs) {
        PCollection<KV<String, TextCopy>> copies =
                docs.apply(
                                "TextCopies",
                                MapElements.into(
                                                TypeDescriptors.kvs(
                                                        TypeDescriptors.strings(),
                                                        TypeDescriptor.of(TextCopy.class)))
                                        .via(DropExactDuplicates::copyOf))
                        .setCoder(KvCoder.of(StringUtf8Coder.of(), TextCopy.CODER));
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
        PCollectionTuple verdicts =
                KeyedPCollectionTuple.of(COPIES, copies)
                        .and(ELSEWHERE, seenElsewhere)
                        .apply("GroupByText", CoGroupByKey.create())
                        .apply(
                                "KeepSmallest",
                                ParDo.of(new KeepSmallestFn())
                                        .withOutputTags(
                                                DROPPED, TupleTagList.of(CurationTags.LEDGER)));
        PCollection<KV<Integer, String>> dropped =
                verdicts.get(DROPPED).setCoder(KvCoder.of(VarIntCoder.of(), StringUtf8Coder.of()));

        PCollection<KV<Integer, RawUnionValue>> taskElements =
                UnionByKey.of(
                        "TasksAndDropped",
                        UnionCoder.of(
                                List.of(
                                        SerializableCoder.of(ReadTask.class),
                                        StringUtf8Coder.of())),
                        tasks,
                        dropped);
        PCollection<Document> kept =
                taskElements
                        .apply("GroupByTask", GroupByKey.create())
                        .apply("ReadKeptAgain", ParDo.of(readAgain))
                        .setCoder(DocumentCoder.INSTANCE);
        PCollection<Quarantined> none =
                docs.getPipeline()
                        .apply(
                                "NothingQuarantined",
                                Create.empty(SerializableCoder.of(Quarantined.class)));
        return PCollectionTuple.of(CurationTags.DOCUMENTS, kept)
                .and(CurationTags.LEDGER, verdicts.get(CurationTags.LEDGER))
                .and(CurationTags.QUARANTINE, none);
    }

    private static KV<String, TextCopy> copyOf(Document doc) {
        String text = doc.text();
        return KV.of(
                DocKeys.textHash(text),
                new TextCopy(
                        DocKeys.of(doc),
                        Integer.parseInt(doc.metadata().get(READ_TASK)),
                        StageFn.utf8Bytes(text)));
    }

    /**
     * The copies of one text: the smallest key survives, the others are dropped and sent back to
     * their read task. One pass (Flink's grouped values can be iterated once).
     */
    private static final class KeepSmallestFn
            extends CountingFn<KV<String, CoGbkResult>, KV<Integer, String>> {
        private static final String IN = Ledger.Stage.EXACT_DEDUP.in();
        private static final String OUT = Ledger.Stage.EXACT_DEDUP.out();

        @ProcessElement
        public void process(ProcessContext c) {
            StageClock.charge(Ledger.Stage.EXACT_DEDUP.ledgerName(), () -> decide(c));
        }

        private void decide(ProcessContext c) {
            boolean inOtherSource = c.element().getValue().getAll(ELSEWHERE).iterator().hasNext();
            TextCopy smallest = null;
            for (TextCopy copy : c.element().getValue().getAll(COPIES)) {
                countDocument(IN, copy.bytes());
                if (inOtherSource) {
                    drop(c, copy, REASON_ELSEWHERE);
                } else if (smallest == null) {
                    smallest = copy;
                } else if (copy.key().compareTo(smallest.key()) < 0) {
                    drop(c, smallest, REASON);
                    smallest = copy;
                } else {
                    drop(c, copy, REASON);
                }
            }
            if (smallest != null) countDocument(OUT, smallest.bytes());
        }

        private void drop(ProcessContext c, TextCopy copy, String reason) {
            countDocument(Ledger.DROPPED + reason, copy.bytes());
            c.output(DROPPED, KV.of(copy.task(), copy.key()));
        }
    }

    /**
     * Reads one task again, normalises what it reads as {@link NormaliseFn} did and passes on the
     * documents not dropped. Records that the first read quarantined or skipped are met again and
     * ignored: they were counted then.
     */
    private static final class ReadAgainFn
            extends DoFn<KV<Integer, Iterable<RawUnionValue>>, Document> {
        private final TaskReader reader;

        ReadAgainFn(TaskReader reader) {
            this.reader = reader;
        }

        @ProcessElement
        public void process(ProcessContext c) {
            ReadTask task = null;
            DroppedKeys dropped = new DroppedKeys();
            for (RawUnionValue element : c.element().getValue()) {
                if (element.getUnionTag() == TASK) task = (ReadTask) element.getValue();
                else dropped.add((String) element.getValue());
            }
            if (task == null)
                throw new IllegalStateException(
                        "exact dedup dropped documents of read task "
                                + c.element().getKey()
                                + ", which does not exist");
            ReadTask read = task;
            StageClock.charge(
                    Ledger.Stage.EXACT_DEDUP.ledgerName(), () -> readKept(c, read, dropped));
        }

        private void readKept(ProcessContext c, ReadTask task, DroppedKeys dropped) {
            reader.read(
                    task,
                    new ReadSink() {
                        @Override
                        public void document(Document document) {
                            if (!(TextNormaliser.normalise(document.text())
                                    instanceof TextNormaliser.Accepted accepted)) return;
                            Document normalised = NormaliseFn.withText(document, accepted);
                            if (dropped.size() == 0 || !dropped.contains(DocKeys.of(normalised))) {
                                CurationProgress.recordReadAgain();
                                c.output(normalised);
                            }
                        }

                        @Override
                        public void quarantine(Quarantined record) {}

                        @Override
                        public void skip(String location, String reason) {}
                    });
        }
    }
}
