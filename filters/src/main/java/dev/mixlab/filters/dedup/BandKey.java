package dev.mixlab.filters.dedup;

import java.io.Serializable;

/**
 * One LSH bucket: documents with equal keys agree on every row of one band of their MinHash
 * signatures and are near-duplicate candidates.
 *
 * @param band which band, 0-based; keys of different bands never match
 * @param rowsHash 64-bit hash of the band's signature values
 */
public record BandKey(int band, long rowsHash) implements Serializable {}
