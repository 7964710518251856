package dev.mixlab.filters.dedup;

import dev.mixlab.filters.Document;
import dev.mixlab.filters.Hash64;
import dev.mixlab.filters.text.TextFeatures;
import dev.mixlab.filters.text.WordSegmenter;
import java.util.ArrayList;
import java.util.List;

/** How a document is cut into tokens before n-gram shingling. */
public enum Shingling {

    /**
     * Words from {@link WordSegmenter}, lower-cased: prose near-duplicates differ in case and
     * punctuation.
     */
    WORDS {
        @Override
        public List<String> tokens(TextFeatures features) {
            return features.lowerCaseWords();
        }
    },

    /**
     * Runs of identifier characters (letters, digits, underscore), case kept: operators and layout
     * change little between copies of a file, identifiers and literals carry the content.
     */
    CODE_TOKENS {
        @Override
        public List<String> tokens(TextFeatures features) {
            String text = features.text();
            List<String> tokens = new ArrayList<>(text.length() / 4 + 1);
            int start = -1;
            for (int i = 0; i <= text.length(); i++) {
                boolean identifierChar = i < text.length() && isIdentifierChar(text.charAt(i));
                if (identifierChar && start < 0) {
                    start = i;
                } else if (!identifierChar && start >= 0) {
                    tokens.add(text.substring(start, i));
                    start = -1;
                }
            }
            return tokens;
        }
    };

    /** The tokens of a document's text, read from its features where they hold them. */
    public abstract List<String> tokens(TextFeatures features);

    public List<String> tokens(String text) {
        return tokens(new TextFeatures(text));
    }

    /** Code is shingled by code tokens, everything else (text, markup) by words. */
    public static Shingling forKind(String kind) {
        return Document.KIND_CODE.equals(kind) ? CODE_TOKENS : WORDS;
    }

    /**
     * 64-bit hashes of the n-token shingles of {@code text}. A text with fewer than {@code n}
     * tokens is one shingle; a text without tokens is one shingle of its stripped characters, so
     * that only identical token-less texts collide.
     */
    public long[] shingleHashes(String text, int n) {
        return shingleHashes(new TextFeatures(text), n);
    }

    /** {@link #shingleHashes(String, int)} of the text {@code features} describes. */
    public long[] shingleHashes(TextFeatures features, int n) {
        List<String> tokens = tokens(features);
        if (tokens.isEmpty()) {
            return new long[] {Hash64.of(features.text().strip())};
        }
        long[] tokenHashes = new long[tokens.size()];
        for (int i = 0; i < tokenHashes.length; i++) {
            tokenHashes[i] = Hash64.of(tokens.get(i));
        }
        int width = Math.min(n, tokenHashes.length);
        long[] shingles = new long[tokenHashes.length - width + 1];
        for (int i = 0; i < shingles.length; i++) {
            shingles[i] = Hash64.ofSequence(tokenHashes, i, width);
        }
        return shingles;
    }

    private static boolean isIdentifierChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
