package dev.mixlab.filters;

import java.util.function.Consumer;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the matches {@link Matcher#find()} would find, trying the pattern only where a match can
 * start. find() runs the pattern at every position, which for patterns that mostly fail still costs
 * several regex nodes per character; a hand-written scan for what every match starts with (an '@'
 * before it, a key prefix, the digits before an address's first dot) costs a fraction of that.
 */
public final class AnchoredSearch {

    /** Where matches of one pattern can start. */
    @FunctionalInterface
    public interface MatchStarts {
        /**
         * The first position at or after {@code from} where a match could start, or -1 if there is
         * none. It may name positions where the pattern then fails, but must never pass over one
         * where it matches.
         */
        int next(String text, int from);
    }

    private AnchoredSearch() {}

    /** Calls {@code action} with each match, in order; the result is only valid during the call. */
    public static void forEachMatch(
            Pattern pattern, MatchStarts starts, String text, Consumer<MatchResult> action) {
        // Transparent bounds: lookbehinds and \b at a start see the text before it, as they do for
        // find().
        Matcher matcher =
                pattern.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
        int from = 0;
        while (from <= text.length()) {
            int start = starts.next(text, from);
            if (start < 0) {
                return;
            }
            matcher.region(start, text.length());
            if (matcher.lookingAt()) {
                action.accept(matcher);
                from = matcher.end() > start ? matcher.end() : start + 1;
            } else {
                from = start + 1;
            }
        }
    }
}
