package dev.mixlab.mixtures.pool;

import dev.mixlab.mixtures.parquet.RowFormat;
import dev.mixlab.mixtures.parquet.RowValues;
import java.util.Arrays;
import java.util.Objects;

/**
 * One kept, tokenized document of a pool (a row of {@code
 * pools/<source>-<fingerprint>/part-NNNNN.parquet}).
 *
 * @param id stable document id from the corpus
 * @param source source name (as in the ablation spec)
 * @param kind source kind ({@code text}, {@code code}, …)
 * @param lang natural or programming language, or null when unknown
 * @param nBytes UTF-8 bytes of the normalised text
 * @param nTokens number of token ids, equal to {@code inputIds.length}
 * @param inputIds token ids, the end-of-sequence id already appended
 * @param split {@link Split#TRAIN} or {@link Split#VALIDATION}
 */
public record PoolRecord(
        String id,
        String source,
        String kind,
        String lang,
        long nBytes,
        int nTokens,
        int[] inputIds,
        Split split) {

    /** How accounting names the language of documents whose {@code lang} is null. */
    public static final String UNKNOWN_LANGUAGE = "unknown";

    /** The Parquet layout of pool part files. */
    public static final RowFormat<PoolRecord> FORMAT =
            RowFormat.<PoolRecord>builder("mixlab_pool_document")
                    .string("id", PoolRecord::id)
                    .string("source", PoolRecord::source)
                    .string("kind", PoolRecord::kind)
                    .optionalString("lang", PoolRecord::lang)
                    .int64("n_bytes", PoolRecord::nBytes)
                    .int32("n_tokens", PoolRecord::nTokens)
                    .int32List("input_ids", PoolRecord::inputIds)
                    .string("split", r -> r.split().label())
                    .build(PoolRecord::fromRow);

    public enum Split {
        TRAIN("train"),
        VALIDATION("validation");

        private final String label;

        Split(String label) {
            this.label = label;
        }

        /** The value stored in the {@code split} column. */
        public String label() {
            return label;
        }

        public static Split of(String label) {
            for (Split split : values()) if (split.label.equals(label)) return split;
            throw new IllegalArgumentException(
                    "unknown split '"
                            + label
                            + "'; a pool document's split is 'train' or 'validation'");
        }
    }

    public PoolRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(inputIds, "input_ids");
        Objects.requireNonNull(split, "split");
        if (nTokens != inputIds.length) {
            throw new IllegalArgumentException(
                    "document '"
                            + id
                            + "' of source '"
                            + source
                            + "' says n_tokens = "
                            + nTokens
                            + " but has "
                            + inputIds.length
                            + " input_ids");
        }
        if (nTokens == 0) {
            throw new IllegalArgumentException(
                    "document '"
                            + id
                            + "' of source '"
                            + source
                            + "' has no tokens; every pool document ends with the end-of-sequence id");
        }
    }

    private static PoolRecord fromRow(RowValues row) {
        return new PoolRecord(
                row.string("id"),
                row.string("source"),
                row.string("kind"),
                row.string("lang"),
                row.int64("n_bytes"),
                row.int32("n_tokens"),
                row.int32List("input_ids"),
                Split.of(row.string("split")));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PoolRecord r
                && id.equals(r.id)
                && source.equals(r.source)
                && kind.equals(r.kind)
                && Objects.equals(lang, r.lang)
                && nBytes == r.nBytes
                && nTokens == r.nTokens
                && Arrays.equals(inputIds, r.inputIds)
                && split == r.split;
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                id, source, kind, lang, nBytes, nTokens, Arrays.hashCode(inputIds), split);
    }

    @Override
    public String toString() {
        return "PoolRecord[id="
                + id
                + ", source="
                + source
                + ", kind="
                + kind
                + ", lang="
                + lang
                + ", nBytes="
                + nBytes
                + ", nTokens="
                + nTokens
                + ", split="
                + split.label()
                + "]";
    }
}
