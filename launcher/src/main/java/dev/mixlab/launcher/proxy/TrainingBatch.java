package dev.mixlab.launcher.proxy;

import dev.mixlab.mixtures.assembly.MixtureRow;
import java.util.List;

/**
 * A batch of mixture rows as next-token training data: row positions {@code 0..seq_len-2} are the
 * inputs and {@code 1..seq_len-1} the targets. {@code segments} numbers the documents inside each
 * row from its {@code doc_starts}, so attention can be kept inside a document; a row's first
 * segment is a document continued from the previous row of its source.
 *
 * @param rows rows in the batch
 * @param length input positions per row ({@code seq_len - 1})
 * @param inputs {@code rows × length} token ids
 * @param targets {@code rows × length} next-token ids
 * @param segments {@code rows × length} document numbers
 */
public record TrainingBatch(int rows, int length, int[] inputs, int[] targets, int[] segments) {
    public static TrainingBatch of(List<MixtureRow> batchRows, int seqLen) {
        int length = seqLen - 1;
        int n = batchRows.size();
        int[] inputs = new int[n * length];
        int[] targets = new int[n * length];
        int[] segments = new int[n * length];
        for (int r = 0; r < n; r++) {
            MixtureRow row = batchRows.get(r);
            int[] ids = row.inputIds();
            if (ids.length != seqLen) {
                throw new IllegalStateException(
                        "a row of source '"
                                + row.source()
                                + "' has "
                                + ids.length
                                + " tokens, the mixture's seq_len is "
                                + seqLen
                                + "; the mixture is not a mixlab build of this spec");
            }
            System.arraycopy(ids, 0, inputs, r * length, length);
            System.arraycopy(ids, 1, targets, r * length, length);
            int segment = 0;
            int nextStart = 0;
            int[] starts = row.docStarts();
            for (int p = 0; p < length; p++) {
                while (nextStart < starts.length && starts[nextStart] <= p) {
                    if (starts[nextStart] == p && p > 0) segment++;
                    nextStart++;
                }
                segments[r * length + p] = segment;
            }
        }
        return new TrainingBatch(n, length, inputs, targets, segments);
    }

    public long targetTokens() {
        return (long) rows * length;
    }
}
