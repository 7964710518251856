package dev.mixlab.filters.decontaminate;

import java.io.Serializable;

/**
 * The evaluation n-grams a worker checks every document against, as 64-bit hashes: an exact hash
 * set, or above a configured size a Bloom filter that trades a stated false-positive rate for
 * memory.
 */
public interface NgramMembership extends Serializable {

    boolean contains(long ngram);

    /** Distinct n-grams held. */
    long size();

    /** Bytes of the structure in a worker's memory (its arrays). */
    long memoryBytes();

    /**
     * The chance that a lookup of an n-gram that is not held answers yes: 0 for the exact set, the
     * Bloom filter's rate at its actual fill otherwise.
     */
    double falsePositiveRate();

    /** {@code exact} or {@code bloom}, as stats.json names it. */
    String kind();

    /**
     * An exact set of {@code ngrams} (duplicates allowed), or a Bloom filter at {@code bloomFpr}
     * when there are more than {@code bloomAbove} distinct ones.
     */
    static NgramMembership of(long[] ngrams, long bloomAbove, double bloomFpr) {
        NgramSet exact = NgramSet.of(ngrams);
        if (exact.size() <= bloomAbove) return exact;
        return BloomFilter.of(exact, bloomFpr);
    }
}
