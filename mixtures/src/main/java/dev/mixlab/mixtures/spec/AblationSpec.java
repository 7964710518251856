package dev.mixlab.mixtures.spec;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A whole ablation, validated and expanded: sweeps are already mixtures, recipes already runs (in
 * dependency order). Built only by {@link SpecLoader}.
 *
 * @param file the spec file
 * @param name ablation name (reports and defaults use it)
 * @param workdir {@code workdir:} from the spec resolved against its directory, or null (then
 *     {@code ./mixlab-work})
 * @param tokenizer tokenizer of every pool and mixture
 * @param seqLen tokens per training row
 * @param seed default seed of mixtures
 * @param sources corpora, in declaration order
 * @param mixtures explicit mixtures then swept ones, in declaration order
 * @param models model sizes by name
 * @param training training defaults
 * @param recipes recipes as declared (plus generated cooldown recipes)
 * @param runs expanded runs, every run after the runs it initialises from
 * @param eval evaluation settings
 * @param shards the file formats every mixture is written in
 * @param decontamination the {@code decontamination:} section, or null when the spec has none
 * @param search the {@code search:} section, or null when the spec has none
 */
public record AblationSpec(
        @SpecKeys.NotInYaml Path file,
        String name,
        String description,
        Path workdir,
        TokenizerSpec tokenizer,
        int seqLen,
        long seed,
        List<SourceSpec> sources,
        List<MixtureSpec> mixtures,
        Map<String, ModelSpec> models,
        TrainingSpec training,
        @SpecKeys.YamlKey("runs") List<RecipeSpec> recipes,
        @SpecKeys.NotInYaml List<RunSpec> runs,
        EvalSpec eval,
        ShardsSpec shards,
        DecontaminationSpec decontamination,
        SearchSpec search,
        StorageSpec storage) {
    /**
     * The longest row: 128K tokens, the longest context of current pretraining recipes. Every row
     * of every shard is held whole in memory while it is packed and trained on ({@code seq_len} × 4
     * bytes), so an absurd value would only fail later, out of memory.
     */
    public static final int MAX_SEQ_LEN = 131_072;

    public AblationSpec {
        InvalidValueException.checkRange(seqLen, MAX_SEQ_LEN, "seq_len", "tokens");
        sources = List.copyOf(sources);
        mixtures = List.copyOf(mixtures);
        models = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(models));
        recipes = List.copyOf(recipes);
        runs = List.copyOf(runs);
    }

    /** This spec with {@code search} as its search section. */
    public AblationSpec withSearch(SearchSpec search) {
        return with(mixtures, runs, search);
    }

    /** This spec with {@code replaced} as its mixtures (say, at other budgets); runs unchanged. */
    public AblationSpec withMixtures(List<MixtureSpec> replaced) {
        return with(replaced, runs, search);
    }

    /** This spec with more mixtures and runs (a search's swarm), appended after its own. */
    public AblationSpec withGenerated(List<MixtureSpec> moreMixtures, List<RunSpec> moreRuns) {
        List<MixtureSpec> allMixtures = new java.util.ArrayList<>(mixtures);
        allMixtures.addAll(moreMixtures);
        List<RunSpec> allRuns = new java.util.ArrayList<>(runs);
        allRuns.addAll(moreRuns);
        return with(allMixtures, allRuns, search);
    }

    private AblationSpec with(
            List<MixtureSpec> newMixtures, List<RunSpec> newRuns, SearchSpec newSearch) {
        return new AblationSpec(
                file,
                name,
                description,
                workdir,
                tokenizer,
                seqLen,
                seed,
                sources,
                newMixtures,
                models,
                training,
                recipes,
                newRuns,
                eval,
                shards,
                decontamination,
                newSearch,
                storage);
    }

    public Optional<SourceSpec> source(String sourceName) {
        return sources.stream().filter(s -> s.name().equals(sourceName)).findFirst();
    }

    public Optional<MixtureSpec> mixture(String mixtureName) {
        return mixtures.stream().filter(m -> m.name().equals(mixtureName)).findFirst();
    }

    /**
     * Share of the mixture's tokens per source kind (text, code, markup…), in source declaration
     * order.
     */
    public Map<String, Double> sharesByKind(MixtureSpec mixture) {
        Map<String, Double> shares = new LinkedHashMap<>();
        for (SourceSpec source : sources) {
            Double weight = mixture.weights().get(source.name());
            if (weight != null) shares.merge(source.kind(), weight, Double::sum);
        }
        return shares;
    }

    /** The rows of its mixture each phase of each run reads ({@link DataOrder}). */
    public DataOrder dataOrder() {
        return DataOrder.of(runs, seqLen);
    }

    /** The mixture's share of tokens from sources of kind {@code code}. */
    public double codeShare(MixtureSpec mixture) {
        return sharesByKind(mixture).getOrDefault("code", 0.0);
    }
}
