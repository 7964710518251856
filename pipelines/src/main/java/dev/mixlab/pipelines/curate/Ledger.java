package dev.mixlab.pipelines.curate;

import dev.mixlab.mixtures.pool.PoolRecord;

/**
 * The vocabulary of the ledger: the curation stages with their names, and the keys of every count.
 * Counts travel as data ({@code KV<key, n>} summed per key), not as runner metrics, so they are
 * exact and identical on every runner. Each read record ends in exactly one terminal outcome —
 * {@code kept}, {@code dropped:<reason>} or {@code quarantined:<reason>} — which is what makes
 * conservation checkable: {@code records = kept + Σ dropped + Σ quarantined}.
 *
 * <p>A key names what is counted ({@code stage:filters:in}, {@code step:c4:out}, {@code
 * split:train}, …) and ends in the unit: {@code #docs}, {@code #bytes} (UTF-8) or {@code #tokens}.
 * Counters that mappers report ({@code count:pii.email}) carry no unit.
 */
public final class Ledger {
    public static final String RECORDS = "records";
    public static final String KEPT = "kept";
    public static final String DROPPED = "dropped:";
    public static final String QUARANTINED = "quarantined:";
    public static final String STAGE = "stage:";
    public static final String STEP = "step:";
    public static final String COUNTER = "count:";
    public static final String SPLIT = "split:";
    public static final String LANGUAGE = "language:";

    /** The language of documents without one (no language ID, no file type). */
    public static final String UNKNOWN_LANGUAGE = PoolRecord.UNKNOWN_LANGUAGE;

    public static final String DOCS = "#docs";
    public static final String BYTES = "#bytes";
    public static final String TOKENS = "#tokens";

    /**
     * The stages that count the documents they receive and pass on, in data-flow order: the name
     * under which the ledger and stats.json report them, and the name of their Beam step.
     */
    public enum Stage {
        READ("read", "ReadDocuments"),
        NORMALISE("normalise", "Normalise"),
        EXACT_DEDUP("exact_dedup", "DropExactDuplicates"),
        DECONTAMINATE("decontaminate", "Decontaminate"),
        FILTERS("filters", "ApplyFilters"),
        NEAR_DEDUP("near_dedup", "MarkNearDuplicates"),
        // The catalog steps after near dedup; PII redaction is the only one so far. They run in the
        // step that drops near duplicates and writes each part.
        AFTER_NEAR_DEDUP("pii", "WriteParts");

        private final String ledgerName;
        private final String stepName;

        Stage(String ledgerName, String stepName) {
            this.ledgerName = ledgerName;
            this.stepName = stepName;
        }

        /** The name in ledger keys, stats.json and the summary table. */
        public String ledgerName() {
            return ledgerName;
        }

        /** The name of the stage's Beam step. */
        public String stepName() {
            return stepName;
        }

        /** The key of what the stage received. */
        String in() {
            return STAGE + ledgerName + ":in";
        }

        /** The key of what the stage passed on. */
        String out() {
            return STAGE + ledgerName + ":out";
        }
    }

    private Ledger() {}

    /** The key of a count of documents. */
    static String docs(String key) {
        return key + DOCS;
    }

    /** The key of a count of UTF-8 bytes. */
    static String bytes(String key) {
        return key + BYTES;
    }

    /** The key of a count of tokens. */
    static String tokens(String key) {
        return key + TOKENS;
    }

    /** Documents a catalog step received. */
    static String stepIn(String step) {
        return docs(STEP + step + ":in");
    }

    /** Documents a catalog step passed on. */
    static String stepOut(String step) {
        return docs(STEP + step + ":out");
    }

    /** The step name of a {@link #stepIn} key, or null for any other key. */
    static String stepOfStepIn(String key) {
        String suffix = ":in" + DOCS;
        return key.startsWith(STEP) && key.endsWith(suffix)
                ? key.substring(STEP.length(), key.length() - suffix.length())
                : null;
    }

    /** A mapper's counter, e.g. {@code pii.email}. */
    static String counter(String name) {
        return COUNTER + name;
    }

    /**
     * What was kept in a split in one language, e.g. {@code language:train:de}; {@code lang} null
     * is {@link #UNKNOWN_LANGUAGE}.
     */
    static String language(PoolRecord.Split split, String lang) {
        return LANGUAGE + split.label() + ":" + (lang == null ? UNKNOWN_LANGUAGE : lang);
    }

    /** What was kept in a split. */
    static String split(PoolRecord.Split split) {
        return SPLIT + split.label();
    }
}
