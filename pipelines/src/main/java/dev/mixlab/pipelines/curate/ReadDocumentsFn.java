package dev.mixlab.pipelines.curate;

import dev.mixlab.filters.Document;
import dev.mixlab.pipelines.read.Quarantined;
import dev.mixlab.pipelines.read.ReadSink;
import dev.mixlab.pipelines.read.ReadTask;
import org.apache.beam.sdk.values.KV;

/**
 * Runs one read task ({@link TaskReader}); every record it meets is counted once, as a document, a
 * skip or a quarantine.
 */
final class ReadDocumentsFn extends StageFn<KV<Integer, ReadTask>> {
    private final TaskReader reader;
    private final boolean nameTask;

    /**
     * @param nameTask whether every document names its read task's index under {@link
     *     DropExactDuplicates#READ_TASK}, for exact dedup to read the task again
     */
    ReadDocumentsFn(TaskReader reader, boolean nameTask) {
        super(Ledger.Stage.READ);
        this.reader = reader;
        this.nameTask = nameTask;
    }

    @Override
    public void process(ProcessContext c) {
        String task = String.valueOf(c.element().getKey());
        reader.read(
                c.element().getValue(),
                new ReadSink() {
                    @Override
                    public void document(Document document) {
                        count(Ledger.docs(Ledger.RECORDS), 1);
                        countIn(document);
                        CurationProgress.record(utf8Bytes(document.text()));
                        keep(
                                c,
                                nameTask
                                        ? document.withMetadata(DropExactDuplicates.READ_TASK, task)
                                        : document);
                    }

                    @Override
                    public void quarantine(Quarantined record) {
                        count(Ledger.docs(Ledger.RECORDS), 1);
                        CurationProgress.record(0);
                        ReadDocumentsFn.this.quarantine(c, record);
                    }

                    @Override
                    public void skip(String location, String reason) {
                        count(Ledger.docs(Ledger.RECORDS), 1);
                        count(Ledger.docs(Ledger.DROPPED + reason), 1);
                        CurationProgress.record(0);
                    }
                });
    }
}
