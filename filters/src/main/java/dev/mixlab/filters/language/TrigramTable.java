package dev.mixlab.filters.language;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.github.pemistahl.lingua.api.Language;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Lingua 1.2.2's unigram, bigram and trigram models of a candidate set, read from the JSON
 * resources in the Lingua jar ({@code language-models/<iso>/<n>grams.json}: relative frequencies as
 * {@code "numerator/denominator": "ngram ngram ..."}) and folded into one row of log-probabilities
 * per n-gram, one column per candidate.
 *
 * <p>Lingua scores a trigram for a language by its own probability, or, when the language's trigram
 * model lacks it, by the probability of its first two characters, or else of its first character.
 * The rows bake that back-off in: a trigram row holds, for every candidate, the log-probability
 * Lingua would add; a text trigram missing from the trigram rows falls back to the bigram rows of
 * its prefix, which in turn bake in the unigram fallback. One lookup per trigram then replaces
 * Lingua's per-language hash lookups of boxed strings. Values are computed exactly as Lingua
 * computes them (float division of the fraction, then {@code (float) Math.log}) so that sums differ
 * from Lingua's only by summation order.
 *
 * <p>Immutable once built; shared by all threads.
 */
final class TrigramTable {
    private static final int ABSENT = -1;

    private final int languages;
    private final NgramRows unigrams;
    private final NgramRows bigrams;
    private final NgramRows trigrams;

    TrigramTable(List<Language> candidates) {
        this.languages = candidates.size();
        NgramCounts[] uni = new NgramCounts[languages];
        NgramCounts[] bi = new NgramCounts[languages];
        NgramCounts[] tri = new NgramCounts[languages];
        for (int i = 0; i < languages; i++) {
            uni[i] = NgramCounts.read(candidates.get(i), "unigrams", 1);
            bi[i] = NgramCounts.read(candidates.get(i), "bigrams", 2);
            tri[i] = NgramCounts.read(candidates.get(i), "trigrams", 3);
        }
        this.unigrams = NgramRows.build(uni, key -> new float[languages]);
        this.bigrams = NgramRows.build(bi, key -> unigrams.rowOrZeros(key >>> 16, languages));
        this.trigrams =
                NgramRows.build(
                        tri,
                        key -> bigrams.rowOrFallback(key >>> 16, unigrams, key >>> 32, languages));
    }

    int languages() {
        return languages;
    }

    /**
     * Adds the log-probabilities of trigram {@code a b c} to {@code sums}; a trigram unknown to
     * every model adds nothing.
     */
    void addTrigram(char a, char b, char c, float[] sums) {
        long key = trigramKey(a, b, c);
        int offset = trigrams.offset(key);
        float[] values = trigrams.values;
        if (offset == ABSENT) {
            offset = bigrams.offset(key >>> 16);
            values = bigrams.values;
        }
        if (offset == ABSENT) {
            offset = unigrams.offset(key >>> 32);
            values = unigrams.values;
        }
        if (offset == ABSENT) return;
        for (int i = 0; i < languages; i++) sums[i] += values[offset + i];
    }

    static long trigramKey(char a, char b, char c) {
        return ((long) a << 32) | ((long) b << 16) | c;
    }

    /** Bytes held by the rows and their hash tables. */
    long heapBytes() {
        return unigrams.heapBytes() + bigrams.heapBytes() + trigrams.heapBytes();
    }

    /**
     * One language's n-grams of one length with their log-probabilities, as read from Lingua's jar.
     */
    private record NgramCounts(long[] keys, float[] logProbabilities) {
        static NgramCounts read(Language language, String fileName, int length) {
            String iso = language.getIsoCode639_1().name().toLowerCase(Locale.ROOT);
            String resource = "/language-models/" + iso + "/" + fileName + ".json";
            try (InputStream in = Language.class.getResourceAsStream(resource)) {
                // Languages with a script of their own (Greek, Hebrew, ...) ship only unigrams;
                // Lingua treats a missing model as empty.
                return in == null
                        ? new NgramCounts(new long[0], new float[0])
                        : parse(in, length, resource);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read Lingua model " + resource, e);
            }
        }

