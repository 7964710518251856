package dev.mixlab.mixtures.spec;

import dev.mixlab.filters.Suggestions;

/**
 * A named decoder-only model size.
 *
 * @param name size name used by runs, e.g. {@code tiny}, {@code 470M}
 * @param dModel hidden width
 * @param nLayers transformer blocks
 * @param nHeads attention heads (must divide dModel)
 * @param dMlp MLP inner width (default 4 × dModel)
 * @param positions {@code rotary} (default; RoPE on queries and keys) or {@code learned} (an
 *     absolute position table)
 */
public record ModelSpec(
        @SpecKeys.NotInYaml String name,
        int dModel,
        int nLayers,
        int nHeads,
        int dMlp,
        String positions) {
    public static final java.util.List<String> POSITIONS = java.util.List.of("rotary", "learned");

    public ModelSpec {
        InvalidValueException.check(
                POSITIONS.contains(positions),
                "positions",
                "unknown positions '"
                        + positions
                        + "'"
                        + Suggestions.didYouMean(positions, POSITIONS)
                        + "; use one of "
                        + POSITIONS);
        InvalidValueException.check(
                !positions.equals("rotary") || (dModel / Math.max(1, nHeads)) % 2 == 0,
                "positions",
                "rotary positions need an even head width; d_model / n_heads = "
                        + dModel / Math.max(1, nHeads));
        InvalidValueException.check(dModel > 0, "d_model", "d_model must be > 0");
        InvalidValueException.check(nLayers > 0, "n_layers", "n_layers must be > 0");
        InvalidValueException.check(
                nHeads > 0 && dModel % nHeads == 0,
                "n_heads",
                "n_heads must be > 0 and divide d_model (" + dModel + ")");
        InvalidValueException.check(dMlp > 0, "d_mlp", "d_mlp must be > 0");
    }

    /**
     * Parameters excluding embeddings (attention 4d² + MLP 2·d·d_mlp + norms per block): the usual
     * scaling-law count.
     */
    public long nonEmbeddingParameters() {
        long perBlock = 4L * dModel * dModel + 2L * dModel * dMlp + 4L * dModel;
        return perBlock * nLayers + 2L * dModel;
    }

    /** All parameters with a tied input/output embedding of {@code vocab} rows. */
    public long parameters(long vocab) {
        return nonEmbeddingParameters() + vocab * dModel;
    }
}
