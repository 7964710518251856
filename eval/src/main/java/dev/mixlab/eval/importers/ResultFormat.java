package dev.mixlab.eval.importers;

/**
 * The kinds of results file mixlab imports; {@link #label()} is what the store's {@code format}
 * column holds.
 */
public enum ResultFormat {
    LM_EVAL_03("lm-eval-0.3", "lm-evaluation-harness 0.3 results"),
    LM_EVAL_04("lm-eval-0.4", "lm-evaluation-harness 0.4 results"),
    BIGCODE("bigcode", "bigcode-evaluation-harness evaluation_results"),
    PAIRWISE("pairwise-judge", "pairwise LLM-as-a-judge verdicts");

    private final String label;
    private final String description;

    ResultFormat(String label, String description) {
        this.label = label;
        this.description = description;
    }

    public String label() {
        return label;
    }

    public String description() {
        return description;
    }
}
