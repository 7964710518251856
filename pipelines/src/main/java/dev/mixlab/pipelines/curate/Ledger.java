package dev.mixlab.pipelines.curate;

/**
 * Names of the counts every curation stage reports. Counts travel as data ({@code KV<key, n>}
 * summed per key), not as runner metrics, so they are exact and identical on every runner. Each
 * read record ends in exactly one terminal outcome — {@code kept}, {@code dropped:<reason>} or
 * {@code quarantined:<reason>} — which is what makes conservation checkable: {@code records = kept
 * + Σ dropped + Σ quarantined}.
 */
public final class Ledger {
    public static final String RECORDS = "records";
    public static final String KEPT = "kept";
    public static final String DROPPED = "dropped:";
    public static final String QUARANTINED = "quarantined:";
    public static final String STAGE = "stage:";

    private Ledger() {}

    /** The key of a count of documents. */
    static String docs(String key) {
        return key + "#docs";
    }

    /** The key of a count of UTF-8 bytes. */
    static String bytes(String key) {
        return key + "#bytes";
    }

    static String stageIn(String stage) {
        return STAGE + stage + ":in";
    }

    static String stageOut(String stage) {
        return STAGE + stage + ":out";
    }
}
