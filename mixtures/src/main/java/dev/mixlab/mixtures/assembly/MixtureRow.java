package dev.mixlab.mixtures.assembly;

import dev.mixlab.mixtures.parquet.RowFormat;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * One training row of a mixture shard.
 *
 * <p><b>{@code doc_starts} convention.</b> The offsets in {@code inputIds} where a document's first
 * token is, ascending. A document continuing from the previous row of its source has no entry, so a
 * row inside one long document has none, and offset 0 appears only when a document truly begins
 * there. A document runs from its start to the next start (in this row or a later row of the same
 * source) and ends with the end-of-sequence id; the last document packed for a source may be cut
 * short by the end of its last row. Padding (only at the end of a source's very last row, see the
 * manifest's {@code padded_tokens}) is the end-of-sequence id and starts no document.
 *
 * @param source the source the row was packed from
 * @param inputIds exactly {@code seq_len} token ids
 * @param docStarts offsets of document starts within the row
 */
public record MixtureRow(String source, int[] inputIds, int[] docStarts) implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * The Parquet layout of mixture shards: {@code input_ids list<int32>, source string, doc_starts
     * list<int32>}.
     */
    public static final RowFormat<MixtureRow> FORMAT =
            RowFormat.<MixtureRow>builder("mixlab_mixture_row")
                    .int32List("input_ids", MixtureRow::inputIds)
                    .string("source", MixtureRow::source)
                    .int32List("doc_starts", MixtureRow::docStarts)
                    .build(
                            values ->
                                    new MixtureRow(
                                            values.string("source"),
                                            values.int32List("input_ids"),
                                            values.int32List("doc_starts")));

    public MixtureRow {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(inputIds, "inputIds");
        Objects.requireNonNull(docStarts, "docStarts");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MixtureRow r
                && source.equals(r.source)
                && Arrays.equals(inputIds, r.inputIds)
                && Arrays.equals(docStarts, r.docStarts);
    }

    @Override
    public int hashCode() {
        return Objects.hash(source, Arrays.hashCode(inputIds), Arrays.hashCode(docStarts));
    }

    @Override
    public String toString() {
        return "MixtureRow[source="
                + source
                + ", "
                + inputIds.length
                + " tokens, docStarts="
                + Arrays.toString(docStarts)
                + "]";
    }
}
