package dev.mixlab.mixtures.spec;

import dev.mixlab.filters.Suggestions;
import dev.mixlab.mixtures.spec.ConfigNode.Fields;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the {@code search:} section of an ablation (docs/SEARCH.md) into a {@link SearchSpec},
 * checking its references against the rest of the spec: domains name declared sources (each at most
 * once), the model is declared, the generated mixture names do not clash with declared ones.
 */
public final class SearchSection {
    private static final Set<String> KEYS =
            Set.of(
                    "name",
                    "domains",
                    "model",
                    "tokens",
                    "swarm",
                    "prior",
                    "concentrations",
                    "grid",
                    "max_repetition",
                    "objective",
                    "fixed",
                    "min_weight",
                    "max_weight",
                    "kl_penalty",
                    "target_tokens",
                    "seed",
                    "folds",
                    "bootstrap",
                    "propose_with",
                    "check",
                    "extrapolate");
    private static final Set<String> CONCENTRATION_KEYS = Set.of("min", "max", "steps");

    private SearchSection() {}

    /** The search of {@code spec} as written at {@code node}. */
    public static SearchSpec read(ConfigNode node, AblationSpec spec) {
        Fields f = node.fields(KEYS);
        String name = f.optional("name").map(ConfigNode::name).orElse(spec.name());
        List<SearchSpec.Domain> domains =
                f.optional("domains").map(n -> domains(n, spec)).orElseGet(() -> perSource(spec));
        List<String> domainNames = domains.stream().map(SearchSpec.Domain::name).toList();

        ConfigNode modelNode = f.optional("model").orElse(null);
        String model;
        if (modelNode != null) {
            model = modelNode.string().trim();
            if (!spec.models().containsKey(model))
                throw modelNode.error(
                        "unknown model size '"
                                + model
                                + "'"
                                + Suggestions.didYouMean(model, spec.models().keySet())
                                + (spec.models().isEmpty()
                                        ? "; declare it under models:"
                                        : "; declared sizes: "
                                                + String.join(", ", spec.models().keySet())));
        } else if (spec.models().size() == 1) {
            model = spec.models().keySet().iterator().next();
        } else {
            throw node.error(
                    "missing key 'model': name the proxy model size of the swarm"
                            + (spec.models().isEmpty()
                                    ? " and declare it under models:"
                                    : " (one of "
                                            + String.join(", ", spec.models().keySet())
                                            + ")"));
        }
        long tokens = f.require("tokens", node).tokenCount();

        Map<String, Double> fixed =
                f.optional("fixed").map(n -> domainNumbers(n, domainNames)).orElse(Map.of());
        int free = domains.size() - fixed.size();
        int swarm =
                f.optional("swarm")
                        .map(n -> SpecBinding.positiveInt(n, "swarm"))
                        .orElse(SearchSpec.defaultSwarmSize(free));
        Map<String, Double> prior =
                f.optional("prior")
                        .map(
                                n ->
                                        n.isScalar() && n.string().trim().equals("natural")
                                                ? Map.<String, Double>of()
                                                : domainNumbers(n, domainNames))
                        .orElse(Map.of());

        double cMin = SearchSpec.DEFAULT_CONCENTRATION_MIN;
        double cMax = SearchSpec.DEFAULT_CONCENTRATION_MAX;
        int cSteps = SearchSpec.DEFAULT_CONCENTRATION_STEPS;
        ConfigNode concentrations = f.optional("concentrations").orElse(null);
        if (concentrations != null) {
            if (concentrations.isList()) {
                List<ConfigNode> range = concentrations.list(false);
                if (range.size() != 2)
                    throw concentrations.error(
                            "write concentrations as [min, max] or {min, max, steps}");
                cMin = range.get(0).number();
                cMax = range.get(1).number();
            } else {
                Fields cf = concentrations.fields(CONCENTRATION_KEYS);
                cMin = cf.optional("min").map(ConfigNode::number).orElse(cMin);
                cMax = cf.optional("max").map(ConfigNode::number).orElse(cMax);
                cSteps =
                        cf.optional("steps")
                                .map(n -> SpecBinding.positiveInt(n, "steps"))
                                .orElse(cSteps);
            }
        }
        double grid = f.optional("grid").map(ConfigNode::number).orElse(SearchSpec.DEFAULT_GRID);
        Map<String, Double> maxRepetition = new LinkedHashMap<>();
        f.optional("max_repetition")
                .ifPresent(
                        n -> {
                            if (n.isScalar())
                                domainNames.forEach(d -> maxRepetition.put(d, n.number()));
                            else maxRepetition.putAll(domainNumbers(n, domainNames));
                        });
        ConfigNode objectiveNode = f.require("objective", node);
        Objective objective;
        try {
            objective = Objective.parse(objectiveNode.string());
        } catch (IllegalArgumentException e) {
            throw objectiveNode.error(e.getMessage());
        }
        Map<String, Double> minWeight =
                f.optional("min_weight").map(n -> domainNumbers(n, domainNames)).orElse(Map.of());
        Map<String, Double> maxWeight =
                f.optional("max_weight").map(n -> domainNumbers(n, domainNames)).orElse(Map.of());
        double kl = f.optional("kl_penalty").map(ConfigNode::number).orElse(0.0);
        if (kl < 0) throw f.require("kl_penalty", node).error("kl_penalty must be ≥ 0");
        long targetTokens = f.optional("target_tokens").map(ConfigNode::tokenCount).orElse(tokens);
        long seed = f.optional("seed").map(ConfigNode::integer).orElse(spec.seed());
        int folds =
                f.optional("folds")
                        .map(n -> SpecBinding.positiveInt(n, "folds"))
                        .orElse(SearchSpec.DEFAULT_FOLDS);
        int bootstrap =
                f.optional("bootstrap")
                        .map(ConfigNode::integer)
                        .map(Math::toIntExact)
                        .orElse(SearchSpec.DEFAULT_BOOTSTRAP);
        String proposeWith =
                f.optional("propose_with").map(n -> n.string().trim()).orElse("log-linear");
        boolean check = f.optional("check").map(ConfigNode::bool).orElse(true);
        boolean extrapolate = f.optional("extrapolate").map(ConfigNode::bool).orElse(false);

        checkNoClash(node, name, spec);
        double cMinF = cMin, cMaxF = cMax;
        int cStepsF = cSteps;
        try {
            return new SearchSpec(
                    name,
                    domains,
                    model,
                    tokens,
                    swarm,
                    prior,
                    cMinF,
                    cMaxF,
                    cStepsF,
                    grid,
                    maxRepetition,
                    objective,
                    fixed,
                    minWeight,
                    maxWeight,
                    kl,
                    targetTokens,
                    seed,
                    folds,
                    bootstrap,
                    proposeWith,
                    check,
                    extrapolate);
        } catch (InvalidValueException e) {
            throw node.error(e);
        }
    }

