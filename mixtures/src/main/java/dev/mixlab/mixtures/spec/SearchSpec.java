package dev.mixlab.mixtures.spec;

import dev.mixlab.filters.Suggestions;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code search:} section: a swarm of small proxy runs on mixtures drawn around a prior, mixing
 * laws fitted to their metrics, and the mixture that minimises the objective (docs/SEARCH.md).
 *
 * @param name names {@code search/<name>/} and the swarm's mixtures and runs ({@code <name>-NNN})
 * @param domains what the search weighs, in order; each is one source or a group of sources
 * @param model the proxy model size (a key of {@code models:})
 * @param tokens training tokens of every proxy run (also each swarm mixture's budget)
 * @param swarmSize mixtures to draw (fewer when the grid and caps leave fewer distinct ones)
 * @param prior domain → weight the swarm is drawn around; empty for the pools' token counts
 * @param concentrationMin smallest Dirichlet concentration (sum of the Dirichlet parameters)
 * @param concentrationMax largest one
 * @param concentrationSteps how many log-spaced concentrations the draws cycle through
 * @param grid swarm weights are multiples of this (0.01: whole percent)
 * @param maxRepetition domain → the most epochs of its pools a mixture may use (default 1)
 * @param objective what to minimise (or maximise)
 * @param fixed domain → weight held fixed in the swarm and the proposal
 * @param minWeight domain → lower bound of the proposal
 * @param maxWeight domain → upper bound of the proposal
 * @param klPenalty weight of KL(proposal ‖ prior) added to the objective (0: none)
 * @param targetTokens tokens of the run the proposal is for; its repetition caps use this scale
 * @param seed seed of the swarm, the folds and the bootstrap; the proxy runs train with it and the
 *     check run with {@code seed + 1}
 * @param folds k of the k-fold cross-validation
 * @param bootstrap bootstrap replicates for intervals (0: none)
 * @param proposeWith the fitted model the proposal minimises: {@code log-linear} or {@code
 *     log-ridge}
 * @param check train and evaluate the proposed mixture and report predicted vs measured
 * @param extrapolate let the proposal leave each domain's range of weights in the swarm (the laws
 *     are fitted only where the swarm has runs)
 */
