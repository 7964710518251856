package dev.mixlab.filters.text;

import java.text.BreakIterator;
import java.util.Locale;

/**
 * Counts sentences with the JDK's rule-based sentence {@link BreakIterator}, which works for the
 * Latin, Greek and Cyrillic scripts without a per-language model. A segment counts only if it holds
 * a letter or digit, so stray punctuation is not a sentence.
 */
final class SentenceCounter {

    private static final ThreadLocal<BreakIterator> SENTENCES =
            ThreadLocal.withInitial(() -> BreakIterator.getSentenceInstance(Locale.ROOT));

    private SentenceCounter() {}

    static int count(String text) {
        BreakIterator sentences = SENTENCES.get();
        sentences.setText(text);
        int count = 0;
        int start = sentences.first();
        for (int end = sentences.next();
                end != BreakIterator.DONE;
                start = end, end = sentences.next()) {
            if (hasLetterOrDigit(text, start, end)) {
                count++;
            }
        }
        return count;
    }

    private static boolean hasLetterOrDigit(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (Character.isLetterOrDigit(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
