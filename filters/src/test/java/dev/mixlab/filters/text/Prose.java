package dev.mixlab.filters.text;

import dev.mixlab.filters.Document;
import dev.mixlab.filters.DocumentFilter;
import dev.mixlab.filters.Verdict;
import java.util.Collections;
import java.util.Map;

/** Small hand-written texts for rule-by-rule tests; real-data tests use Europarl. */
final class Prose {

    /** 5 sentences, 76 words, ordinary English: passes every text filter at its defaults. */
    static final String COMMITTEE =
            "The committee met on Tuesday to discuss the new budget for the region. "
                    + "Members raised several questions about the cost of the rail project and the timeline for its completion. "
                    + "The chair promised that a detailed report would be published before the end of the month. "
                    + "Several speakers argued that the money should be spent on schools and hospitals instead. "
                    + "After a long debate, the proposal was sent back to the working group for further study.";

    private Prose() {}

    static Document text(String text) {
        return new Document("test", "test", Document.KIND_TEXT, text, Map.of());
    }

    static Document text(String text, String lang) {
        return new Document("test", "test", Document.KIND_TEXT, text, Map.of(Document.LANG, lang));
    }

    /** The reason code {@code filter} drops {@code text} for, or "kept". */
    static String reason(DocumentFilter filter, String text) {
        Verdict verdict = filter.apply(text(text));
        return verdict instanceof Verdict.Drop drop ? drop.reason() : "kept";
    }

    static String repeat(String unit, int times, String separator) {
        return String.join(separator, Collections.nCopies(times, unit));
    }
}
