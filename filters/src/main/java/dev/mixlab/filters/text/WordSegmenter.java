package dev.mixlab.filters.text;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * Splits prose into words with Lucene's {@link StandardTokenizer} (Unicode UAX #29 word
 * boundaries): punctuation is dropped, numbers are words, CJK ideographs are one word each.
 *
 * <p>A tokenizer is expensive to build and not thread-safe, so each thread keeps one and resets it
 * for every text. The filters of a document share one segmentation through {@link TextFeatures}.
 */
public final class WordSegmenter {

    private static final ThreadLocal<ReusableTokenizer> TOKENIZER =
            ThreadLocal.withInitial(ReusableTokenizer::new);

    private WordSegmenter() {}

    /** The words of {@code text} in order, with their original case; the list is unmodifiable. */
    public static List<String> words(String text) {
        return Collections.unmodifiableList(TOKENIZER.get().segment(text));
    }

    private static final class ReusableTokenizer {
        private final StandardTokenizer tokenizer = new StandardTokenizer();
        private final CharTermAttribute term = tokenizer.addAttribute(CharTermAttribute.class);

        private List<String> segment(String text) {
            List<String> words = new ArrayList<>(text.length() / 6 + 1);
            try {
                tokenizer.setReader(new StringReader(text));
                try {
                    tokenizer.reset();
                    while (tokenizer.incrementToken()) {
                        words.add(term.toString());
                    }
                    tokenizer.end();
                } finally {
                    tokenizer.close();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("reading from a StringReader cannot fail", e);
            }
            return words;
        }
    }
}
