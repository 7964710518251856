package dev.mixlab.filters;

import java.util.Collection;
import java.util.Optional;

/**
 * The one "did you mean" of mixlab, for misspelt keys, names, filters, parameters and options:
 * every message that rejects an unknown word offers the closest known one this way.
 */
public final class Suggestions {
    private Suggestions() {}

    /**
     * The candidate closest to {@code word} by edit distance, if it is close enough to be a
     * plausible typo.
     */
    public static Optional<String> closest(String word, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int d = editDistance(word.toLowerCase(), candidate.toLowerCase());
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        int tolerance = Math.max(2, word.length() / 3);
        if (best != null && bestDistance <= tolerance) return Optional.of(best);
        // A truncated name ("o200k" for "o200k_base") is far by edit distance but an obvious
        // intent.
        if (word.length() >= 3) {
            for (String candidate : candidates) {
                if (candidate.toLowerCase().startsWith(word.toLowerCase()))
                    return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** " (did you mean 'x'?)" or "", ready to append to a message. */
    public static String didYouMean(String word, Collection<String> candidates) {
        return closest(word, candidates).map(c -> " (did you mean '" + c + "'?)").orElse("");
    }

    /** "unknown source 'txt' (did you mean 'text'?); sources are: text, code". */
    public static String unknown(String kind, String word, Collection<String> candidates) {
        return "unknown "
                + kind
                + " '"
                + word
                + "'"
                + didYouMean(word, candidates)
                + "; "
                + kind
                + "s are: "
                + String.join(", ", candidates);
    }

    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) previous[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
