package dev.mixlab.filters.text;

import dev.mixlab.filters.Document;
import dev.mixlab.filters.FilterParameter;
import dev.mixlab.filters.Hash64;
import dev.mixlab.filters.ParameterSchema;
import dev.mixlab.filters.ParameterSchema.ParameterValues;
import dev.mixlab.filters.Verdict;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The repetition heuristics of Gopher / MassiveText (Rae et al. 2021, Table A1): documents that
 * repeat lines, paragraphs or word n-grams too much are dropped.
 *
 * <p>N-gram fractions are measured in characters of words (from {@link WordSegmenter}), so
 * punctuation and spacing do not dilute them. The "top n-gram" rules look at the most frequent
 * n-gram that occurs at least twice; an n-gram seen once is not repetition. The "duplicate n-gram"
 * rules count the words covered by second and later occurrences of an n-gram, each word once.
 */
public final class GopherRepetitionFilter extends LineRuleFilter {

    public static final String NAME = "gopher_repetition";
    public static final String DUPLICATE_PARAGRAPHS = NAME + ".duplicate_paragraphs";
    public static final String DUPLICATE_PARAGRAPH_CHARS = NAME + ".duplicate_paragraph_chars";
    public static final String DUPLICATE_LINES = NAME + ".duplicate_lines";
    public static final String DUPLICATE_LINE_CHARS = NAME + ".duplicate_line_chars";

    /**
     * Reason for an over-frequent n-gram of size n (2..4): {@code gopher_repetition.top_<n>gram}.
     */
    public static String topNgramReason(int n) {
        return NAME + ".top_" + n + "gram";
    }

    /**
     * Reason for too many characters in repeated n-grams (5..10): {@code
     * gopher_repetition.duplicate_<n>grams}.
     */
    public static String duplicateNgramReason(int n) {
        return NAME + ".duplicate_" + n + "grams";
    }

    // Defaults are Gopher's Table A1 (also datatrove's defaults).
    public static final ParameterSchema SCHEMA = new ParameterSchema(NAME);
    public static final FilterParameter<Double> MAX_DUPLICATE_PARAGRAPH_FRACTION =
            SCHEMA.maxFraction(
                    "max_duplicate_paragraph_fraction",
                    0.30,
                    "Largest share of paragraphs repeating an earlier one (Gopher).");
    public static final FilterParameter<Double> MAX_DUPLICATE_PARAGRAPH_CHAR_FRACTION =
            SCHEMA.maxFraction(
                    "max_duplicate_paragraph_char_fraction",
                    0.20,
                    "Largest share of characters in repeated paragraphs (Gopher).");
    public static final FilterParameter<Double> MAX_DUPLICATE_LINE_FRACTION =
            SCHEMA.maxFraction(
                    "max_duplicate_line_fraction",
                    0.30,
                    "Largest share of lines repeating an earlier one (Gopher).");
    public static final FilterParameter<Double> MAX_DUPLICATE_LINE_CHAR_FRACTION =
            SCHEMA.maxFraction(
                    "max_duplicate_line_char_fraction",
                    0.20,
                    "Largest share of characters in repeated lines (Gopher).");

    /** n (2, 3, 4) to the largest share of word characters in the most frequent n-gram. */
    public static final Map<Integer, FilterParameter<Double>> MAX_TOP_NGRAM =
            declareNgramThresholds(
                    Map.of(2, 0.20, 3, 0.18, 4, 0.16),
                    "max_top_%dgram_char_fraction",
                    "Largest share of word characters in the most frequent repeated %d-gram (Gopher).");

    /** n (5..10) to the largest share of word characters covered by repeated n-grams. */
    public static final Map<Integer, FilterParameter<Double>> MAX_DUPLICATE_NGRAM =
            declareNgramThresholds(
                    Map.of(5, 0.15, 6, 0.14, 7, 0.13, 8, 0.12, 9, 0.11, 10, 0.10),
                    "max_duplicate_%dgram_char_fraction",
                    "Largest share of word characters covered by repeated %d-grams (Gopher).");

    public static final FilterParameter<Integer> LINE_BREAK_SPACE_RUN =
            LineBreaks.declareSpaceRun(SCHEMA);

    /**
     * @param settings values of {@link #SCHEMA}
     */
    public GopherRepetitionFilter(ParameterValues settings) {
        super(NAME, settings, LINE_BREAK_SPACE_RUN);
    }

    private static Map<Integer, FilterParameter<Double>> declareNgramThresholds(
            Map<Integer, Double> defaults, String nameFormat, String descriptionFormat) {
        Map<Integer, FilterParameter<Double>> parameters = new LinkedHashMap<>();
        defaults.keySet().stream()
                .sorted()
                .forEach(
                        n ->
                                parameters.put(
                                        n,
                                        SCHEMA.maxFraction(
                                                String.format(nameFormat, n),
                                                defaults.get(n),
                                                String.format(descriptionFormat, n))));
        return Collections.unmodifiableMap(parameters);
    }

