package dev.mixlab.eval;

/**
 * The part of a test ablation spec that the report fixtures share: two sources, a 0/50/100% code
 * sweep and one tiny model. A fixture adds its name, runs and eval section.
 */
public final class CodeSweepSpec {
    public static final String SOURCES_SWEEP_AND_MODEL =
            """
            tokenizer: cl100k_base
            seq_len: 128
            sources:
              - {name: text, kind: text, inputs: corpus/text/*.jsonl}
              - {name: code, kind: code, inputs: corpus/code/*.jsonl}
            sweeps:
              - {name: code, values: [0, 0.5, 1.0], swept: {code: 1.0}, rest: {text: 1.0}, budget: 1M}
            models:
              tiny: {d_model: 64, n_layers: 2, n_heads: 2}
            """;

    private CodeSweepSpec() {}
}
