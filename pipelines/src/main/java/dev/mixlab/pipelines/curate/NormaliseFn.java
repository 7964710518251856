package dev.mixlab.pipelines.curate;

import dev.mixlab.filters.Document;
import dev.mixlab.filters.normalise.TextNormaliser;
import dev.mixlab.pipelines.read.DocumentLocation;
import dev.mixlab.pipelines.read.Quarantined;

/**
 * Unicode NFC, control characters stripped, line ends unified; empty results go to the quarantine.
 */
final class NormaliseFn extends StageFn<Document> {
    NormaliseFn() {
        super(Ledger.Stage.NORMALISE);
    }

    @Override
    public void process(ProcessContext c) {
        Document doc = c.element();
        countIn(doc);
        TextNormaliser.Normalised result = TextNormaliser.normalise(doc.text());
        if (result instanceof TextNormaliser.Accepted accepted) {
            keep(c, withText(doc, accepted));
        } else {
            TextNormaliser.Rejected rejected = (TextNormaliser.Rejected) result;
            quarantine(
                    c,
                    new Quarantined(
                            doc.source(),
                            doc.metadata().getOrDefault(DocumentLocation.KEY, doc.id()),
                            rejected.reason(),
                            rejected.detail()));
        }
    }

    /** {@code doc} with its accepted normalised text (the same object when nothing changed). */
    static Document withText(Document doc, TextNormaliser.Accepted accepted) {
        return accepted.text().equals(doc.text()) ? doc : doc.withText(accepted.text());
    }
}
