package dev.mixlab.mixtures.spec;

import static dev.mixlab.mixtures.spec.SpecBinding.bind;

import dev.mixlab.filters.Suggestions;
import dev.mixlab.mixtures.spec.ConfigNode.Fields;
import dev.mixlab.mixtures.spec.SweepSpec.RepetitionCaps;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Binds {@code mixtures:} and {@code sweeps:}: weights name declared sources and are not negative,
 * each group of a sweep sums to 1, {@code max_repetition} is one cap or caps by source. A mixture's
 * budget may depend on the runs that use it, so each becomes a {@link DeclaredMixture} first.
 */
final class MixtureBinding {
    private static final Set<String> MIXTURE_KEYS = SpecKeys.of(MixtureSpec.class);
    private static final Set<String> SWEEP_KEYS = SpecKeys.of(SweepSpec.class);

    private MixtureBinding() {}

    /** A mixture before its budget is known (it may come from the phases that use it). */
    record DeclaredMixture(
            ConfigNode node,
            String name,
            String origin,
            Double sweepValue,
            Map<String, Double> weights,
            Long budget,
            ConfigNode budgetNode,
            Map<String, Double> maxRepetition,
            long seed) {
        MixtureSpec build(RecipeGraph recipes, int seqLen) {
            long largestUse = recipes.budgetNeeded(name, budget, budgetNode, seqLen);
            if (budget == null && largestUse == 0) {
                throw node.error(
                        "mixture '"
                                + name
                                + "' has no budget and no run uses it; add budget: (e.g. 50M)");
            }
            long resolved = budget != null ? budget : largestUse;
            return bind(
                    node,
                    () ->
                            new MixtureSpec(
                                    name,
                                    origin,
                                    sweepValue,
                                    weights,
                                    resolved,
                                    maxRepetition,
                                    seed));
        }
    }

    static DeclaredMixture explicitMixture(ConfigNode node, Set<String> sources, long defaultSeed) {
        Fields f = node.fields(MIXTURE_KEYS);
        String name = f.require("name", node).name();
        Map<String, Double> weights = weights(f.require("weights", node), sources);
        Long budget = budget(f);
        RepetitionCaps caps = repetitionCaps(f, sources);
        return new DeclaredMixture(
                node,
                name,
                "explicit",
                null,
                weights,
                budget,
                f.optional("budget").orElse(node),
                caps.forWeights(weights),
                seed(f, defaultSeed));
    }

    /** The mixtures a sweep generates ({@link SweepExpansion}). */
    static List<DeclaredMixture> sweep(ConfigNode node, Set<String> sources, long defaultSeed) {
        Fields f = node.fields(SWEEP_KEYS);
        String name = f.require("name", node).name();
        ConfigNode valuesNode = f.require("values", node);
        List<Double> values = new ArrayList<>();
        for (ConfigNode v : valuesNode.list(false)) {
            double share = v.number();
            if (share < 0 || share > 1)
                throw v.error("a swept share must be in [0, 1], found " + share);
            if (values.contains(share))
                throw v.error("share " + share + " appears twice in this sweep");
            values.add(share);
        }
        if (values.isEmpty()) throw valuesNode.error("a sweep needs at least one value");
        Map<String, Double> rest = weightGroup(f.require("rest", node), sources);
        if (f.has("swept") == f.has("variants")) {
            throw node.error(
                    "a sweep needs exactly one of 'swept' (weights within the swept share) or 'variants' "
                            + "(several named weightings within it)");
        }
        Map<String, Double> swept =
                f.optional("swept").map(n -> weightGroup(n, sources)).orElse(null);
        Map<String, Map<String, Double>> variants = new LinkedHashMap<>();
        f.optional("variants")
                .ifPresent(
                        n ->
                                n.fieldsUnchecked()
                                        .namedEntries()
                                        .forEach(
                                                (variant, weights) ->
                                                        variants.put(
                                                                variant,
                                                                weightGroup(weights, sources))));
        Long budget = budget(f);
        RepetitionCaps caps = repetitionCaps(f, sources);
        long seed = seed(f, defaultSeed);
        SweepSpec sweep =
                bind(
                        node,
                        () ->
                                new SweepSpec(
                                        name, values, swept, variants, rest, budget, caps, seed));
        ConfigNode budgetNode = f.optional("budget").orElse(node);
        return SweepExpansion.expand(sweep, sources).stream()
                .map(
                        m ->
                                new DeclaredMixture(
                                        node,
                                        node.generatedName(m.name()),
                                        name,
                                        m.share(),
                                        m.weights(),
                                        budget,
                                        budgetNode,
                                        caps.forWeights(m.weights()),
                                        seed))
                .toList();
    }

    private static Long budget(Fields f) {
        return f.optional("budget").map(ConfigNode::tokenCount).orElse(null);
    }

    private static long seed(Fields f, long defaultSeed) {
        return f.optional("seed").map(ConfigNode::integer).orElse(defaultSeed);
    }

    private static Map<String, Double> weights(ConfigNode node, Set<String> sources) {
        Map<String, Double> weights = new LinkedHashMap<>();
        node.fieldsUnchecked()
                .entries()
                .forEach(
                        (source, value) -> {
                            checkSource(source, value, sources, true);
                            double w = value.number();
                            if (w < 0)
                                throw value.error(
                                        "weight of '" + source + "' is negative (" + w + ")");
                            weights.put(source, w);
                        });
        if (weights.isEmpty()) throw node.error("give at least one source: weight");
        return weights;
    }

    /** A sweep's {@code swept}, {@code rest} or variant: weights that are shares of that group. */
    private static Map<String, Double> weightGroup(ConfigNode node, Set<String> sources) {
        Map<String, Double> weights = weights(node, sources);
        try {
            MixtureSpec.checkWeightSum(weights, node.path());
        } catch (InvalidValueException e) {
            throw node.error(e.getMessage() + " (weights within a group are shares of that group)");
        }
        return weights;
    }

    private static void checkSource(
            String source, ConfigNode at, Set<String> sources, boolean listThem) {
        if (!sources.contains(source)) {
            throw at.error(
                    "unknown source '"
                            + source
                            + "'"
                            + Suggestions.didYouMean(source, sources)
                            + (listThem ? "; sources are: " + String.join(", ", sources) : ""));
        }
    }

    private static RepetitionCaps repetitionCaps(Fields f, Set<String> sources) {
        Optional<ConfigNode> given = f.optional("max_repetition");
        if (given.isEmpty()) return RepetitionCaps.NONE;
        ConfigNode node = given.get();
        if (node.isScalar()) return new RepetitionCaps(epochs(node), Map.of());
        Map<String, Double> caps = new LinkedHashMap<>();
        node.fieldsUnchecked()
                .entries()
                .forEach(
                        (source, value) -> {
                            checkSource(source, value, sources, false);
                            caps.put(source, epochs(value));
                        });
        return new RepetitionCaps(null, caps);
    }

    private static double epochs(ConfigNode node) {
        double cap = node.number();
        if (cap <= 0) throw node.error("max_repetition must be > 0 epochs, found " + cap);
        return cap;
    }
}
