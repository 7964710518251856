package dev.mixlab.pipelines.curate;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Records read so far in this JVM, for the console progress line of local runs (Direct runner and
 * embedded Flink run the workers in the launcher's JVM). On a cluster the workers are elsewhere and
 * the launcher shows no progress; the exact counts come from the ledger either way.
 */
public final class CurationProgress {
    private static final AtomicLong RECORDS = new AtomicLong();
    private static final AtomicLong BYTES = new AtomicLong();
    private static final AtomicLong READ_AGAIN = new AtomicLong();

    private CurationProgress() {}

    static void record(long bytes) {
        RECORDS.incrementAndGet();
        BYTES.addAndGet(bytes);
    }

    /** A document kept by exact dedup, read a second time ({@link DropExactDuplicates}). */
    static void recordReadAgain() {
        READ_AGAIN.incrementAndGet();
    }

    public static long readAgain() {
        return READ_AGAIN.get();
    }

    public static long records() {
        return RECORDS.get();
    }

    public static long bytes() {
        return BYTES.get();
    }
}
