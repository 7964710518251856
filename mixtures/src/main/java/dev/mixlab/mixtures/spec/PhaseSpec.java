package dev.mixlab.mixtures.spec;

/**
 * One phase of a run: train on {@code tokens} tokens of {@code mixture} with schedule {@code lr}.
 * The first phase starts from scratch or from {@code initFrom}; later phases continue from the
 * previous one.
 *
 * @param name phase name, unique within its run (e.g. {@code pretrain}, {@code continue}, {@code
 *     cooldown})
 * @param mixture mixture name
 * @param tokens tokens to train on
 * @param lr learning-rate schedule
 * @param initFrom checkpoint to start from (another run's phase), or null
 * @param newEpoch whether the phase may start a new pass over its mixture when the phases of its
 *     lineage before it have left too few unread rows (docs/TRAINING.md, "Data order across
 *     phases"); without it such a run is refused
 */
public record PhaseSpec(
        String name,
        String mixture,
        long tokens,
        LrSchedule lr,
        PhaseRef initFrom,
        boolean newEpoch) {
    public PhaseSpec {
        InvalidValueException.check(
                tokens > 0, "tokens", "tokens must be a positive number of tokens");
    }

    /** A reference to a phase of a run (or, before expansion, of a recipe): {@code run/phase}. */
    public record PhaseRef(String run, String phase) {
        @Override
        public String toString() {
            return run + "/" + phase;
        }
    }
}
