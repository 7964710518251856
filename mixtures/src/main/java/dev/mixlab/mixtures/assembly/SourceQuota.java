package dev.mixlab.mixtures.assembly;

import java.io.Serializable;

/**
 * What one source contributes to one split of a mixture.
 *
 * <p>Rows are exactly {@code seq_len} tokens. {@code packedTokens} are document tokens and {@code
 * paddedTokens} end-of-sequence padding at the end of the source's last row, so {@code rows ×
 * seq_len = packedTokens + paddedTokens}. Padding happens only when the source cannot fill its last
 * row: in train, when its repetition cap stops it just short ({@code packedTokens} still covers
 * {@code targetTokens}); in validation, where every document is packed once.
 *
 * @param source source name
 * @param targetTokens train: the source's share of the budget ({@code TokenBudget.allocate});
 *     validation: all its tokens
 * @param rows packed rows
 * @param packedTokens document tokens in those rows
 * @param paddedTokens padding tokens in the last row
 * @param supplyTokens tokens of the pool's split
 * @param supplyDocuments documents of the pool's split
 */
public record SourceQuota(
        String source,
        long targetTokens,
        long rows,
        long packedTokens,
        long paddedTokens,
        long supplyTokens,
        long supplyDocuments)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * Epochs of the pool the packed tokens amount to (1.5 = every document once and half of them
     * twice).
     */
    public double epochs() {
        return supplyTokens == 0 ? 0 : (double) packedTokens / supplyTokens;
    }
}