        private static NgramCounts parse(InputStream in, int length, String resource)
                throws IOException {
            long[] keys = new long[1024];
            float[] logs = new float[1024];
            int size = 0;
            try (JsonParser parser = new JsonFactory().createParser(in)) {
                parser.nextToken();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String field = parser.getCurrentName();
                    parser.nextToken();
                    if (!field.equals("ngrams")) {
                        parser.skipChildren();
                        continue;
                    }
                    while (parser.nextToken() == JsonToken.FIELD_NAME) {
                        float logProbability = logProbability(parser.getCurrentName());
                        parser.nextToken();
                        String ngrams = parser.getText();
                        for (int start = 0; start < ngrams.length(); start += length + 1) {
                            if (start + length > ngrams.length()
                                    || (start + length < ngrams.length()
                                            && ngrams.charAt(start + length) != ' ')) {
                                throw new IllegalStateException(
                                        resource
                                                + " has an n-gram that is not "
                                                + length
                                                + " UTF-16 characters long");
                            }
                            if (size == keys.length) {
                                keys = Arrays.copyOf(keys, size * 2);
                                logs = Arrays.copyOf(logs, size * 2);
                            }
                            keys[size] = key(ngrams, start, length);
                            logs[size++] = logProbability;
                        }
                    }
                }
            }
            return new NgramCounts(Arrays.copyOf(keys, size), Arrays.copyOf(logs, size));
        }

        /**
         * Lingua parses the numerator as a float and divides it by the integer denominator in
         * float.
         */
        private static float logProbability(String fraction) {
            int slash = fraction.indexOf('/');
            float probability =
                    Float.parseFloat(fraction.substring(0, slash))
                            / Integer.parseInt(fraction.substring(slash + 1));
            return (float) Math.log(probability);
        }

        private static long key(String ngrams, int start, int length) {
            long key = 0;
            for (int i = 0; i < length; i++) key = (key << 16) | ngrams.charAt(start + i);
            return key;
        }
    }

    /**
     * Open-addressing map from a packed n-gram to a row of {@code languages} floats in one flat
     * array. A language lacking an n-gram that another candidate has gets the fallback the row
     * factory gives.
     */
    private static final class NgramRows {
        /** Packed n-grams use at most 48 bits, so no key is negative. */
        private static final long EMPTY = -1L;

        private final long[] slots;
        private final int[] offsets;
        final float[] values;

        private NgramRows(long[] slots, int[] offsets, float[] values) {
            this.slots = slots;
            this.offsets = offsets;
            this.values = values;
        }

        interface FallbackRow {
            float[] forKey(long key);
        }

        static NgramRows build(NgramCounts[] perLanguage, FallbackRow fallback) {
            int languages = perLanguage.length;
            int total = 0;
            for (NgramCounts counts : perLanguage) total += counts.keys().length;
            int capacity = Integer.highestOneBit(Math.max(total, 1) * 2) * 2;
            long[] slots = new long[capacity];
            Arrays.fill(slots, EMPTY);
            int[] offsets = new int[capacity];
            float[] values = new float[Math.max(total, 1) * languages];
            int rows = 0;
            for (int language = 0; language < languages; language++) {
                NgramCounts counts = perLanguage[language];
                for (int i = 0; i < counts.keys().length; i++) {
                    long key = counts.keys()[i];
                    int slot = find(slots, key);
                    if (slots[slot] != key) {
                        slots[slot] = key;
                        offsets[slot] = rows++ * languages;
                        System.arraycopy(fallback.forKey(key), 0, values, offsets[slot], languages);
                    }
                    values[offsets[slot] + language] = counts.logProbabilities()[i];
                }
            }
            return new NgramRows(slots, offsets, Arrays.copyOf(values, rows * languages));
        }

        private static int find(long[] slots, long key) {
            int mask = slots.length - 1;
            int slot = hash(key) & mask;
            while (slots[slot] != EMPTY && slots[slot] != key) slot = (slot + 1) & mask;
            return slot;
        }

        private static int hash(long key) {
            long h = key * 0x9E3779B97F4A7C15L;
            return (int) (h ^ (h >>> 29));
        }

        int offset(long key) {
            int slot = find(slots, key);
            return slots[slot] == key ? offsets[slot] : ABSENT;
        }

        float[] rowOrZeros(long key, int languages) {
            int offset = offset(key);
            return offset == ABSENT
                    ? new float[languages]
                    : Arrays.copyOfRange(values, offset, offset + languages);
        }

        /**
         * This table's row for {@code key}, or else {@code lower}'s row for {@code lowerKey}, or
         * zeros.
         */
        float[] rowOrFallback(long key, NgramRows lower, long lowerKey, int languages) {
            int offset = offset(key);
            return offset == ABSENT
                    ? lower.rowOrZeros(lowerKey, languages)
                    : Arrays.copyOfRange(values, offset, offset + languages);
        }

        long heapBytes() {
            return 8L * slots.length + 4L * offsets.length + 4L * values.length;
        }
    }
}
