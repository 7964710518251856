package dev.mixlab.filters;

/**
 * Fast 64-bit hashing for words and n-grams (repetition rules, MinHash shingles). Not
 * cryptographic; collisions among the few thousand n-grams of a document are negligible at 64 bits.
 */
public final class Hash64 {

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    private Hash64() {}

    /** FNV-1a over the UTF-16 code units, finished with {@link #mix} for good high bits. */
    public static long of(CharSequence text) {
        long hash = FNV_OFFSET;
        for (int i = 0; i < text.length(); i++) {
            hash = (hash ^ text.charAt(i)) * FNV_PRIME;
        }
        return mix(hash);
    }

    /**
     * The state {@link #of} starts from, for hashing a text one code unit at a time ({@link #add},
     * then {@link #mix}) without building it as a string: the result equals {@code of(text)}.
     */
    public static long start() {
        return FNV_OFFSET;
    }

    /** {@code hash} extended by one UTF-16 code unit. */
    public static long add(long hash, char c) {
        return (hash ^ c) * FNV_PRIME;
    }

    /**
     * Order-sensitive hash of {@code count} consecutive element hashes starting at {@code from}.
     */
    public static long ofSequence(long[] hashes, int from, int count) {
        long hash = count;
        for (int i = from; i < from + count; i++) {
            hash = hash * GOLDEN_GAMMA + hashes[i];
        }
        return mix(hash);
    }

    /** The MurmurHash3 / SplitMix64 finaliser: every input bit affects every output bit. */
    public static long mix(long value) {
        long z = value;
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}