public record SearchSpec(
        String name,
        List<Domain> domains,
        String model,
        long tokens,
        int swarmSize,
        Map<String, Double> prior,
        double concentrationMin,
        double concentrationMax,
        int concentrationSteps,
        double grid,
        Map<String, Double> maxRepetition,
        Objective objective,
        Map<String, Double> fixed,
        Map<String, Double> minWeight,
        Map<String, Double> maxWeight,
        double klPenalty,
        long targetTokens,
        long seed,
        int folds,
        int bootstrap,
        String proposeWith,
        boolean check,
        boolean extrapolate) {
    public static final List<String> MODELS = List.of("log-linear", "log-ridge");
    public static final double DEFAULT_CONCENTRATION_MIN = 0.1;
    public static final double DEFAULT_CONCENTRATION_MAX = 5.0;
    public static final int DEFAULT_CONCENTRATION_STEPS = 8;
    public static final double DEFAULT_GRID = 0.01;
    public static final int DEFAULT_FOLDS = 5;
    public static final int DEFAULT_BOOTSTRAP = 200;

    /**
     * One dimension of the search.
     *
     * @param name domain name (the column of ratios.csv)
     * @param sources its sources, in order
     * @param within source → share of the domain's weight; empty to split it by the pools' token
     *     counts
     */
    public record Domain(String name, List<String> sources, Map<String, Double> within) {
        public Domain {
            InvalidValueException.check(
                    !sources.isEmpty(), "domains", "domain '" + name + "' has no sources");
            sources = List.copyOf(sources);
            within = Collections.unmodifiableMap(new LinkedHashMap<>(within));
        }
    }

    public SearchSpec {
        domains = List.copyOf(domains);
        prior = copy(prior);
        maxRepetition = copy(maxRepetition);
        fixed = copy(fixed);
        minWeight = copy(minWeight);
        maxWeight = copy(maxWeight);
        InvalidValueException.check(
                domains.size() >= 2, "domains", "a search needs at least two domains");
        List<String> names = domainNames(domains);
        for (String key : List.of("prior", "max_repetition", "fixed", "min_weight", "max_weight")) {
            Map<String, Double> map =
                    switch (key) {
                        case "prior" -> prior;
                        case "max_repetition" -> maxRepetition;
                        case "fixed" -> fixed;
                        case "min_weight" -> minWeight;
                        default -> maxWeight;
                    };
            for (String domain : map.keySet()) {
                InvalidValueException.check(
                        names.contains(domain),
                        key,
                        key
                                + " names '"
                                + domain
                                + "', which is not a domain"
                                + Suggestions.didYouMean(domain, names)
                                + "; domains: "
                                + String.join(", ", names));
            }
        }
        InvalidValueException.check(tokens > 0, "tokens", "tokens must be > 0");
        InvalidValueException.check(targetTokens > 0, "target_tokens", "target_tokens must be > 0");
        double fixedSum = fixed.values().stream().mapToDouble(Double::doubleValue).sum();
        for (Map.Entry<String, Double> f : fixed.entrySet())
            InvalidValueException.check(
                    f.getValue() >= 0 && f.getValue() < 1,
                    "fixed",
                    "fixed weight of '"
                            + f.getKey()
                            + "' must be in [0, 1), found "
                            + f.getValue());
        InvalidValueException.check(
                fixedSum < 1 - 1e-9,
                "fixed",
                "fixed weights sum to " + fixedSum + "; they must leave room for the free domains");
        int free = domains.size() - fixed.size();
        InvalidValueException.check(
                free >= 2,
                "fixed",
                "only " + free + " domain is left free; a search needs at least two free domains");
        if (!prior.isEmpty()) {
            double sum = 0;
            for (String domain : names) {
                Double p = prior.get(domain);
                InvalidValueException.check(
                        p != null,
                        "prior",
                        "prior must give every domain a weight; '" + domain + "' is missing");
                InvalidValueException.check(
                        p >= 0 && (p > 0 || fixed.containsKey(domain)),
                        "prior",
                        "prior weight of free domain '" + domain + "' must be > 0, found " + p);
                sum += p;
            }
            InvalidValueException.check(
                    Math.abs(sum - 1) <= 1e-6, "prior", "prior weights sum to " + sum + ", not 1");
        }
        InvalidValueException.check(
                concentrationMin > 0 && concentrationMax >= concentrationMin,
                "concentrations",
                "concentrations need 0 < min ≤ max, found "
                        + concentrationMin
                        + " and "
                        + concentrationMax);
        InvalidValueException.check(concentrationSteps >= 1, "concentrations", "steps must be ≥ 1");
        double units = 1 / grid;
        InvalidValueException.check(
                grid > 0 && grid <= 0.5 && Math.abs(units - Math.rint(units)) < 1e-6,
                "grid",
                "grid must be 1/n for a whole n ≥ 2 (0.01, 0.05, 0.1 …), found " + grid);
        for (Map.Entry<String, Double> r : maxRepetition.entrySet())
            InvalidValueException.check(
                    r.getValue() > 0,
                    "max_repetition",
                    "max_repetition of '" + r.getKey() + "' must be > 0 epochs");
        for (String domain : names) {
            double lo = minWeight.getOrDefault(domain, 0.0);
            double hi = maxWeight.getOrDefault(domain, 1.0);
            InvalidValueException.check(
                    lo >= 0 && hi <= 1 && lo <= hi,
                    minWeight.containsKey(domain) ? "min_weight" : "max_weight",
                    "bounds of '"
                            + domain
                            + "' must satisfy 0 ≤ min ≤ max ≤ 1, found "
                            + lo
                            + " and "
                            + hi);
            InvalidValueException.check(
                    !fixed.containsKey(domain)
                            || (!minWeight.containsKey(domain) && !maxWeight.containsKey(domain)),
                    "fixed",
                    "'" + domain + "' is fixed; it cannot also have min_weight or max_weight");
        }
        int needed = minimumRuns(free);
        InvalidValueException.check(
                swarmSize >= needed,
                "swarm",
                "a swarm of "
                        + swarmSize
                        + " cannot fit the mixing law of "
                        + free
                        + " free domains: it needs at least "
                        + needed
                        + " runs (free parameters + 2)");
        InvalidValueException.check(folds >= 2, "folds", "folds must be ≥ 2");
        InvalidValueException.check(bootstrap >= 0, "bootstrap", "bootstrap must be ≥ 0");
        InvalidValueException.check(
                MODELS.contains(proposeWith),
                "propose_with",
                "unknown model '"
                        + proposeWith
                        + "'"
                        + Suggestions.didYouMean(proposeWith, MODELS)
                        + "; use one of "
                        + MODELS);
    }

    /**
     * Runs needed to fit the log-linear law of {@code freeDomains}: its free parameters ({@code c}
     * and one exponent per free domain) plus two.
     */
    public static int minimumRuns(int freeDomains) {
        return freeDomains + 1 + 2;
    }

    /** The default swarm: four runs per free parameter of the log-linear law. */
    public static int defaultSwarmSize(int freeDomains) {
        return 4 * (freeDomains + 1);
    }

    public List<String> domainNames() {
        return domainNames(domains);
    }

    public double maxRepetitionOf(String domain) {
        return maxRepetition.getOrDefault(domain, MixtureSpec.DEFAULT_MAX_REPETITION);
    }

    /** Mixture name of swarm member {@code index} (1-based): {@code <name>-007}. */
    public String memberName(int index) {
        return String.format(java.util.Locale.ROOT, "%s-%03d", name, index);
    }

    private static List<String> domainNames(List<Domain> domains) {
        return domains.stream().map(Domain::name).toList();
    }

    private static Map<String, Double> copy(Map<String, Double> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
