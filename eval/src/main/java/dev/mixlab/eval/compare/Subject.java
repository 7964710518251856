package dev.mixlab.eval.compare;

import dev.mixlab.eval.EvalResult;
import dev.mixlab.eval.SampleScore;
import java.util.List;
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
 * @param seed the run's training seed, or null when unknown (external models, {@code --runs})
 * @param seeds for a group of runs that differ only in seed: one subject per seed run, in seed
 *     order ({@code run} is then the group's name, {@code <recipe>-<model>}); empty for a single
 *     run
 */
public record Subject(
        String run,
        String phase,
        String label,
        Double codeShare,
        boolean unphased,
        Long seed,
        List<Subject> seeds) {
    public Subject {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(label, "label");
        seeds = List.copyOf(seeds);
    }

    /** A single run at one phase. */
    public Subject(String run, String phase, String label, Double codeShare, boolean unphased) {
        this(run, phase, label, codeShare, unphased, null, List.of());
    }

    /** Whether this subject stands for several runs that differ only in seed. */
    public boolean isSeedGroup() {
        return !seeds.isEmpty();
    }

    /** The single runs this subject stands for: its seed runs, or itself. */
    public List<Subject> units() {
        return isSeedGroup() ? seeds : List.of(this);
    }

    public boolean owns(EvalResult result) {
        return units().stream().anyMatch(u -> u.owns(result.run(), result.phase()));
    }

    public boolean owns(SampleScore sample) {
        return units().stream().anyMatch(u -> u.owns(sample.run(), sample.phase()));
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
