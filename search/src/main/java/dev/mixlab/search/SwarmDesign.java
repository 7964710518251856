package dev.mixlab.search;

import dev.mixlab.io.Sha256;
import dev.mixlab.mixtures.spec.AblationSpec;
import dev.mixlab.mixtures.spec.MixtureSpec;
import dev.mixlab.mixtures.spec.PhaseSpec;
import dev.mixlab.mixtures.spec.RunSpec;
import dev.mixlab.mixtures.spec.SearchSpec;
import dev.mixlab.mixtures.spec.SourceSpec;
import dev.mixlab.mixtures.spec.TokenCounts;
import dev.mixlab.search.propose.Box;
import dev.mixlab.search.swarm.SwarmSampler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A spec's search made concrete by its pools: each domain's supply and the split of its weight over
 * its sources, the prior, the weight each domain's supply allows at a given scale, and the mixtures
 * and runs of the swarm as ordinary {@link MixtureSpec}s and {@link RunSpec}s.
 *
 * <p>Caps follow the mixture builder's test (a source may use at most {@code ⌊max_repetition ×
 * train tokens⌋} of its pool) less one token for the budget's rounding: a domain's cap is {@code
 * min over its sources of (⌊rep × supply_s⌋ − 1) / (share_s × tokens)}.
 */
public final class SwarmDesign {
    private final AblationSpec spec;
    private final SearchSpec search;
    private final Map<String, Long> supply;
    private final Map<String, Map<String, Double>> within = new LinkedHashMap<>();
    private final double[] prior;

    /**
     * @param supply train tokens of every source's curated pool
     */
    public SwarmDesign(AblationSpec spec, Map<String, Long> supply) {
        this.spec = spec;
        this.search = spec.search();
        this.supply = Map.copyOf(supply);
        for (SearchSpec.Domain domain : search.domains()) {
            Map<String, Double> shares = new LinkedHashMap<>();
            if (!domain.within().isEmpty()) {
                shares.putAll(domain.within());
            } else {
                long total = domainSupply(domain);
                for (String source : domain.sources())
                    shares.put(
                            source,
                            total > 0
                                    ? supply.get(source) / (double) total
                                    : 1.0 / domain.sources().size());
            }
            within.put(domain.name(), shares);
        }
        this.prior = prior();
    }

    public List<String> domains() {
        return search.domainNames();
    }

    public SearchSpec search() {
        return search;
    }

    /** Train tokens of the domain's pools. */
    public long domainSupply(SearchSpec.Domain domain) {
        long total = 0;
        for (String source : domain.sources()) total += supply.getOrDefault(source, 0L);
        return total;
    }

    /** Share of each source within each domain. */
    public Map<String, Map<String, Double>> within() {
        return within;
    }

    /**
     * The prior as a mixture: fixed domains at their weight, free domains sharing the rest in
     * proportion to the given prior, else to their pools' train tokens.
     */
    public double[] priorWeights() {
        return prior.clone();
    }

    private double[] prior() {
        List<SearchSpec.Domain> domains = search.domains();
        double[] raw = new double[domains.size()];
        double freeRaw = 0, fixedMass = 0;
        for (int j = 0; j < raw.length; j++) {
            SearchSpec.Domain d = domains.get(j);
            raw[j] = search.prior().isEmpty() ? domainSupply(d) : search.prior().get(d.name());
            if (search.fixed().containsKey(d.name())) fixedMass += search.fixed().get(d.name());
            else freeRaw += raw[j];
        }
        double[] p = new double[raw.length];
        for (int j = 0; j < raw.length; j++) {
            String name = domains.get(j).name();
            p[j] =
                    search.fixed().containsKey(name)
                            ? search.fixed().get(name)
                            : freeRaw > 0 ? raw[j] / freeRaw * (1 - fixedMass) : 0;
        }
        return p;
    }

    /** The largest weight each domain's pools allow in a mixture of {@code tokens} tokens. */
    public double[] caps(long tokens) {
        List<SearchSpec.Domain> domains = search.domains();
        double[] caps = new double[domains.size()];
        for (int j = 0; j < caps.length; j++) {
            SearchSpec.Domain d = domains.get(j);
            double cap = Double.POSITIVE_INFINITY;
            for (String source : d.sources()) {
                double share = within.get(d.name()).get(source);
                long allowed =
                        (long)
                                Math.floor(
                                        search.maxRepetitionOf(d.name())
                                                * supply.getOrDefault(source, 0L));
                cap = Math.min(cap, Math.max(0, allowed - 1) / (share * tokens));
            }
            caps[j] = Math.min(cap, 1);
        }
        return caps;
    }

    /** What a domain's cap comes from, for messages: "its pools hold … × max_repetition …". */
    public String describeCap(String domainName, long tokens) {
        SearchSpec.Domain d =
                search.domains().stream()
                        .filter(x -> x.name().equals(domainName))
                        .findFirst()
                        .orElseThrow();
        double cap = caps(tokens)[search.domainNames().indexOf(domainName)];
        return String.format(
                Locale.ROOT,
                "domain '%s' (%s) has %s train tokens in its pools × max_repetition %s, so it can fill at most %.1f%% of a %s-token mixture",
                domainName,
                String.join(", ", d.sources()),
                TokenCounts.format(domainSupply(d)),
                trim(search.maxRepetitionOf(domainName)),
                100 * cap,
                TokenCounts.format(tokens));
    }