    private static List<SearchSpec.Domain> perSource(AblationSpec spec) {
        return spec.sources().stream()
                .map(s -> new SearchSpec.Domain(s.name(), List.of(s.name()), Map.of()))
                .toList();
    }

    /**
     * {@code domains:} maps a domain name to a source, a list of sources (split by the pools' token
     * counts) or a map source → share of the domain.
     */
    private static List<SearchSpec.Domain> domains(ConfigNode node, AblationSpec spec) {
        List<String> sourceNames = spec.sources().stream().map(SourceSpec::name).toList();
        Map<String, String> owner = new HashMap<>();
        List<SearchSpec.Domain> domains = new ArrayList<>();
        for (Map.Entry<String, ConfigNode> entry : node.fieldsUnchecked().entries().entrySet()) {
            String domain = entry.getKey();
            ConfigNode value = entry.getValue();
            if (!domain.matches("[A-Za-z0-9][A-Za-z0-9_.+-]*"))
                throw value.error(
                        "'"
                                + domain
                                + "' is not a valid domain name: use letters, digits, '_', '-', '.', '+'");
            List<String> sources = new ArrayList<>();
            Map<String, Double> within = new LinkedHashMap<>();
            if (value.isMap()) {
                value.fieldsUnchecked()
                        .entries()
                        .forEach(
                                (source, share) -> {
                                    double w = share.number();
                                    if (w <= 0)
                                        throw share.error(
                                                "share of '"
                                                        + source
                                                        + "' must be > 0, found "
                                                        + w);
                                    sources.add(source);
                                    within.put(source, w);
                                });
                double sum = within.values().stream().mapToDouble(Double::doubleValue).sum();
                if (Math.abs(sum - 1) > 1e-6)
                    throw value.error(
                            "shares within domain '"
                                    + domain
                                    + "' sum to "
                                    + sum
                                    + ", they must sum to 1");
            } else {
                sources.addAll(value.stringList().stream().map(String::trim).toList());
            }
            if (sources.isEmpty()) throw value.error("domain '" + domain + "' names no source");
            for (String source : sources) {
                if (!sourceNames.contains(source))
                    throw value.error(Suggestions.unknown("source", source, sourceNames));
                String previous = owner.putIfAbsent(source, domain);
                if (previous != null)
                    throw value.error(
                            "source '"
                                    + source
                                    + "' is already in domain '"
                                    + previous
                                    + "'; a source belongs to one domain");
            }
            domains.add(new SearchSpec.Domain(domain, sources, within));
        }
        if (domains.size() < 2) throw node.error("a search needs at least two domains");
        return domains;
    }

    private static Map<String, Double> domainNumbers(ConfigNode node, List<String> domains) {
        Map<String, Double> values = new LinkedHashMap<>();
        node.fieldsUnchecked()
                .entries()
                .forEach(
                        (domain, value) -> {
                            if (!domains.contains(domain))
                                throw value.error(Suggestions.unknown("domain", domain, domains));
                            values.put(domain, value.number());
                        });
        return values;
    }

    /** The swarm's mixtures are {@code <name>-NNN} and {@code <name>-check-<hash>}. */
    private static void checkNoClash(ConfigNode node, String name, AblationSpec spec) {
        String generated = java.util.regex.Pattern.quote(name) + "-([0-9]{3,}|check-[0-9a-f]{8})";
        for (MixtureSpec mixture : spec.mixtures()) {
            if (mixture.name().matches(generated))
                throw node.error(
                        "mixture '"
                                + mixture.name()
                                + "' has the name of a mixture this search generates; rename it or set search.name");
        }
        for (RecipeSpec recipe : spec.recipes()) {
            if (recipe.name().matches(generated))
                throw node.error(
                        "run '"
                                + recipe.name()
                                + "' has the name of a run this search generates; rename it or set search.name");
        }
    }
}
