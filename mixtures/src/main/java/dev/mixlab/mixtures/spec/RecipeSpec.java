package dev.mixlab.mixtures.spec;

import java.util.List;

/**
 * A training recipe as declared in the spec ({@code runs:}); it expands into one {@link RunSpec}
 * per model size and seed, plus a cooldown run per base run when {@code cooldown} is set.
 *
 * @param name recipe name, e.g. {@code balanced-text}
 * @param models model size names
 * @param seeds training seeds
 * @param phases ordered phases; only the first may have {@code init_from} (another recipe's phase)
 * @param cooldown optional cooldown continued from the last phase
 */
public record RecipeSpec(
        String name,
        List<String> models,
        List<Long> seeds,
        List<PhaseSpec> phases,
        CooldownSpec cooldown) {
    public RecipeSpec {
        InvalidValueException.check(
                !models.isEmpty(), "models", "a run needs at least one model size");
        InvalidValueException.check(!seeds.isEmpty(), "seeds", "a run needs at least one seed");
        InvalidValueException.check(!phases.isEmpty(), "phases", "a run needs at least one phase");
        InvalidValueException.check(
                seeds.stream().distinct().count() == seeds.size(),
                "seeds",
                "seeds repeat: " + seeds);
        InvalidValueException.check(
                models.stream().distinct().count() == models.size(),
                "models",
                "model sizes repeat: " + models);
        for (int i = 0; i < phases.size(); i++) {
            for (int j = 0; j < i; j++) {
                InvalidValueException.check(
                        !phases.get(i).name().equals(phases.get(j).name()),
                        "phases",
                        "phase name '"
                                + phases.get(i).name()
                                + "' is used twice in run '"
                                + name
                                + "'");
            }
        }
        models = List.copyOf(models);
        seeds = List.copyOf(seeds);
        phases = List.copyOf(phases);
    }

    public long totalTokens() {
        return phases.stream().mapToLong(PhaseSpec::tokens).sum();
    }

    /**
     * A cooldown after the recipe: {@code fraction} of the recipe's tokens on {@code mixture}, with
     * a linear decay (the paper: 10% of the budget, 20% code, down to 1e-6). {@code newEpoch} as
     * for a phase ({@link PhaseSpec#newEpoch}).
     */
    public record CooldownSpec(String mixture, double fraction, LrSchedule lr, boolean newEpoch) {
        public CooldownSpec {
            InvalidValueException.check(
                    fraction > 0 && fraction <= 1,
                    "fraction",
                    "fraction must be in (0, 1], found " + fraction);
        }
    }
}
