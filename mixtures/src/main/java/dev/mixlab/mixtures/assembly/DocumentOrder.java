package dev.mixlab.mixtures.assembly;

import java.nio.charset.StandardCharsets;

/**
 * The seeded order in which a source's train documents are drawn: every epoch is a fresh uniformly
 * random permutation of the pool's train documents (document index = position in the pool's reading
 * order), so documents are drawn without replacement within an epoch.
 *
 * <p>The seed of epoch {@code e} of source {@code s} is {@code mix(mix(mix(seed) ^ fnv1a64(s)) ^
 * e)} (SplitMix64's finaliser as {@code mix}, FNV-1a over the UTF-8 source name), and the
 * permutation is a Fisher–Yates shuffle driven by SplitMix64. Both are spelled out here rather than
 * taken from {@code java.util} so that the order never changes with the JDK: same seed, same
 * mixture, forever.
 */
public final class DocumentOrder {
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    private DocumentOrder() {}

    public static long epochSeed(long mixtureSeed, String source, int epoch) {
        long sourceHash = 0xcbf29ce484222325L;
        for (byte b : source.getBytes(StandardCharsets.UTF_8))
            sourceHash = (sourceHash ^ (b & 0xff)) * 0x100000001b3L;
        return mix(mix(mix(mixtureSeed) ^ sourceHash) ^ epoch);
    }

    /** {@code permutation[i]} = the document index drawn at position {@code i} of the epoch. */
    public static int[] permutation(int size, long seed) {
        int[] order = new int[size];
        for (int i = 0; i < size; i++) order[i] = i;
        long state = seed;
        for (int i = size - 1; i > 0; i--) {
            state += GOLDEN_GAMMA;
            // A 64-bit draw reduced modulo i + 1 (< 2^31): the bias is below 2^-32, far under any
            // effect on a mixture.
            int j = (int) Long.remainderUnsigned(mix(state), i + 1L);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }

    /**
     * SplitMix64's finaliser (Stafford's variant 13): a bijection on 64-bit values that spreads
     * every input bit.
     */
    static long mix(long value) {
        long z = value;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
