package dev.mixlab.filters.text;

import dev.mixlab.filters.Hash64;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the text filters and MinHash measure of one document, each computed at most once: words,
 * their hashes and lengths, lines and paragraphs (per line-break rule), stop-word hits per language
 * and the lower-cased text. Several filters read the same features, so one object per document
 * replaces one segmentation per filter.
 *
 * <p>Features are computed when first asked for, so a filter that stops early (or a document that
 * no text filter reads) costs nothing more. Not thread-safe: one object belongs to the curation of
 * one document.
 */
public final class TextFeatures {
    private final String text;
    private List<String> words;
    private long[] wordHashes;
    private int[] wordLengths;
    private long wordChars;
    private List<String> lowerCaseWords;
    private int[] stopWordCounts;
    private String lowerCase;
    private final Map<LineBreaks, List<String>> lines = new HashMap<>(2);
    private final Map<LineBreaks, List<String>> paragraphs = new HashMap<>(2);

    public TextFeatures(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    /** The words from {@link WordSegmenter}, original case; unmodifiable. */
    public List<String> words() {
        if (words == null) words = WordSegmenter.words(text);
        return words;
    }

    /** {@link Hash64#of} of every word, in order. */
    public long[] wordHashes() {
        measureWords();
        return wordHashes;
    }

    /** The length in UTF-16 code units of every word, in order. */
    public int[] wordLengths() {
        measureWords();
        return wordLengths;
    }

    /** The summed length of all words. */
    public long wordChars() {
        measureWords();
        return wordChars;
    }

    /** The words lower-cased in the root locale (MinHash shingles of prose). */
    public List<String> lowerCaseWords() {
        if (lowerCaseWords == null) {
            List<String> lower = new ArrayList<>(words().size());
            for (String word : words()) lower.add(word.toLowerCase(Locale.ROOT));
            lowerCaseWords = List.copyOf(lower);
        }
        return lowerCaseWords;
    }

    /** The whole text lower-cased in the root locale. */
    public String lowerCase() {
        if (lowerCase == null) lowerCase = text.toLowerCase(Locale.ROOT);
        return lowerCase;
    }

    /** Stripped non-blank lines under {@code rule}. */
    public List<String> lines(LineBreaks rule) {
        return lines.computeIfAbsent(rule, r -> r.lines(text));
    }

    /** Stripped non-blank paragraphs under {@code rule}. */
    public List<String> paragraphs(LineBreaks rule) {
        return paragraphs.computeIfAbsent(rule, r -> r.paragraphs(text));
    }

    /** How many words are stop words of {@code language} (a supported code). */
    public int stopWords(String language) {
        return StopWords.count(stopWordCounts(), language);
    }

    /** The language whose stop words occur most among the words, as {@link StopWords#bestMatch}. */
    public Optional<StopWords.LanguageCount> bestStopWordMatch() {
        return StopWords.bestMatch(stopWordCounts());
    }

    private int[] stopWordCounts() {
        if (stopWordCounts == null) stopWordCounts = StopWords.countsByLanguage(words());
        return stopWordCounts;
    }

    private void measureWords() {
        if (wordHashes != null) return;
        List<String> all = words();
        long[] hashes = new long[all.size()];
        int[] lengths = new int[all.size()];
        long chars = 0;
        for (int i = 0; i < hashes.length; i++) {
            String word = all.get(i);
            hashes[i] = Hash64.of(word);
            lengths[i] = word.length();
            chars += lengths[i];
        }
        wordLengths = lengths;
        wordChars = chars;
        wordHashes = hashes;
    }
}
