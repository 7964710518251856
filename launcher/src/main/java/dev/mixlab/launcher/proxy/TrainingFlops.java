package dev.mixlab.launcher.proxy;

import dev.mixlab.mixtures.spec.ModelSpec;

/**
 * Model FLOPs per trained token, the PaLM appendix B estimate: 6·N for the weight matrices (forward
 * and backward), where N counts the non-embedding parameters plus the tied output projection (which
 * is a real matrix product even though the input embedding is a lookup), plus
 * 12·layers·d_model·context for attention scores and their use. Recomputation and padding are not
 * counted, as MFU requires.
 */
public final class TrainingFlops {
    private TrainingFlops() {}

    public static double perToken(ModelSpec model, int vocab, int context) {
        double matrices = model.nonEmbeddingParameters() + (double) vocab * model.dModel();
        return 6 * matrices + 12.0 * model.nLayers() * model.dModel() * context;
    }
}
