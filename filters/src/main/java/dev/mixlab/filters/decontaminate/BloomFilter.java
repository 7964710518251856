package dev.mixlab.filters.decontaminate;

/**
 * A Bloom filter over 64-bit n-gram hashes: {@code m = -n ln p / (ln 2)²} bits and {@code k = (m /
 * n) ln 2} probes for a target rate p, the probes derived from the hash's two halves (Kirsch and
 * Mitzenmacher's double hashing), so no n-gram is hashed again. About 1.44 log2(1/p) bits per
 * n-gram: 1.8 bytes at p = 0.001 instead of the exact set's 16.
 */
final class BloomFilter extends NgramArray {
    private static final long serialVersionUID = 1L;

    private final long bitCount;
    private final int probes;

    private BloomFilter(long bitCount, int probes, long size) {
        super(new long[(int) ((bitCount + 63) / 64)], size);
        this.bitCount = bitCount;
        this.probes = probes;
    }

    static BloomFilter of(NgramSet ngrams, double targetRate) {
        if (!(targetRate > 0 && targetRate < 1))
            throw new IllegalArgumentException("a Bloom filter's rate must be in (0, 1)");
        long n = Math.max(1, ngrams.size());
        long m = (long) Math.ceil(-n * Math.log(targetRate) / (Math.log(2) * Math.log(2)));
        m = Math.max(64, m);
        if (m / 64 > Integer.MAX_VALUE - 8)
            throw new IllegalArgumentException("Bloom filter too large: " + m + " bits");
        int k = (int) Math.max(1, Math.round((double) m / n * Math.log(2)));
        BloomFilter filter = new BloomFilter(m, k, ngrams.size());
        for (long ngram : ngrams.toArray()) filter.add(ngram);
        return filter;
    }

    private void add(long ngram) {
        long h1 = ngram & 0xffffffffL;
        long h2 = ngram >>> 32;
        for (int i = 0; i < probes; i++) {
            long bit = Long.remainderUnsigned(h1 + i * h2, bitCount);
            words[(int) (bit >>> 6)] |= 1L << bit;
        }
    }

    @Override
    public boolean contains(long ngram) {
        long h1 = ngram & 0xffffffffL;
        long h2 = ngram >>> 32;
        for (int i = 0; i < probes; i++) {
            long bit = Long.remainderUnsigned(h1 + i * h2, bitCount);
            if ((words[(int) (bit >>> 6)] & (1L << bit)) == 0) return false;
        }
        return true;
    }

    /** {@code (1 - e^(-kn/m))^k} at the filter's actual fill. */
    @Override
    public double falsePositiveRate() {
        return Math.pow(1 - Math.exp(-(double) probes * size() / bitCount), probes);
    }

    @Override
    public String kind() {
        return "bloom";
    }
}
