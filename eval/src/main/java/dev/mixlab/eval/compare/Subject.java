package dev.mixlab.eval.compare;

import dev.mixlab.eval.EvalResult;
import dev.mixlab.eval.SampleScore;
import java.util.Objects;

/**
 * One column of a comparison: a run (or external model) at one phase.
 *
 * @param run run id or model name
 * @param phase phase, or null for results imported without one
 * @param label column heading: the run, or {@code run/phase} when the comparison shows several
 *     phases of the run
 * @param codeShare share of code tokens in the phase's mixture (from the ablation spec), or null
 *     when unknown
 * @param unphased also owns the run's results imported without a phase (they describe the run's
 *     final state, e.g. judge verdicts on the finished model), when this is the run's last phase
 */
public record Subject(String run, String phase, String label, Double codeShare, boolean unphased) {
    public Subject {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(label, "label");
    }

    public boolean owns(EvalResult result) {
        return owns(result.run(), result.phase());
    }

    public boolean owns(SampleScore sample) {
        return owns(sample.run(), sample.phase());
    }

    private boolean owns(String resultRun, String resultPhase) {
        return run.equals(resultRun)
                && (Objects.equals(phase, resultPhase) || unphased && resultPhase == null);
    }

    @Override
    public String toString() {
        return label;
    }
}
