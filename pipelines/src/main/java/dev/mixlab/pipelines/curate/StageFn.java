package dev.mixlab.pipelines.curate;

import dev.mixlab.filters.Document;
import dev.mixlab.pipelines.read.Quarantined;

/**
 * Base of the per-document stages: counts what comes in, what goes out and every drop or quarantine
 * with its reason, so each stage's effect is reported and conservation can be checked.
 */
abstract class StageFn<I> extends CountingFn<I, Document> {
    private final Ledger.Stage stage;

    StageFn(Ledger.Stage stage) {
        this.stage = stage;
    }

    /** Runs {@link #process} on the stage's clock (see {@link StageClock}). */
    @ProcessElement
    public final void processElement(ProcessContext c) throws Exception {
        StageClock.charge(stage.ledgerName(), () -> process(c));
    }

    Ledger.Stage stage() {
        return stage;
    }

    /** The stage's work on one element. */
    abstract void process(ProcessContext c) throws Exception;

    static long utf8Bytes(String text) {
        long n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) n += 1;
            else if (c < 0x800) n += 2;
            else if (Character.isHighSurrogate(c)) {
                n += 4;
                i++;
            } else n += 3;
        }
        return n;
    }

    void countIn(Document doc) {
        countDocument(stage.in(), doc);
    }

    void keep(ProcessContext c, Document doc) {
        countOut(doc);
        c.output(doc);
    }

    void countOut(Document doc) {
        countDocument(stage.out(), doc);
    }

    void drop(Document doc, String reason) {
        countDocument(Ledger.DROPPED + reason, doc);
    }

    void quarantine(ProcessContext c, Quarantined record) {
        count(Ledger.docs(Ledger.QUARANTINED + record.reason()), 1);
        c.output(CurationTags.QUARANTINE, record);
    }
}
