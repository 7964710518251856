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

    /**
     * Bounds far above any published model (the largest dense ones: width 16,384, MLP 53,248, 126
     * layers), so a typo is an error here rather than an out-of-memory later.
     */
    public static final int MAX_WIDTH = 65_536;

    public static final int MAX_LAYERS = 1_024;

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
        InvalidValueException.checkRange(dModel, MAX_WIDTH, "d_model", "");
        InvalidValueException.checkRange(nLayers, MAX_LAYERS, "n_layers", "");
        InvalidValueException.check(
                nHeads > 0 && dModel % nHeads == 0,
                "n_heads",
                "n_heads must be > 0 and divide d_model (" + dModel + ")");
        InvalidValueException.checkRange(dMlp, 4L * MAX_WIDTH, "d_mlp", "");
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
