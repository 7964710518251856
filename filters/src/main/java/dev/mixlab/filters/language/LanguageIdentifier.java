package dev.mixlab.filters.language;

import com.github.pemistahl.lingua.api.IsoCode639_1;
import com.github.pemistahl.lingua.api.Language;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Natural-language identification that gives Lingua 1.2.2's answers at a fraction of its cost,
 * restricted to a candidate set. Only the first {@link #SAMPLE_CHARS} characters are examined: on
 * the Europarl sample, the language found in them agreed with the one found in characters 400–4,000
 * of the same document for 1,758 of 1,760 documents.
 *
 * <p>It follows Lingua's detector step by step with Lingua's own models and rule data: the text is
 * cleaned as Lingua cleans it, Lingua's script and character rules ({@link ScriptRules}) decide or
 * cut the candidates, and the rest are scored by the sum, over the distinct letter trigrams, of
 * Lingua's log-probabilities with its back-off to bigrams and unigrams ({@link TrigramTable}). That
 * is exactly what Lingua computes for a cleaned text of 120 characters or more (then it uses
 * trigrams only, in either accuracy mode); below 120 Lingua's high-accuracy mode adds 1-, 2-, 4-
 * and 5-grams, which this class does not load (the 4- and 5-gram models are 80% of Lingua's
 * memory), so it answers like Lingua's low-accuracy mode there.
 *
 * <p>Its speed, memory and agreement with Lingua's own detector are measured by {@code
 * LanguageIdBenchmark}; the numbers are in docs/BENCHMARKS.md ("Filters, one thread").
 *
 * <p>Confidence is the posterior probability of the chosen language among the scored candidates,
 * with equal priors: the softmax of their log-probability sums. Lingua 1.2.2's own value (the best
 * sum divided by each sum) is 1 for the chosen language by construction, so a threshold on it could
 * only remove {@code und}; normalising those ratios over the 21 default candidates gives about 0.08
 * for every document, a scale no threshold reads naturally. The posterior is 1 when Lingua's rules
 * leave one candidate, 0 for {@code und}, above 0.99 for 99.7% of the Europarl documents and below
 * 0.9 only for short ones such as "fiabile." or "- Rapport Gargani" (docs/CURATION.md has the
 * distribution), so {@code min_confidence: 0.5} drops a document whose language is not more likely
 * than all the other candidates together. Models are built once per JVM per candidate set,
 * immutable, and shared by all threads; each thread has its own counters.
 */
public final class LanguageIdentifier {
    /** The 21 EU languages of the Europarl corpus, a sensible default for European web text. */
    public static final List<String> EUROPEAN =
            List.of(
                    "bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "hu", "it", "lt",
                    "lv", "nl", "pl", "pt", "ro", "sk", "sl", "sv");

    static final int SAMPLE_CHARS = 400;

    private static final Map<List<String>, Model> MODELS = new ConcurrentHashMap<>();

    private final Model model;

    /**
     * A guess: ISO 639-1 code (or {@code und} when nothing fits) and its posterior probability
     * among the candidates, in [0, 1].
     */
    public record Guess(String language, double confidence) {}

    public LanguageIdentifier(List<String> candidates) {
        List<String> key =
                candidates.stream()
                        .map(c -> c.toLowerCase(Locale.ROOT))
                        .sorted()
                        .distinct()
                        .toList();
        this.model = MODELS.computeIfAbsent(key, Model::build);
    }

    public Guess identify(String text) {
        String sample = text.length() > SAMPLE_CHARS ? text.substring(0, SAMPLE_CHARS) : text;
        Scratch scratch = model.scratch.get();
        int length = scratch.clean(sample);
        if (!scratch.hasLetter) return new Guess("und", 0.0);
        long remaining = model.rules.remainingCandidates(scratch.text, length, scratch.rules);
        if (Long.bitCount(remaining) == 1) return guess(Long.numberOfTrailingZeros(remaining));
        int best = scratch.bestByTrigrams(model.table, length, remaining);
        return best < 0
                ? new Guess("und", 0.0)
                : new Guess(model.isoCodes.get(best), scratch.confidence(best, remaining));
    }

    private Guess guess(int candidate) {
        return new Guess(model.isoCodes.get(candidate), 1.0);
    }

    /**
     * Models and rules of one candidate set, candidates in Lingua's language order (which breaks
     * its ties).
     */
    private record Model(
            List<String> isoCodes,
            ScriptRules rules,
            TrigramTable table,
            ThreadLocal<Scratch> scratch) {
        static Model build(List<String> isoCodes) {
            List<Language> languages = new ArrayList<>();
            for (String code : isoCodes) {
                try {
                    languages.add(
                            Language.getByIsoCode639_1(
                                    IsoCode639_1.valueOf(code.toUpperCase(Locale.ROOT))));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(
                            "language '" + code + "' is not an ISO 639-1 code Lingua knows");
                }
            }
            if (languages.size() < 2) {
                throw new IllegalArgumentException(
                        "language identification needs at least two candidate languages, got "
                                + isoCodes);
            }
            languages.sort(Comparator.naturalOrder());
            ScriptRules rules = new ScriptRules(languages);
            TrigramTable table = new TrigramTable(languages);
            List<String> ordered =
                    languages.stream()
                            .map(l -> l.getIsoCode639_1().name().toLowerCase(Locale.ROOT))
                            .toList();
            return new Model(
                    ordered,
                    rules,
                    table,
                    ThreadLocal.withInitial(() -> new Scratch(rules, table.languages())));
        }
    }

