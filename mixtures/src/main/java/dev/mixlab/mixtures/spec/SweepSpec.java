package dev.mixlab.mixtures.spec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A sweep as declared ({@code sweeps:}): the generator of one mixture per swept share and variant
 * ({@link SweepExpansion}). Its keys are those of the YAML; the loader has checked the sources and
 * each group's weights.
 *
 * @param name prefix of the generated mixtures' names
 * @param values swept shares in [0, 1], in declaration order
 * @param swept weights within the swept share (a sweep with one weighting), or null
 * @param variants named weightings within the swept share, in declaration order (empty when {@code
 *     swept} is given)
 * @param rest weights within the remainder
 * @param budget tokens of every generated mixture, or null (the largest phase that uses it)
 * @param maxRepetition epochs caps; only those of the sources a generated mixture uses apply to it
 * @param seed seed of every generated mixture
 */
public record SweepSpec(
        String name,
        List<Double> values,
        Map<String, Double> swept,
        Map<String, Map<String, Double>> variants,
        Map<String, Double> rest,
        Long budget,
        RepetitionCaps maxRepetition,
        long seed) {
    public SweepSpec {
        InvalidValueException.check(
                (swept == null) != variants.isEmpty(),
                "",
                "a sweep needs exactly one of 'swept' (weights within the swept share) or 'variants' "
                        + "(several named weightings within it)");
        values = List.copyOf(values);
        variants = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(variants));
    }

    /** The weightings within the swept share by variant name ("" for {@code swept}). */
    Map<String, Map<String, Double>> weightings() {
        return swept != null ? Map.of("", swept) : variants;
    }

    /**
     * {@code max_repetition} as written: one cap for every source ({@code all}) or caps by source.
     */
    record RepetitionCaps(Double all, Map<String, Double> bySource) {
        static final RepetitionCaps NONE = new RepetitionCaps(null, Map.of());

        /** The caps of a mixture with these weights, in the order the caps were written. */
        Map<String, Double> forWeights(Map<String, Double> weights) {
            Map<String, Double> caps = new LinkedHashMap<>();
            if (all != null) weights.keySet().forEach(source -> caps.put(source, all));
            bySource.forEach(
                    (source, cap) -> {
                        if (weights.containsKey(source)) caps.put(source, cap);
                    });
            return caps;
        }
    }
}