    @Override
    public Verdict apply(Document doc, TextFeatures features) {
        String text = features.text();
        Verdict paragraphs =
                checkDuplicates(
                        features.paragraphs(lineBreaks),
                        text.length(),
                        DUPLICATE_PARAGRAPHS,
                        MAX_DUPLICATE_PARAGRAPH_FRACTION,
                        DUPLICATE_PARAGRAPH_CHARS,
                        MAX_DUPLICATE_PARAGRAPH_CHAR_FRACTION);
        if (!paragraphs.kept()) {
            return paragraphs;
        }
        Verdict lines =
                checkDuplicates(
                        features.lines(lineBreaks),
                        text.length(),
                        DUPLICATE_LINES,
                        MAX_DUPLICATE_LINE_FRACTION,
                        DUPLICATE_LINE_CHARS,
                        MAX_DUPLICATE_LINE_CHAR_FRACTION);
        if (!lines.kept()) {
            return lines;
        }
        return checkNgrams(features);
    }

    private Verdict checkDuplicates(
            List<String> parts,
            int textLength,
            String countReason,
            FilterParameter<Double> countParameter,
            String charReason,
            FilterParameter<Double> charParameter) {
        if (parts.isEmpty()) {
            return Verdict.keep();
        }
        Set<String> seen = new HashSet<>();
        int duplicates = 0;
        long duplicateChars = 0;
        for (String part : parts) {
            if (!seen.add(part)) {
                duplicates++;
                duplicateChars += part.length();
            }
        }
        double maxCountFraction = settings.get(countParameter);
        double maxCharFraction = settings.get(charParameter);
        double countFraction = (double) duplicates / parts.size();
        if (countFraction > maxCountFraction) {
            return Verdict.dropAbove(countReason, countFraction, countParameter, maxCountFraction);
        }
        double charFraction = (double) duplicateChars / textLength;
        if (charFraction > maxCharFraction) {
            return Verdict.dropAbove(charReason, charFraction, charParameter, maxCharFraction);
        }
        return Verdict.keep();
    }

    private Verdict checkNgrams(TextFeatures features) {
        long[] wordHashes = features.wordHashes();
        int[] wordLengths = features.wordLengths();
        long totalChars = features.wordChars();
        if (totalChars == 0) {
            return Verdict.keep();
        }
        for (Map.Entry<Integer, FilterParameter<Double>> top : MAX_TOP_NGRAM.entrySet()) {
            int n = top.getKey();
            double max = settings.get(top.getValue());
            double fraction = topNgramChars(wordHashes, wordLengths, n) / (double) totalChars;
            if (fraction > max) {
                return Verdict.dropAbove(topNgramReason(n), fraction, top.getValue(), max);
            }
        }
        for (Map.Entry<Integer, FilterParameter<Double>> duplicate :
                MAX_DUPLICATE_NGRAM.entrySet()) {
            int n = duplicate.getKey();
            double max = settings.get(duplicate.getValue());
            double fraction = duplicateNgramChars(wordHashes, wordLengths, n) / (double) totalChars;
            if (fraction > max) {
                return Verdict.dropAbove(
                        duplicateNgramReason(n), fraction, duplicate.getValue(), max);
            }
        }
        return Verdict.keep();
    }

    /**
     * Characters of the most frequent n-gram seen at least twice, times its count; ties go to the
     * longest.
     */
    private static long topNgramChars(long[] wordHashes, int[] wordLengths, int n) {
        NgramCounts counts = new NgramCounts(wordHashes.length);
        long best = 0;
        int bestCount = 1;
        int ngramChars = 0;
        for (int i = 0; i + n <= wordHashes.length; i++) {
            ngramChars =
                    i == 0
                            ? sum(wordLengths, 0, n)
                            : ngramChars - wordLengths[i - 1] + wordLengths[i + n - 1];
            int count = counts.increment(Hash64.ofSequence(wordHashes, i, n));
            long chars = (long) count * ngramChars;
            if (count > bestCount || count == bestCount && count > 1 && chars > best) {
                bestCount = count;
                best = chars;
            }
        }
        return best;
    }

    /**
     * Characters of the words covered by repeats of an earlier n-gram; the first occurrence is not
     * repetition, so it does not count (as in datatrove). Overlapping repeats count each word once.
     */
    private static long duplicateNgramChars(long[] wordHashes, int[] wordLengths, int n) {
        NgramCounts counts = new NgramCounts(wordHashes.length);
        long chars = 0;
        int coveredUntil = 0;
        for (int i = 0; i + n <= wordHashes.length; i++) {
            if (counts.increment(Hash64.ofSequence(wordHashes, i, n)) > 1) {
                for (int word = Math.max(i, coveredUntil); word < i + n; word++) {
                    chars += wordLengths[word];
                }
                coveredUntil = i + n;
            }
        }
        return chars;
    }

    private static int sum(int[] values, int from, int to) {
        int total = 0;
        for (int i = from; i < to; i++) {
            total += values[i];
        }
        return total;
    }

    /**
     * Occurrence counts of n-gram hashes in an open-addressing table: the repetition rules count up
     * to nine n-gram sizes per document, and boxed maps made them the slowest text filter.
     */
    private static final class NgramCounts {
        private final long[] keys;
        private final int[] counts;
        private final int mask;

        NgramCounts(int maxEntries) {
            int slots = Integer.highestOneBit(Math.max(2, maxEntries) * 2 - 1) << 1;
            keys = new long[slots];
            counts = new int[slots];
            mask = slots - 1;
        }

        /**
         * Adds one occurrence of {@code key}, an already well-mixed hash, and returns its count.
         */
        int increment(long key) {
            int slot = (int) key & mask;
            while (counts[slot] != 0 && keys[slot] != key) {
                slot = (slot + 1) & mask;
            }
            keys[slot] = key;
            return ++counts[slot];
        }
    }
}