    /** One thread's buffers: the cleaned sample, the trigrams seen in it, the per-language sums. */
    private static final class Scratch {
        private static final int TRIGRAM_SLOTS = Integer.highestOneBit(SAMPLE_CHARS * 4) * 2;

        final ScriptRules.Scratch rules;
        char[] text = new char[SAMPLE_CHARS * 2];
        boolean hasLetter;
        private final long[] trigramSlots = new long[TRIGRAM_SLOTS];
        private final int[] trigramStamps = new int[TRIGRAM_SLOTS];
        private int stamp;
        private final float[] sums;

        Scratch(ScriptRules rules, int languages) {
            this.rules = new ScriptRules.Scratch(rules);
            this.sums = new float[languages];
        }

        /**
         * Cleans like Lingua: trimmed, lower-cased, punctuation ({@code \p{P}}) and digits ({@code
         * \p{N}}) removed, every run of {@code \s} made one space. Returns the cleaned length.
         */
        int clean(String sample) {
            String lower = trim(sample).toLowerCase(Locale.ROOT);
            if (text.length < lower.length()) text = new char[lower.length()];
            int length = 0;
            hasLetter = false;
            for (int i = 0; i < lower.length(); i++) {
                char c = lower.charAt(i);
                if (isRegexSpace(c)) {
                    if (length == 0 || text[length - 1] != ' ') text[length++] = ' ';
                    continue;
                }
                int codePoint = lower.codePointAt(i);
                if (!isPunctuationOrNumber(Character.getType(codePoint))) {
                    hasLetter |= Character.isLetter(codePoint);
                    text[length++] = c;
                    if (Character.isSupplementaryCodePoint(codePoint))
                        text[length++] = lower.charAt(++i);
                } else if (Character.isSupplementaryCodePoint(codePoint)) {
                    i++;
                }
            }
            return length;
        }

        /**
         * Kotlin's trim, which Lingua uses, also removes space separators such as no-break space.
         */
        private static String trim(String sample) {
            int start = 0;
            int end = sample.length();
            while (start < end && isKotlinWhitespace(sample.charAt(start))) start++;
            while (end > start && isKotlinWhitespace(sample.charAt(end - 1))) end--;
            return sample.substring(start, end);
        }

        private static boolean isKotlinWhitespace(char c) {
            return Character.isWhitespace(c) || Character.isSpaceChar(c);
        }

        private static boolean isRegexSpace(char c) {
            return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
        }

        private static boolean isPunctuationOrNumber(int type) {
            return switch (type) {
                case Character.CONNECTOR_PUNCTUATION,
                        Character.DASH_PUNCTUATION,
                        Character.START_PUNCTUATION,
                        Character.END_PUNCTUATION,
                        Character.INITIAL_QUOTE_PUNCTUATION,
                        Character.FINAL_QUOTE_PUNCTUATION,
                        Character.OTHER_PUNCTUATION,
                        Character.DECIMAL_DIGIT_NUMBER,
                        Character.LETTER_NUMBER,
                        Character.OTHER_NUMBER ->
                        true;
                default -> false;
            };
        }

        /**
         * The remaining candidate with the highest sum over the distinct trigrams of three letters,
         * the first in Lingua's order on a tie; -1 when no candidate knows any of them (Lingua
         * drops a language whose sum is 0).
         */
        int bestByTrigrams(TrigramTable table, int length, long remaining) {
            Arrays.fill(sums, 0f);
            if (++stamp == 0) {
                Arrays.fill(trigramStamps, 0);
                stamp = 1;
            }
            for (int i = 0; i + 2 < length; i++) {
                char a = text[i];
                char b = text[i + 1];
                char c = text[i + 2];
                if (Character.isLetter(a)
                        && Character.isLetter(b)
                        && Character.isLetter(c)
                        && firstSeen(TrigramTable.trigramKey(a, b, c))) {
                    table.addTrigram(a, b, c, sums);
                }
            }
            int best = -1;
            for (long bits = remaining; bits != 0; bits &= bits - 1) {
                int candidate = Long.numberOfTrailingZeros(bits);
                if (sums[candidate] < 0f && (best < 0 || sums[candidate] > sums[best]))
                    best = candidate;
            }
            return best;
        }

        /**
         * The posterior probability of {@code best} among the scored candidates with equal priors:
         * the softmax of their log-probability sums, {@code 1 / Σ exp(sum_i − sum_best)}.
         */
        double confidence(int best, long remaining) {
            double total = 0;
            for (long bits = remaining; bits != 0; bits &= bits - 1) {
                int candidate = Long.numberOfTrailingZeros(bits);
                if (sums[candidate] < 0f) total += Math.exp((double) sums[candidate] - sums[best]);
            }
            return 1.0 / total;
        }

        private boolean firstSeen(long key) {
            int mask = TRIGRAM_SLOTS - 1;
            long h = key * 0x9E3779B97F4A7C15L;
            int slot = (int) (h ^ (h >>> 29)) & mask;
            while (trigramStamps[slot] == stamp) {
                if (trigramSlots[slot] == key) return false;
                slot = (slot + 1) & mask;
            }
            trigramStamps[slot] = stamp;
            trigramSlots[slot] = key;
            return true;
        }
    }
}
