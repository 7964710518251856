package dev.mixlab.mixtures.spec;

import java.util.List;

/**
 * One training job: a recipe at one model size and seed. Phase {@code initFrom} references point at
 * other runs' ids, so the launcher can order runs by dependency.
 *
 * @param id {@code <recipe>-<model>-s<seed>}, the directory under {@code runs/}
 * @param recipe the recipe it came from ({@code <recipe>-cooldown} for a generated cooldown run)
 * @param model model size name
 * @param seed training seed
 * @param phases ordered phases
 */
public record RunSpec(String id, String recipe, String model, long seed, List<PhaseSpec> phases) {
    public RunSpec {
        phases = List.copyOf(phases);
    }

    public static String idOf(String recipe, String model, long seed) {
        return recipe + "-" + model + "-s" + seed;
    }

    public long totalTokens() {
        return phases.stream().mapToLong(PhaseSpec::tokens).sum();
    }

    /** The checkpoint the run starts from, or null when it trains from scratch. */
    public PhaseSpec.PhaseRef initFrom() {
        return phases.get(0).initFrom();
    }
}
