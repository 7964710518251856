package dev.mixlab.filters.decontaminate;

import java.util.Arrays;
import java.util.List;

/**
 * The n-grams of evaluation items in one unit and size: for every item, the hashes of its n-grams,
 * and the sorted distinct hashes of all of them. An item with fewer than n tokens has no n-gram and
 * can never match (as with the janitor); it is counted in {@link #tooShort()}.
 *
 * @param ngram n
 * @param unit what a token is
 * @param items the items, in set order
 * @param itemNgrams the n-gram hashes of each item (same order as {@code items})
 */
public record EvalNgrams(int ngram, NgramUnit unit, List<EvalItem> items, long[][] itemNgrams) {

    public static EvalNgrams of(List<EvalItem> items, NgramUnit unit, int ngram) {
        long[][] itemNgrams = new long[items.size()][];
        for (int i = 0; i < items.size(); i++)
            itemNgrams[i] = unit.tokens(items.get(i).text()).ngrams(ngram);
        return new EvalNgrams(ngram, unit, List.copyOf(items), itemNgrams);
    }

    /** Every item's n-grams together (with repeats). */
    public long[] allNgrams() {
        int total = 0;
        for (long[] ngrams : itemNgrams) total += ngrams.length;
        long[] all = new long[total];
        int at = 0;
        for (long[] ngrams : itemNgrams) {
            System.arraycopy(ngrams, 0, all, at, ngrams.length);
            at += ngrams.length;
        }
        return all;
    }

    /** Distinct n-grams over all items. */
    public long distinctNgrams() {
        long[] all = allNgrams();
        Arrays.sort(all);
        long distinct = 0;
        for (int i = 0; i < all.length; i++) if (i == 0 || all[i] != all[i - 1]) distinct++;
        return distinct;
    }

    /** Items with fewer tokens than n: they cannot be found. */
    public int tooShort() {
        int n = 0;
        for (long[] ngrams : itemNgrams) if (ngrams.length == 0) n++;
        return n;
    }
}
