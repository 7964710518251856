package dev.mixlab.filters.decontaminate;

/**
 * A membership structure held in one array of 64-bit words (hash slots or Bloom filter bits): its
 * size and memory are counted the same way whatever the words mean.
 */
abstract class NgramArray implements NgramMembership {
    private static final long serialVersionUID = 1L;

    /** The structure's words: what a worker holds in memory. */
    final long[] words;

    private final long size;

    NgramArray(long[] words, long size) {
        this.words = words;
        this.size = size;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public long memoryBytes() {
        return 8L * words.length;
    }
}
