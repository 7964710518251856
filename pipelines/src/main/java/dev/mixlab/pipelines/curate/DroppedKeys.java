package dev.mixlab.pipelines.curate;

import dev.mixlab.io.Sha256;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The keys of one read task's dropped exact duplicates, as 128-bit digests (SHA-256 prefix, as
 * {@link DocKeys#textHash}) in an open-addressing table: about 32 bytes per key, whatever its
 * length. A whole-file task of a large compressed file can drop millions of copies, which as
 * strings in a hash set would take several times that. A kept document is skipped by mistake only
 * if its key's 128 bits equal a dropped key's, which is negligible even across billions of
 * documents.
 */
final class DroppedKeys {
    private long[] high = new long[16];
    private long[] low = new long[16];
    private boolean[] used = new boolean[16];
    private int size;

    void add(String key) {
        if (2 * (size + 1) > used.length) grow();
        long[] digest = digest(key);
        if (insert(digest[0], digest[1])) size++;
    }

    boolean contains(String key) {
        if (size == 0) return false;
        long[] digest = digest(key);
        int mask = used.length - 1;
        for (int i = slot(digest[0], mask); used[i]; i = (i + 1) & mask)
            if (high[i] == digest[0] && low[i] == digest[1]) return true;
        return false;
    }

    int size() {
        return size;
    }

    private boolean insert(long h, long l) {
        int mask = used.length - 1;
        int i = slot(h, mask);
        for (; used[i]; i = (i + 1) & mask) if (high[i] == h && low[i] == l) return false;
        used[i] = true;
        high[i] = h;
        low[i] = l;
        return true;
    }

    private void grow() {
        long[] oldHigh = high;
        long[] oldLow = low;
        boolean[] oldUsed = used;
        high = new long[oldUsed.length * 2];
        low = new long[oldUsed.length * 2];
        used = new boolean[oldUsed.length * 2];
        for (int i = 0; i < oldUsed.length; i++) if (oldUsed[i]) insert(oldHigh[i], oldLow[i]);
    }

    /** SHA-256's bits are uniform, so its low bits pick the slot directly. */
    private static int slot(long high, int mask) {
        return (int) high & mask;
    }

    private static long[] digest(String key) {
        ByteBuffer digest = ByteBuffer.wrap(Sha256.digest(key.getBytes(StandardCharsets.UTF_8)));
        return new long[] {digest.getLong(0), digest.getLong(8)};
    }
}
