package dev.mixlab.filters.decontaminate;

/**
 * An open-addressing hash set of 64-bit n-gram hashes with linear probing, at most half full: 8
 * bytes × the smallest power of two ≥ twice the n-grams, so 16 to 32 bytes per n-gram (16 MB for
 * 1,048,576 of them), one or two cache lines per lookup. Zero marks an empty slot, so the n-gram
 * whose hash is zero is held in a flag of its own.
 */
final class NgramSet extends NgramArray {
    private static final long serialVersionUID = 1L;

    private final int mask;
    private final boolean hasZero;

    private NgramSet(long[] slots, boolean hasZero, long size) {
        super(slots, size);
        this.mask = slots.length - 1;
        this.hasZero = hasZero;
    }

    static NgramSet of(long[] ngrams) {
        long[] sorted = ngrams.clone();
        java.util.Arrays.sort(sorted);
        int distinct = 0;
        for (int i = 0; i < sorted.length; i++)
            if (i == 0 || sorted[i] != sorted[i - 1]) distinct++;
        // The smallest power of two at least twice the n-grams: at most half full.
        int capacity = Integer.highestOneBit(Math.max(2, distinct) * 2 - 1) << 1;
        if (capacity <= 0) throw new IllegalArgumentException("too many n-grams: " + ngrams.length);
        long[] slots = new long[capacity];
        int mask = capacity - 1;
        boolean hasZero = false;
        long size = 0;
        for (long ngram : sorted) {
            if (ngram == 0) {
                if (!hasZero) size++;
                hasZero = true;
                continue;
            }
            int slot = (int) ngram & mask;
            while (slots[slot] != 0 && slots[slot] != ngram) slot = (slot + 1) & mask;
            if (slots[slot] == 0) {
                slots[slot] = ngram;
                size++;
            }
        }
        return new NgramSet(slots, hasZero, size);
    }

    @Override
    public boolean contains(long ngram) {
        if (ngram == 0) return hasZero;
        int slot = (int) ngram & mask;
        while (true) {
            long held = words[slot];
            if (held == ngram) return true;
            if (held == 0) return false;
            slot = (slot + 1) & mask;
        }
    }

    /** The held n-grams, for building a Bloom filter. */
    long[] toArray() {
        long[] out = new long[(int) size()];
        int i = 0;
        if (hasZero) out[i++] = 0;
        for (long held : words) if (held != 0) out[i++] = held;
        return out;
    }

    @Override
    public double falsePositiveRate() {
        return 0;
    }

    @Override
    public String kind() {
        return "exact";
    }
}