    /** Fixed weight of each domain, NaN for a free one. */
    public double[] fixed() {
        double[] fixed = new double[domains().size()];
        for (int j = 0; j < fixed.length; j++)
            fixed[j] = search.fixed().getOrDefault(domains().get(j), Double.NaN);
        return fixed;
    }

    public SwarmSampler.Settings samplerSettings() {
        return new SwarmSampler.Settings(
                domains(),
                prior,
                fixed(),
                caps(search.tokens()),
                search.swarmSize(),
                search.concentrationMin(),
                search.concentrationMax(),
                search.concentrationSteps(),
                search.grid(),
                search.seed());
    }

    /**
     * Where a proposal may lie: fixed weights, {@code min_weight}/{@code max_weight}, and the
     * repetition caps at {@code target_tokens} — and at {@code tokens} too when the proposal is
     * checked with a proxy run of that size.
     */
    public Box proposalBox() {
        int d = domains().size();
        double[] lower = new double[d], upper = new double[d];
        double[] caps =
                caps(
                        search.check()
                                ? Math.max(search.targetTokens(), search.tokens())
                                : search.targetTokens());
        for (int j = 0; j < d; j++) {
            String name = domains().get(j);
            if (search.fixed().containsKey(name)) {
                lower[j] = upper[j] = search.fixed().get(name);
            } else {
                lower[j] = search.minWeight().getOrDefault(name, 0.0);
                upper[j] = Math.min(search.maxWeight().getOrDefault(name, 1.0), caps[j]);
            }
        }
        return new Box(lower, upper);
    }

    /**
     * Source → weight for domain weights {@code weights}, sources in declaration order, zeros left
     * out.
     */
    public Map<String, Double> sourceWeights(double[] weights) {
        Map<String, Double> bySource = new LinkedHashMap<>();
        for (int j = 0; j < weights.length; j++) {
            for (Map.Entry<String, Double> s : within.get(domains().get(j)).entrySet()) {
                double w = weights[j] * s.getValue();
                if (w > 0) bySource.merge(s.getKey(), w, Double::sum);
            }
        }
        Map<String, Double> ordered = new LinkedHashMap<>();
        for (SourceSpec source : spec.sources())
            if (bySource.containsKey(source.name()))
                ordered.put(source.name(), bySource.get(source.name()));
        return ordered;
    }

    /**
     * Per domain, the share of its tokens from sources of kind {@code code}; null if none is code.
     */
    public double[] codeFraction() {
        double[] code = new double[domains().size()];
        boolean any = false;
        for (int j = 0; j < code.length; j++) {
            for (Map.Entry<String, Double> s : within.get(domains().get(j)).entrySet()) {
                if (spec.source(s.getKey()).map(SourceSpec::isCode).orElse(false)) {
                    code[j] += s.getValue();
                    any = true;
                }
            }
        }
        return any ? code : null;
    }

    /** The mixture of domain weights {@code weights}, with the search's budget and caps. */
    public MixtureSpec mixture(String name, double[] weights) {
        Map<String, Double> sources = sourceWeights(weights);
        Map<String, Double> repetition = new LinkedHashMap<>();
        for (SearchSpec.Domain d : search.domains())
            for (String source : d.sources())
                if (sources.containsKey(source))
                    repetition.put(source, search.maxRepetitionOf(d.name()));
        return new MixtureSpec(
                name,
                "search " + search.name(),
                null,
                sources,
                search.tokens(),
                repetition,
                search.seed());
    }

    /** One proxy run on {@code mixture}: the search's model and tokens, the spec's schedule. */
    public RunSpec run(String mixture, long seed) {
        PhaseSpec phase =
                new PhaseSpec(
                        "pretrain", mixture, search.tokens(), spec.training().lr(), null, false);
        return new RunSpec(
                RunSpec.idOf(mixture, search.model(), seed),
                mixture,
                search.model(),
                seed,
                List.of(phase));
    }

    /** The swarm's runs train with the search seed; the check run with the next one. */
    public long checkSeed() {
        return search.seed() + 1;
    }

    /** {@code <name>-check-<8 hex>}: named by its weights, so a different proposal is a new run. */
    public String checkMixtureName(double[] weights) {
        StringBuilder key = new StringBuilder();
        for (double w : weights) key.append(String.format(Locale.ROOT, "%.6f;", w));
        return search.name() + "-check-" + Sha256.hex(key.toString()).substring(0, 8);
    }

    /**
     * The proposal rounded to 6 decimals (what the check mixture trains on), still summing to 1.
     */
    public static double[] roundForBuilding(double[] weights) {
        double[] rounded = new double[weights.length];
        double sum = 0;
        int largest = 0;
        for (int j = 0; j < weights.length; j++) {
            rounded[j] = Math.round(weights[j] * 1e6) / 1e6;
            sum += rounded[j];
            if (rounded[j] > rounded[largest]) largest = j;
        }
        rounded[largest] += 1 - sum;
        return rounded;
    }

    /** The swarm's member mixtures and runs, in member order. */
    public List<MixtureSpec> mixtures(List<double[]> members) {
        List<MixtureSpec> mixtures = new ArrayList<>();
        for (int i = 0; i < members.size(); i++)
            mixtures.add(mixture(search.memberName(i + 1), members.get(i)));
        return mixtures;
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
