package dev.mixlab.filters.decontaminate;

import dev.mixlab.filters.Document;
import dev.mixlab.filters.Hash64;
import java.util.Arrays;
import java.util.List;

/**
 * What an evaluation n-gram counts: words of janitor-normalised text, or code tokens. Both fold
 * case and ignore punctuation, so that a benchmark item copied with different capitalisation,
 * spacing or punctuation still matches (the lm-eval-harness janitor's normalisation: lower-case,
 * punctuation deleted, whitespace collapsed).
 */
public enum NgramUnit {
    /**
     * Whitespace-separated words; punctuation inside a word is deleted ({@code don't} → {@code
     * dont}) and a word of punctuation only vanishes.
     */
    WORDS("words"),
    /**
     * Runs of letters, digits and underscores; operators, brackets and layout separate them (the
     * code-token shingling of near dedup), so reformatted copies of a function still match.
     */
    CODE_TOKENS("code-tokens");

    public static final List<String> NAMES = List.of("auto", "words", "code-tokens");

    private final String yamlName;

    NgramUnit(String yamlName) {
        this.yamlName = yamlName;
    }

    public String yamlName() {
        return yamlName;
    }

    /** {@code auto} follows the source's kind: code tokens for code, words for everything else. */
    public static NgramUnit of(String name, String kind) {
        return switch (name) {
            case "words" -> WORDS;
            case "code-tokens" -> CODE_TOKENS;
            case "auto" -> Document.KIND_CODE.equals(kind) ? CODE_TOKENS : WORDS;
            default ->
                    throw new IllegalArgumentException(
                            "unknown n-gram unit '" + name + "'; use one of " + NAMES);
        };
    }

    /**
     * The tokens of {@code text}: a 64-bit hash of each (equal to {@link Hash64#of} of the token's
     * normalised text, hashed as it is read rather than built as a string) and its span in the
     * original text.
     */
    public Tokens tokens(String text) {
        Tokens tokens = new Tokens(text.length() / 5 + 4);
        long hash = Hash64.start();
        int start = -1;
        int end = -1;
        for (int i = 0; i < text.length(); ) {
            char ch = text.charAt(i);
            if (ch < 0x80) {
                // ASCII, most of any corpus: no code point decoding or Unicode tables.
                boolean letterOrDigit =
                        (ch >= 'a' && ch <= 'z')
                                || (ch >= 'A' && ch <= 'Z')
                                || (ch >= '0' && ch <= '9');
                boolean separator =
                        this == WORDS ? (ch <= ' ' || ch == 0x7f) : !(letterOrDigit || ch == '_');
                if (separator) {
                    if (start >= 0) tokens.add(Hash64.mix(hash), start, end);
                    hash = Hash64.start();
                    start = -1;
                } else if (letterOrDigit || this == CODE_TOKENS) {
                    if (start < 0) start = i;
                    hash = Hash64.add(hash, ch >= 'A' && ch <= 'Z' ? (char) (ch + 32) : ch);
                    end = i + 1;
                } else if (start >= 0) {
                    end = i + 1; // punctuation inside a word is part of its span, not its text
                }
                i++;
                continue;
            }
            int c = text.codePointAt(i);
            int width = Character.charCount(c);
            if (separates(c)) {
                if (start >= 0) tokens.add(Hash64.mix(hash), start, end);
                hash = Hash64.start();
                start = -1;
            } else if (this == CODE_TOKENS || !isPunctuation(c)) {
                if (start < 0) start = i;
                int lower = Character.toLowerCase(c);
                if (Character.isBmpCodePoint(lower)) hash = Hash64.add(hash, (char) lower);
                else {
                    hash = Hash64.add(hash, Character.highSurrogate(lower));
                    hash = Hash64.add(hash, Character.lowSurrogate(lower));
                }
                end = i + width;
            } else if (start >= 0) {
                end = i + width;
            }
            i += width;
        }
        if (start >= 0) tokens.add(Hash64.mix(hash), start, end);
        return tokens;
    }

    private boolean separates(int c) {
        if (this == WORDS) return Character.isWhitespace(c) || Character.isSpaceChar(c);
        return !(Character.isLetterOrDigit(c) || c == '_');
    }

    /**
     * ASCII punctuation and symbols (Python's {@code string.punctuation}, the janitor's set) and
     * Unicode punctuation, so typographic quotes and dashes are deleted too.
     */
    static boolean isPunctuation(int c) {
        if (c < 0x80) return c > ' ' && c < 0x7f && !Character.isLetterOrDigit(c);
        return (PUNCTUATION_TYPES >>> Character.getType(c) & 1) != 0;
    }

    /** The Unicode general categories P*, one bit each (categories are numbered below 32). */
    private static final int PUNCTUATION_TYPES =
            1 << Character.CONNECTOR_PUNCTUATION
                    | 1 << Character.DASH_PUNCTUATION
                    | 1 << Character.START_PUNCTUATION
                    | 1 << Character.END_PUNCTUATION
                    | 1 << Character.INITIAL_QUOTE_PUNCTUATION
                    | 1 << Character.FINAL_QUOTE_PUNCTUATION
                    | 1 << Character.OTHER_PUNCTUATION;

    /** Token hashes with their [start, end) character spans in the text they came from. */
    public static final class Tokens {
        private long[] hashes;
        private int[] starts;
        private int[] ends;
        private int size;

        Tokens(int capacity) {
            hashes = new long[capacity];
            starts = new int[capacity];
            ends = new int[capacity];
        }

        void add(long hash, int start, int end) {
            if (size == hashes.length) {
                int grown = size * 2;
                hashes = Arrays.copyOf(hashes, grown);
                starts = Arrays.copyOf(starts, grown);
                ends = Arrays.copyOf(ends, grown);
            }
            hashes[size] = hash;
            starts[size] = start;
            ends[size] = end;
            size++;
        }

        public int size() {
            return size;
        }

        public int start(int token) {
            return starts[token];
        }

        public int end(int token) {
            return ends[token];
        }

        /** The hash of the {@code n} tokens from {@code first}. */
        public long ngram(int first, int n) {
            return Hash64.ofSequence(hashes, first, n);
        }

        /** Every n-gram hash, in order; none when there are fewer than {@code n} tokens. */
        public long[] ngrams(int n) {
            if (size < n) return new long[0];
            long[] ngrams = new long[size - n + 1];
            for (int i = 0; i < ngrams.length; i++) ngrams[i] = ngram(i, n);
            return ngrams;
        }
    }
}
