package dev.mixlab.pipelines.curate;

import dev.mixlab.filters.Document;
import dev.mixlab.pipelines.read.Quarantined;
import org.apache.beam.sdk.transforms.DoFn;

/**
 * Base of the per-document stages: counts what comes in, what goes out and every drop or quarantine
 * with its reason, so each stage's effect is reported and conservation can be checked.
 */
abstract class StageFn<I> extends DoFn<I, Document> {
    private final String stage;

    StageFn(String stage) {
        this.stage = stage;
    }

    static long utf8Bytes(String text) {
        long n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) n += 1;
            else if (c < 0x800) n += 2;
            else if (Character.isHighSurrogate(c)) { n += 4; i++; }
            else n += 3;
        }
        return n;
    }

    void countIn(ProcessContext c, Document doc) {
        c.output(CurationTags.LEDGER, Ledger.docs(Ledger.stageIn(stage)));
        c.output(CurationTags.LEDGER, Ledger.bytes(Ledger.stageIn(stage), utf8Bytes(doc.text())));
    }

    void keep(ProcessContext c, Document doc) {
        c.output(CurationTags.LEDGER, Ledger.docs(Ledger.stageOut(stage)));
        c.output(CurationTags.LEDGER, Ledger.bytes(Ledger.stageOut(stage), utf8Bytes(doc.text())));
        c.output(doc);
    }

    void drop(ProcessContext c, Document doc, String reason) {
        c.output(CurationTags.LEDGER, Ledger.docs(Ledger.DROPPED + reason));
        c.output(CurationTags.LEDGER, Ledger.bytes(Ledger.DROPPED + reason, utf8Bytes(doc.text())));
    }

    void quarantine(ProcessContext c, Quarantined record) {
        c.output(CurationTags.LEDGER, Ledger.docs(Ledger.QUARANTINED + record.reason()));
        c.output(CurationTags.QUARANTINE, record);
    }
}
