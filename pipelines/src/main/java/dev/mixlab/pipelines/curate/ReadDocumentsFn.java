package dev.mixlab.pipelines.curate;

import dev.mixlab.filters.Document;
import dev.mixlab.mixtures.spec.FieldMapping;
import dev.mixlab.pipelines.read.CorpusReader;
import dev.mixlab.pipelines.read.Quarantined;
import dev.mixlab.pipelines.read.ReadLimits;
import dev.mixlab.pipelines.read.ReadSink;
import dev.mixlab.pipelines.read.ReadTask;

/**
 * Runs one read task; every record it meets is counted once, as a document, a skip or a quarantine.
 */
final class ReadDocumentsFn extends StageFn<ReadTask> {
    private final FieldMapping fields;
    private final ReadLimits limits;

    ReadDocumentsFn(FieldMapping fields, ReadLimits limits) {
        super(Ledger.Stage.READ);
        this.fields = fields;
        this.limits = limits;
    }

    @ProcessElement
    public void process(ProcessContext c) {
        CorpusReader.read(
                c.element(),
                fields,
                limits,
                new ReadSink() {
                    @Override
                    public void document(Document document) {
                        count(Ledger.docs(Ledger.RECORDS), 1);
                        countIn(document);
                        CurationProgress.record(utf8Bytes(document.text()));
                        keep(c, document);
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
