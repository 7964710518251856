package dev.mixlab.pipelines.curate;

import dev.mixlab.filters.Document;
import dev.mixlab.io.StoragePaths;
import dev.mixlab.mixtures.pool.InputSnapshot;
import dev.mixlab.mixtures.spec.FieldMapping;
import dev.mixlab.pipelines.read.CorpusReader;
import dev.mixlab.pipelines.read.Quarantined;
import dev.mixlab.pipelines.read.ReadLimits;
import dev.mixlab.pipelines.read.ReadSink;
import dev.mixlab.pipelines.read.ReadTask;
import java.nio.file.Path;
import org.apache.beam.sdk.values.KV;

/**
 * Runs one read task; every record it meets is counted once, as a document, a skip or a quarantine.
 *
 * <p>The task's file must be, before and after it is read, the file the pool's fingerprint
 * describes ({@link InputSnapshot#requireUnchanged}). A file that vanished, appeared or changed in
 * between fails the job, so no pool is ever published under the fingerprint of inputs it did not
 * read completely; a retried task (Flink) succeeds if the file is back as it was.
 */
final class ReadDocumentsFn extends StageFn<KV<Integer, ReadTask>> {
    private final String pool;
    private final FieldMapping fields;
    private final ReadLimits limits;
    private final InputSnapshot inputs;
    private final boolean nameTask;

    /**
     * @param pool the source whose pool the documents are read for
     * @param nameTask whether every document names its read task's index under {@link
     *     DropExactDuplicates#READ_TASK}, for exact dedup to read the task again
     */
    ReadDocumentsFn(
            String pool,
            FieldMapping fields,
            ReadLimits limits,
            InputSnapshot inputs,
            boolean nameTask) {
        super(Ledger.Stage.READ);
        this.pool = pool;
        this.fields = fields;
        this.limits = limits;
        this.inputs = inputs;
        this.nameTask = nameTask;
    }

    @Override
    public void process(ProcessContext c) {
        Path file = StoragePaths.of(c.element().getValue().path());
        inputs.requireUnchanged(file, pool);
        read(c);
        inputs.requireUnchanged(file, pool);
    }

    private void read(ProcessContext c) {
        String task = String.valueOf(c.element().getKey());
        CorpusReader.read(
                c.element().getValue(),
                fields,
                limits,
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
