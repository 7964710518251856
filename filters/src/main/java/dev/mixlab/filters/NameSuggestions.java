package dev.mixlab.filters;

import java.util.Collection;
import java.util.Comparator;

/** "Did you mean" hints for misspelt filter and parameter names in YAML specs. */
final class NameSuggestions {

    private NameSuggestions() {}

    /**
     * {@code " Did you mean 'x'?"} when a candidate is within a few edits, else a lone {@code "."}.
     */
    static String didYouMean(String given, Collection<String> candidates) {
        int tolerance = Math.max(2, given.length() / 3);
        return candidates.stream()
                .filter(candidate -> editDistance(given, candidate) <= tolerance)
                .min(Comparator.comparingInt(candidate -> editDistance(given, candidate)))
                .map(candidate -> "; did you mean '" + candidate + "'?")
                .orElse(".");
    }

    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
