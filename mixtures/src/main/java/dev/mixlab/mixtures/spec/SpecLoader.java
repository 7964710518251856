package dev.mixlab.mixtures.spec;

import dev.mixlab.filters.FilterCatalog;
import dev.mixlab.mixtures.spec.ConfigNode.Fields;
import dev.mixlab.mixtures.spec.PhaseSpec.PhaseRef;
import dev.mixlab.mixtures.spec.RecipeSpec.CooldownSpec;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Reads an ablation YAML into an {@link AblationSpec}: checks every key (unknown ones get a "did
 * you mean"), builds the self-validating records, expands sweeps into mixtures and recipes into
 * runs, and checks references (sources, mixtures, models, {@code init_from} cycles). Every failure
 * is a {@link SpecException} naming file, line, column and key. The key reference is docs/SPEC.md.
 */
public final class SpecLoader {
    private static final Set<String> TOP_KEYS =
            Set.of(
                    "name",
                    "description",
                    "workdir",
                    "tokenizer",
                    "seq_len",
                    "seed",
                    "sources",
                    "mixtures",
                    "sweeps",
                    "models",
                    "training",
                    "runs",
                    "eval",
                    "search",
                    "shards");
    private static final Set<String> SOURCE_KEYS =
            Set.of(
                    "name",
                    "kind",
                    "inputs",
                    "format",
                    "fields",
                    "dedup",
                    "filters",
                    "pii",
                    "heldout_fraction");
    private static final Set<String> FIELD_KEYS = Set.of("text", "id");
    private static final Set<String> DEDUP_KEYS = Set.of("exact", "across_sources", "near");
    private static final Set<String> NEAR_KEYS =
            Set.of("enabled", "shingle", "ngram", "permutations", "bands", "rows", "threshold");
    private static final Set<String> MIXTURE_KEYS =
            Set.of("name", "weights", "budget", "max_repetition", "seed");
    private static final Set<String> SWEEP_KEYS =
            Set.of(
                    "name",
                    "values",
                    "swept",
                    "variants",
                    "rest",
                    "budget",
                    "max_repetition",
                    "seed");
    private static final Set<String> MODEL_KEYS =
            Set.of("d_model", "n_layers", "n_heads", "d_mlp", "positions");
    private static final Set<String> TRAINING_KEYS =
            Set.of(
                    "backend",
                    "batch_size",
                    "lr",
                    "weight_decay",
                    "grad_clip",
                    "checkpoint_every",
                    "log_every",
                    "command",
                    "slurm");
    private static final Set<String> COMMAND_KEYS = Set.of("template", "env");
    private static final Set<String> SLURM_KEYS = Set.of("directives", "setup", "poll_seconds");
    private static final Set<String> LR_KEYS = Set.of("schedule", "peak", "min", "warmup_steps");
    private static final Set<String> RECIPE_KEYS =
            Set.of("name", "models", "seeds", "phases", "cooldown");
    private static final Set<String> PHASE_KEYS =
            Set.of("name", "mixture", "tokens", "lr", "init_from");
    private static final Set<String> COOLDOWN_KEYS = Set.of("mixture", "fraction", "lr");
    private static final Set<String> EVAL_KEYS =
            Set.of("categories", "tasks", "validation_bpb", "probes", "task_files");
    private static final Set<String> SHARDS_KEYS =
            Set.of("formats", "megatron_dtype", "olmo_dtype", "olmo_file_tokens");
    private static final int DEFAULT_SEQ_LEN = 2048;

    private final Path file;
    private final Path baseDir;
    private final ConfigNode root;

    private SpecLoader(ConfigNode root) {
        this.root = root;
        this.file = root.file();
        Path parent = file.toAbsolutePath().getParent();
        this.baseDir = parent == null ? Path.of("").toAbsolutePath() : parent;
    }

    public static AblationSpec load(Path file) {
        return new SpecLoader(ConfigNode.load(file)).readWithSearch();
    }

    public static AblationSpec parse(Path file, String yaml) {
        return new SpecLoader(ConfigNode.parse(file, new java.io.StringReader(yaml)))
                .readWithSearch();
    }

    /** The spec with its {@code search:} section, which refers to the rest of it. */
    private AblationSpec readWithSearch() {
        AblationSpec spec = read();
        return root.fieldsUnchecked()
                .optional("search")
                .map(n -> spec.withSearch(SearchSection.read(n, spec)))
                .orElse(spec);
    }

    private AblationSpec read() {
        Fields top = root.fields(TOP_KEYS);
        String name =
                top.optional("name")
                        .map(ConfigNode::name)
                        .orElse(stripExtension(file.getFileName().toString()));
        String description = top.optional("description").map(ConfigNode::string).orElse("");
        Path workdir =
                top.optional("workdir")
                        .map(n -> baseDir.resolve(n.string()).normalize())
                        .orElse(null);
        TokenizerSpec tokenizer =
                top.optional("tokenizer")
                        .map(this::tokenizer)
                        .orElse(new TokenizerSpec("o200k_base", null));
        int seqLen =
                top.optional("seq_len").map(n -> positiveInt(n, "seq_len")).orElse(DEFAULT_SEQ_LEN);
        long seed = top.optional("seed").map(ConfigNode::integer).orElse(0L);

        List<SourceSpec> sources = sources(top.require("sources", root));
        Set<String> sourceNames = new LinkedHashSet<>();
        sources.forEach(s -> sourceNames.add(s.name()));

        Map<String, ModelSpec> models = top.optional("models").map(this::models).orElse(Map.of());
        TrainingSpec training =
                top.optional("training").map(this::training).orElse(TrainingSpec.DEFAULT);

        List<DeclaredMixture> declared = new ArrayList<>();
        top.optional("mixtures")
                .ifPresent(
                        n ->
                                n.list(false)
                                        .forEach(
                                                m ->
                                                        declared.add(
                                                                explicitMixture(
                                                                        m, sourceNames, seed))));
        top.optional("sweeps")
                .ifPresent(
                        n ->
                                n.list(false)
                                        .forEach(
                                                s -> declared.addAll(sweep(s, sourceNames, seed))));
        Map<String, DeclaredMixture> mixturesByName = new LinkedHashMap<>();
        for (DeclaredMixture m : declared) {
            DeclaredMixture previous = mixturesByName.putIfAbsent(m.name, m);
            if (previous != null) {
                throw m.node.error(
                        "mixture name '"
                                + m.name
                                + "' is already used (first at line "
                                + previous.node.line()
                                + "); mixture names must be unique, including those a sweep generates");
            }
        }

        List<DeclaredRecipe> recipes =
                top.optional("runs")
                        .map(n -> recipes(n, models, training.lr(), mixturesByName))
                        .orElse(List.of());
        List<MixtureSpec> mixtures =
                mixturesByName.values().stream().map(m -> m.build(recipes)).toList();
        List<RunSpec> runs = expandRuns(recipes);
        EvalSpec eval = top.optional("eval").map(this::eval).orElse(EvalSpec.DEFAULT);
        ShardsSpec shards = top.optional("shards").map(this::shards).orElse(ShardsSpec.DEFAULT);

        return new AblationSpec(
                file,
                name,
                description,
                workdir,
                tokenizer,
                seqLen,
                seed,
                sources,
                mixtures,
                models,
                training,
                recipes.stream().map(r -> r.recipe).toList(),
                runs,
                eval,
                shards,
                null);
    }

    // ---- sources -------------------------------------------------------------------------------

    private TokenizerSpec tokenizer(ConfigNode node) {
        String value = node.string().trim();
        boolean isFile = value.endsWith(".json") || value.contains("/");
        return build(
                node,
                () ->
                        isFile
                                ? new TokenizerSpec(null, baseDir.resolve(value).normalize())
                                : new TokenizerSpec(value, null));
    }

    private List<SourceSpec> sources(ConfigNode node) {
        List<SourceSpec> sources = new ArrayList<>();
        Map<String, ConfigNode> seen = new HashMap<>();
        for (ConfigNode item : node.list(false)) {
            Fields f = item.fields(SOURCE_KEYS);
            ConfigNode nameNode = f.require("name", item);
            String name = nameNode.name();
            if (seen.containsKey(name)) {
                throw nameNode.error(
                        "source name '"
                                + name
                                + "' is already used at line "
                                + seen.get(name).line());
            }
            seen.put(name, nameNode);
            String kind = f.require("kind", item).name();
            List<String> inputs = f.require("inputs", item).stringList();
            InputFormat format =
                    f.optional("format")
                            .map(n -> build(n, () -> InputFormat.fromYaml(n.string().trim())))
                            .orElse(InputFormat.AUTO);
            FieldMapping fields =
                    f.optional("fields")
                            .map(
                                    n -> {
                                        Fields ff = n.fields(FIELD_KEYS);
                                        return build(
                                                n,
                                                () ->
                                                        new FieldMapping(
                                                                ff.optional("text")
                                                                        .map(ConfigNode::string)
                                                                        .orElse("text"),
                                                                ff.optional("id")
                                                                        .map(ConfigNode::string)
                                                                        .orElse("id")));
                                    })
                            .orElse(FieldMapping.DEFAULT);
            DedupSpec dedup = f.optional("dedup").map(this::dedup).orElse(DedupSpec.DEFAULT);
            Map<String, Object> filters = new LinkedHashMap<>();
            f.optional("filters")
                    .ifPresent(
                            n ->
                                    n.fieldsUnchecked()
                                            .entries()
                                            .forEach(
                                                    (k, v) ->
                                                            filters.put(k, filterSettings(k, v))));
            Boolean pii = f.optional("pii").map(ConfigNode::bool).orElse(null);
            double heldout =
                    f.optional("heldout_fraction")
                            .map(ConfigNode::number)
                            .orElse(SourceSpec.DEFAULT_HELDOUT_FRACTION);
            sources.add(
                    build(
                            item,
                            () ->
                                    new SourceSpec(
                                            name, kind, inputs, baseDir, format, fields, dedup,
                                            filters, pii, heldout)));
        }
        if (sources.isEmpty()) throw node.error("an ablation needs at least one source");
        for (SourceSpec source : sources) {
            for (String other : source.dedup().acrossSources()) {
                if (!seen.containsKey(other) || other.equals(source.name())) {
                    throw seen.get(source.name())
                            .error(
                                    "dedup.across_sources of '"
                                            + source.name()
                                            + "' names '"
                                            + other
                                            + "', which is not another source"
                                            + Suggestions.didYouMean(other, seen.keySet()));
                }
            }
        }
        return sources;
    }

    /**
     * One entry of a source's {@code filters:}: {@code true}/{@code false} (on/off with defaults)
     * or a map of parameters, checked against the filter catalog here so that a typo is reported at
     * its line.
     */
    private static Object filterSettings(String name, ConfigNode value) {
        FilterCatalog.Entry entry;
        try {
            entry = FilterCatalog.entry(name);
        } catch (IllegalArgumentException e) {
            throw value.error(e.getMessage());
        }
        if (value.isScalar()) return value.bool();
        Object settings = value.plain();
        if (!(settings instanceof Map<?, ?> parameters)) {
            throw value.error(
                    "filters."
                            + name
                            + " must be true, false or a map of its parameters (docs/FILTERS.md)");
        }
        try {
            @SuppressWarnings("unchecked")
            Map<String, ?> typed = (Map<String, ?>) parameters;
            entry.create(typed);
        } catch (IllegalArgumentException e) {
            throw value.error(e.getMessage());
        }
        return settings;
    }

    private DedupSpec dedup(ConfigNode node) {
        Fields f = node.fields(DEDUP_KEYS);
        boolean exact = f.optional("exact").map(ConfigNode::bool).orElse(true);
        List<String> across =
                f.optional("across_sources").map(ConfigNode::stringList).orElse(List.of());
        DedupSpec.NearDedup near =
                f.optional("near")
                        .map(
                                n -> {
                                    if (n.isScalar()) {
                                        return n.bool()
                                                ? DedupSpec.NearDedup.DEFAULT
                                                : new DedupSpec.NearDedup(
                                                        false, "auto", null, null, null, null,
                                                        null);
                                    }
                                    Fields nf = n.fields(NEAR_KEYS);
                                    return build(
                                            n,
                                            () ->
                                                    new DedupSpec.NearDedup(
                                                            nf.optional("enabled")
                                                                    .map(ConfigNode::bool)
                                                                    .orElse(true),
                                                            nf.optional("shingle")
                                                                    .map(ConfigNode::string)
                                                                    .orElse("auto"),
                                                            nf.optional("ngram")
                                                                    .map(
                                                                            x ->
                                                                                    positiveInt(
                                                                                            x,
                                                                                            "ngram"))
                                                                    .orElse(null),
                                                            nf.optional("permutations")
                                                                    .map(
                                                                            x ->
                                                                                    positiveInt(
                                                                                            x,
                                                                                            "permutations"))
                                                                    .orElse(null),
                                                            nf.optional("bands")
                                                                    .map(
                                                                            x ->
                                                                                    positiveInt(
                                                                                            x,
                                                                                            "bands"))
                                                                    .orElse(null),
                                                            nf.optional("rows")
                                                                    .map(
                                                                            x ->
                                                                                    positiveInt(
                                                                                            x,
                                                                                            "rows"))
                                                                    .orElse(null),
                                                            nf.optional("threshold")
                                                                    .map(ConfigNode::number)
                                                                    .orElse(null)));
                                })
                        .orElse(DedupSpec.NearDedup.DEFAULT);
        return build(node, () -> new DedupSpec(exact, across, near));
    }

    // ---- mixtures and sweeps -----------------------------------------------------------------

    /** A mixture before its budget is known (it may come from the phases that use it). */
    private static final class DeclaredMixture {
        final ConfigNode node;
        final String name;
        final String origin;
        final Double sweepValue;
        final Map<String, Double> weights;
        final Long budget;
        final ConfigNode budgetNode;
        final Map<String, Double> maxRepetition;
        final long seed;

        DeclaredMixture(
                ConfigNode node,
                String name,
                String origin,
                Double sweepValue,
                Map<String, Double> weights,
                Long budget,
                ConfigNode budgetNode,
                Map<String, Double> maxRepetition,
                long seed) {
            this.node = node;
            this.name = name;
            this.origin = origin;
            this.sweepValue = sweepValue;
            this.weights = weights;
            this.budget = budget;
            this.budgetNode = budgetNode;
            this.maxRepetition = maxRepetition;
            this.seed = seed;
        }

        MixtureSpec build(List<DeclaredRecipe> recipes) {
            long largestPhase = 0;
            for (DeclaredRecipe recipe : recipes) {
                for (int i = 0; i < recipe.recipe.phases().size(); i++) {
                    PhaseSpec phase = recipe.recipe.phases().get(i);
                    if (!phase.mixture().equals(name)) continue;
                    if (budget != null && phase.tokens() > budget) {
                        throw recipe.phaseNodes
                                .get(i)
                                .error(
                                        "phase '"
                                                + phase.name()
                                                + "' trains on "
                                                + TokenCounts.format(phase.tokens())
                                                + " tokens of mixture '"
                                                + name
                                                + "', whose budget is only "
                                                + TokenCounts.format(budget)
                                                + " (line "
                                                + budgetNode.line()
                                                + "); raise the budget or lower the phase's tokens");
                    }
                    largestPhase = Math.max(largestPhase, phase.tokens());
                }
                CooldownSpec cooldown = recipe.recipe.cooldown();
                if (cooldown != null && cooldown.mixture().equals(name)) {
                    largestPhase = Math.max(largestPhase, recipe.cooldownTokens());
                }
            }
            if (budget == null && largestPhase == 0) {
                throw node.error(
                        "mixture '"
                                + name
                                + "' has no budget and no run uses it; add budget: (e.g. 50M)");
            }
            long resolved = budget != null ? budget : largestPhase;
            try {
                return new MixtureSpec(
                        name, origin, sweepValue, weights, resolved, maxRepetition, seed);
            } catch (InvalidValueException e) {
                throw node.error(e);
            }
        }
    }

    private DeclaredMixture explicitMixture(
            ConfigNode node, Set<String> sources, long defaultSeed) {
        Fields f = node.fields(MIXTURE_KEYS);
        String name = f.require("name", node).name();
        ConfigNode weightsNode = f.require("weights", node);
        Map<String, Double> weights = weights(weightsNode, sources);
        try {
            checkSum(weights, "weights");
        } catch (InvalidValueException e) {
            throw weightsNode.error(e.getMessage());
        }
        return mixtureTail(node, f, name, "explicit", null, weights, sources, defaultSeed);
    }

    private DeclaredMixture mixtureTail(
            ConfigNode node,
            Fields f,
            String name,
            String origin,
            Double value,
            Map<String, Double> weights,
            Set<String> sources,
            long defaultSeed) {
        Long budget = f.optional("budget").map(ConfigNode::tokenCount).orElse(null);
        ConfigNode budgetNode = f.optional("budget").orElse(node);
        Map<String, Double> maxRepetition =
                f.optional("max_repetition")
                        .map(n -> maxRepetition(n, weights, sources))
                        .orElse(Map.of());
        long seed = f.optional("seed").map(ConfigNode::integer).orElse(defaultSeed);
        return new DeclaredMixture(
                node, name, origin, value, weights, budget, budgetNode, maxRepetition, seed);
    }

    private List<DeclaredMixture> sweep(ConfigNode node, Set<String> sources, long defaultSeed) {
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
        ConfigNode restNode = f.require("rest", node);
        Map<String, Double> rest = normalisedGroup(restNode, sources);
        Map<String, Map<String, Double>> variants = new LinkedHashMap<>();
        if (f.has("swept") == f.has("variants")) {
            throw node.error(
                    "a sweep needs exactly one of 'swept' (weights within the swept share) or 'variants' "
                            + "(several named weightings within it)");
        }
        f.optional("swept").ifPresent(n -> variants.put("", normalisedGroup(n, sources)));
        f.optional("variants")
                .ifPresent(
                        n ->
                                n.fieldsUnchecked()
                                        .entries()
                                        .forEach(
                                                (variant, weightsNode) -> {
                                                    if (!variant.matches(
                                                            "[A-Za-z0-9][A-Za-z0-9_.-]*"))
                                                        throw weightsNode.error(
                                                                "'"
                                                                        + variant
                                                                        + "' is not a valid variant name");
                                                    variants.put(
                                                            variant,
                                                            normalisedGroup(weightsNode, sources));
                                                }));
        List<DeclaredMixture> mixtures = new ArrayList<>();
        for (Map.Entry<String, Map<String, Double>> variant : variants.entrySet()) {
            for (double share : values) {
                Map<String, Double> combined = new HashMap<>();
                variant.getValue().forEach((s, w) -> combined.merge(s, share * w, Double::sum));
                rest.forEach((s, w) -> combined.merge(s, (1 - share) * w, Double::sum));
                // Declaration order of the sources, so every mixture lists them alike.
                Map<String, Double> weights = new LinkedHashMap<>();
                for (String source : sources) {
                    Double w = combined.get(source);
                    if (w != null && w != 0.0) weights.put(source, w);
                }
                String mixtureName =
                        name
                                + (variant.getKey().isEmpty() ? "" : "-" + variant.getKey())
                                + "-"
                                + percent(share);
                mixtures.add(
                        mixtureTail(
                                node, f, mixtureName, name, share, weights, sources, defaultSeed));
            }
        }
        return mixtures;
    }

    /** The swept share written as a percentage for mixture names: 0.25 → 25, 0.125 → 12.5. */
    static String percent(double share) {
        return new BigDecimal(Double.toString(share))
                .movePointRight(2)
                .stripTrailingZeros()
                .toPlainString();
    }

    private Map<String, Double> weights(ConfigNode node, Set<String> sources) {
        Map<String, Double> weights = new LinkedHashMap<>();
        node.fieldsUnchecked()
                .entries()
                .forEach(
                        (source, value) -> {
                            if (!sources.contains(source)) {
                                throw value.error(
                                        "unknown source '"
                                                + source
                                                + "'"
                                                + Suggestions.didYouMean(source, sources)
                                                + "; sources are: "
                                                + String.join(", ", sources));
                            }
                            double w = value.number();
                            if (w < 0)
                                throw value.error(
                                        "weight of '" + source + "' is negative (" + w + ")");
                            weights.put(source, w);
                        });
        if (weights.isEmpty()) throw node.error("give at least one source: weight");
        return weights;
    }

    private Map<String, Double> normalisedGroup(ConfigNode node, Set<String> sources) {
        Map<String, Double> weights = weights(node, sources);
        try {
            checkSum(weights, node.path());
        } catch (InvalidValueException e) {
            throw node.error(e.getMessage() + " (weights within a group are shares of that group)");
        }
        return weights;
    }

    private static void checkSum(Map<String, Double> weights, String what) {
        double sum = weights.values().stream().mapToDouble(Double::doubleValue).sum();
        if (Math.abs(sum - 1) > MixtureSpec.WEIGHT_TOLERANCE) {
            throw new InvalidValueException(
                    what,
                    "weights sum to "
                            + BigDecimal.valueOf(sum)
                                    .round(new java.math.MathContext(10))
                                    .stripTrailingZeros()
                                    .toPlainString()
                            + ", they must sum to 1 (±1e-6)");
        }
    }

    private Map<String, Double> maxRepetition(
            ConfigNode node, Map<String, Double> weights, Set<String> sources) {
        Map<String, Double> caps = new LinkedHashMap<>();
        if (node.isScalar()) {
            double cap = node.number();
            if (cap <= 0) throw node.error("max_repetition must be > 0 epochs, found " + cap);
            weights.keySet().forEach(s -> caps.put(s, cap));
            return caps;
        }
        node.fieldsUnchecked()
                .entries()
                .forEach(
                        (source, value) -> {
                            if (!sources.contains(source)) {
                                throw value.error(
                                        "unknown source '"
                                                + source
                                                + "'"
                                                + Suggestions.didYouMean(source, sources));
                            }
                            double cap = value.number();
                            if (cap <= 0)
                                throw value.error(
                                        "max_repetition must be > 0 epochs, found " + cap);
                            if (weights.containsKey(source)) caps.put(source, cap);
                        });
        return caps;
    }

    // ---- models, training, runs --------------------------------------------------------------

    private Map<String, ModelSpec> models(ConfigNode node) {
        Map<String, ModelSpec> models = new LinkedHashMap<>();
        node.fieldsUnchecked()
                .entries()
                .forEach(
                        (name, value) -> {
                            Fields f = value.fields(MODEL_KEYS);
                            int dModel = positiveInt(f.require("d_model", value), "d_model");
                            int layers = positiveInt(f.require("n_layers", value), "n_layers");
                            int heads = positiveInt(f.require("n_heads", value), "n_heads");
                            int dMlp =
                                    f.optional("d_mlp")
                                            .map(n -> positiveInt(n, "d_mlp"))
                                            .orElse(4 * dModel);
                            String positions =
                                    f.optional("positions")
                                            .map(n -> n.string().trim())
                                            .orElse("rotary");
                            models.put(
                                    name,
                                    build(
                                            value,
                                            () ->
                                                    new ModelSpec(
                                                            name, dModel, layers, heads, dMlp,
                                                            positions)));
                        });
        return models;
    }

    private TrainingSpec training(ConfigNode node) {
        Fields f = node.fields(TRAINING_KEYS);
        TrainingSpec d = TrainingSpec.DEFAULT;
        LrSchedule lr = f.optional("lr").map(n -> lr(n, d.lr())).orElse(d.lr());
        return build(
                node,
                () ->
                        new TrainingSpec(
                                f.optional("backend")
                                        .map(n -> n.string().trim())
                                        .orElse(d.backend()),
                                f.optional("batch_size")
                                        .map(n -> positiveInt(n, "batch_size"))
                                        .orElse(d.batchSize()),
                                lr,
                                f.optional("weight_decay")
                                        .map(ConfigNode::number)
                                        .orElse(d.weightDecay()),
                                f.optional("grad_clip")
                                        .map(ConfigNode::number)
                                        .orElse(d.gradClip()),
                                f.optional("checkpoint_every")
                                        .map(n -> positiveInt(n, "checkpoint_every"))
                                        .orElse(d.checkpointEvery()),
                                f.optional("log_every")
                                        .map(n -> positiveInt(n, "log_every"))
                                        .orElse(d.logEvery()),
                                f.optional("command").map(this::command).orElse(null),
                                f.optional("slurm").map(this::slurm).orElse(null)));
    }

    private TrainingSpec.CommandSpec command(ConfigNode node) {
        Fields f = node.fields(COMMAND_KEYS);
        Map<String, String> env = new LinkedHashMap<>();
        f.optional("env")
                .ifPresent(
                        e ->
                                e.fieldsUnchecked()
                                        .entries()
                                        .forEach((k, v) -> env.put(k, v.string())));
        return build(
                node,
                () -> new TrainingSpec.CommandSpec(f.require("template", node).string(), env));
    }

    private TrainingSpec.SlurmSpec slurm(ConfigNode node) {
        Fields f = node.fields(SLURM_KEYS);
        Map<String, String> directives = new LinkedHashMap<>();
        f.optional("directives")
                .ifPresent(
                        e ->
                                e.fieldsUnchecked()
                                        .entries()
                                        .forEach((k, v) -> directives.put(k, v.string())));
        List<String> setup = f.optional("setup").map(ConfigNode::stringList).orElse(List.of());
        int poll = f.optional("poll_seconds").map(n -> positiveInt(n, "poll_seconds")).orElse(30);
        return build(node, () -> new TrainingSpec.SlurmSpec(directives, setup, poll));
    }

    /** A schedule whose unset keys come from {@code base}. */
    private LrSchedule lr(ConfigNode node, LrSchedule base) {
        Fields f = node.fields(LR_KEYS);
        return build(
                node,
                () ->
                        new LrSchedule(
                                f.optional("schedule")
                                        .map(n -> n.string().trim())
                                        .orElse(base.kind()),
                                f.optional("peak").map(ConfigNode::number).orElse(base.peak()),
                                f.optional("min").map(ConfigNode::number).orElse(base.min()),
                                f.optional("warmup_steps")
                                        .map(ConfigNode::integer)
                                        .orElse(base.warmupSteps())));
    }

    /** A recipe with the nodes needed to report reference errors at the right line. */
    private record DeclaredRecipe(
            RecipeSpec recipe, ConfigNode node, List<ConfigNode> phaseNodes, ConfigNode initNode) {
        long cooldownTokens() {
            return Math.max(1, Math.round(recipe.totalTokens() * recipe.cooldown().fraction()));
        }
    }

    private List<DeclaredRecipe> recipes(
            ConfigNode node,
            Map<String, ModelSpec> models,
            LrSchedule defaultLr,
            Map<String, DeclaredMixture> mixtures) {
        List<DeclaredRecipe> declared = new ArrayList<>();
        Map<String, DeclaredRecipe> byName = new LinkedHashMap<>();
        for (ConfigNode item : node.list(false)) {
            Fields f = item.fields(RECIPE_KEYS);
            ConfigNode nameNode = f.require("name", item);
            String name = nameNode.name();
            if (byName.containsKey(name))
                throw nameNode.error(
                        "run name '"
                                + name
                                + "' is already used at line "
                                + byName.get(name).node.line());
            ConfigNode modelsNode = f.require("models", item);
            List<String> modelNames = modelsNode.stringList();
            for (int i = 0; i < modelNames.size(); i++) {
                if (!models.containsKey(modelNames.get(i))) {
                    throw modelsNode
                            .list(true)
                            .get(i)
                            .error(
                                    "unknown model size '"
                                            + modelNames.get(i)
                                            + "'"
                                            + Suggestions.didYouMean(
                                                    modelNames.get(i), models.keySet())
                                            + (models.isEmpty()
                                                    ? "; declare it under models:"
                                                    : "; declared sizes: "
                                                            + String.join(", ", models.keySet())));
                }
            }
            List<Long> seeds =
                    f.optional("seeds")
                            .map(n -> n.list(true).stream().map(ConfigNode::integer).toList())
                            .orElse(List.of(0L));
            List<PhaseSpec> phases = new ArrayList<>();
            List<ConfigNode> phaseNodes = new ArrayList<>();
            ConfigNode initNode = null;
            List<ConfigNode> phaseItems = f.require("phases", item).list(false);
            for (int i = 0; i < phaseItems.size(); i++) {
                ConfigNode p = phaseItems.get(i);
                Fields pf = p.fields(PHASE_KEYS);
                String phaseName =
                        pf.optional("name")
                                .map(ConfigNode::name)
                                .orElse(i == 0 ? "pretrain" : "phase" + (i + 1));
                ConfigNode mixtureNode = pf.require("mixture", p);
                String mixture = mixtureNode.string().trim();
                if (!mixtures.containsKey(mixture)) {
                    throw mixtureNode.error(
                            "unknown mixture '"
                                    + mixture
                                    + "'"
                                    + Suggestions.didYouMean(mixture, mixtures.keySet())
                                    + "; mixtures are: "
                                    + String.join(", ", mixtures.keySet()));
                }
                long tokens = pf.require("tokens", p).tokenCount();
                LrSchedule lr = pf.optional("lr").map(n -> lr(n, defaultLr)).orElse(defaultLr);
                PhaseRef init = null;
                if (pf.has("init_from")) {
                    ConfigNode ref = pf.require("init_from", p);
                    if (i > 0) {
                        throw ref.error(
                                "only a run's first phase may have init_from; later phases continue from the phase before them");
                    }
                    init = phaseRef(ref);
                    initNode = ref;
                }
                PhaseRef initFrom = init;
                phases.add(build(p, () -> new PhaseSpec(phaseName, mixture, tokens, lr, initFrom)));
                phaseNodes.add(p);
            }
            CooldownSpec cooldown =
                    f.optional("cooldown").map(n -> cooldown(n, defaultLr, mixtures)).orElse(null);
            RecipeSpec recipe =
                    build(item, () -> new RecipeSpec(name, modelNames, seeds, phases, cooldown));
            DeclaredRecipe d = new DeclaredRecipe(recipe, item, phaseNodes, initNode);
            byName.put(name, d);
            declared.add(d);
        }
        addCooldownRecipes(declared, byName);
        checkInitReferences(declared, byName);
        return dependencyOrder(declared, byName);
    }

    private CooldownSpec cooldown(
            ConfigNode node, LrSchedule defaultLr, Map<String, DeclaredMixture> mixtures) {
        Fields f = node.fields(COOLDOWN_KEYS);
        ConfigNode mixtureNode = f.require("mixture", node);
        String mixture = mixtureNode.string().trim();
        if (!mixtures.containsKey(mixture)) {
            throw mixtureNode.error(
                    "unknown mixture '"
                            + mixture
                            + "'"
                            + Suggestions.didYouMean(mixture, mixtures.keySet()));
        }
        // The paper's cooldown: linear annealing to 1e-6, no re-warmup.
        LrSchedule cooldownBase =
                new LrSchedule("linear", defaultLr.peak(), Math.min(1e-6, defaultLr.peak()), 0);
        LrSchedule lr = f.optional("lr").map(n -> lr(n, cooldownBase)).orElse(cooldownBase);
        double fraction = f.optional("fraction").map(ConfigNode::number).orElse(0.1);
        return build(node, () -> new CooldownSpec(mixture, fraction, lr));
    }

    private PhaseRef phaseRef(ConfigNode node) {
        String value = node.string().trim();
        int slash = value.indexOf('/');
        if (slash <= 0 || slash == value.length() - 1 || value.indexOf('/', slash + 1) >= 0) {
            throw node.error(
                    "init_from must be RUN/PHASE (a run name and one of its phases), found '"
                            + value
                            + "'");
        }
        return new PhaseRef(value.substring(0, slash), value.substring(slash + 1));
    }

    /**
     * A recipe with a cooldown gets a sibling recipe {@code <name>-cooldown} continued from its
     * last phase.
     */
    private void addCooldownRecipes(
            List<DeclaredRecipe> declared, Map<String, DeclaredRecipe> byName) {
        for (DeclaredRecipe d : List.copyOf(declared)) {
            CooldownSpec cooldown = d.recipe.cooldown();
            if (cooldown == null) continue;
            String name = d.recipe.name() + "-cooldown";
            if (byName.containsKey(name)) {
                throw byName.get(name)
                        .node
                        .error(
                                "run name '"
                                        + name
                                        + "' clashes with the cooldown run generated for '"
                                        + d.recipe.name()
                                        + "'; rename one of them");
            }
            PhaseSpec last = d.recipe.phases().get(d.recipe.phases().size() - 1);
            PhaseSpec phase =
                    new PhaseSpec(
                            "cooldown",
                            cooldown.mixture(),
                            d.cooldownTokens(),
                            cooldown.lr(),
                            new PhaseRef(d.recipe.name(), last.name()));
            RecipeSpec recipe =
                    new RecipeSpec(name, d.recipe.models(), d.recipe.seeds(), List.of(phase), null);
            DeclaredRecipe generated = new DeclaredRecipe(recipe, d.node, List.of(d.node), d.node);
            byName.put(name, generated);
            declared.add(generated);
        }
    }

    private void checkInitReferences(
            List<DeclaredRecipe> declared, Map<String, DeclaredRecipe> byName) {
        for (DeclaredRecipe d : declared) {
            PhaseRef ref = d.recipe.phases().get(0).initFrom();
            if (ref == null) continue;
            DeclaredRecipe target = byName.get(ref.run());
            if (target == null) {
                throw d.initNode.error(
                        "init_from names run '"
                                + ref.run()
                                + "', which is not declared"
                                + Suggestions.didYouMean(ref.run(), byName.keySet()));
            }
            if (target.recipe.phases().stream().noneMatch(p -> p.name().equals(ref.phase()))) {
                List<String> phases = target.recipe.phases().stream().map(PhaseSpec::name).toList();
                throw d.initNode.error(
                        "run '"
                                + ref.run()
                                + "' has no phase '"
                                + ref.phase()
                                + "'"
                                + Suggestions.didYouMean(ref.phase(), phases)
                                + "; its phases are: "
                                + String.join(", ", phases));
            }
            for (String model : d.recipe.models()) {
                if (!target.recipe.models().contains(model)) {
                    throw d.initNode.error(
                            "run '"
                                    + d.recipe.name()
                                    + "' trains model size '"
                                    + model
                                    + "' but '"
                                    + ref.run()
                                    + "' (its init_from) does not; add '"
                                    + model
                                    + "' to the models of '"
                                    + ref.run()
                                    + "'");
                }
            }
            for (long seed : d.recipe.seeds()) {
                if (!target.recipe.seeds().contains(seed)) {
                    throw d.initNode.error(
                            "run '"
                                    + d.recipe.name()
                                    + "' uses seed "
                                    + seed
                                    + " but '"
                                    + ref.run()
                                    + "' (its init_from) does not; add it to the seeds of '"
                                    + ref.run()
                                    + "'");
                }
            }
        }
    }

    /**
     * Declaration order, except that every recipe comes after the one it initialises from; cycles
     * are errors.
     */
    private List<DeclaredRecipe> dependencyOrder(
            List<DeclaredRecipe> declared, Map<String, DeclaredRecipe> byName) {
        List<DeclaredRecipe> ordered = new ArrayList<>();
        Set<String> done = new HashSet<>();
        for (DeclaredRecipe d : declared) visit(d, byName, done, new LinkedHashSet<>(), ordered);
        return ordered;
    }

    private void visit(
            DeclaredRecipe d,
            Map<String, DeclaredRecipe> byName,
            Set<String> done,
            LinkedHashSet<String> path,
            List<DeclaredRecipe> ordered) {
        String name = d.recipe.name();
        if (done.contains(name)) return;
        if (!path.add(name)) {
            List<String> cycle = new ArrayList<>(path);
            cycle = cycle.subList(cycle.indexOf(name), cycle.size());
            throw d.initNode.error(
                    "init_from forms a cycle: "
                            + String.join(" → ", cycle)
                            + " → "
                            + name
                            + "; a run cannot start from a checkpoint that depends on itself");
        }
        PhaseRef ref = d.recipe.phases().get(0).initFrom();
        if (ref != null) visit(byName.get(ref.run()), byName, done, path, ordered);
        path.remove(name);
        done.add(name);
        ordered.add(d);
    }

    private List<RunSpec> expandRuns(List<DeclaredRecipe> recipes) {
        List<RunSpec> runs = new ArrayList<>();
        for (DeclaredRecipe d : recipes) {
            RecipeSpec r = d.recipe;
            for (String model : r.models()) {
                for (long seed : r.seeds()) {
                    List<PhaseSpec> phases = new ArrayList<>();
                    for (PhaseSpec p : r.phases()) {
                        PhaseRef init =
                                p.initFrom() == null
                                        ? null
                                        : new PhaseRef(
                                                RunSpec.idOf(p.initFrom().run(), model, seed),
                                                p.initFrom().phase());
                        phases.add(new PhaseSpec(p.name(), p.mixture(), p.tokens(), p.lr(), init));
                    }
                    runs.add(
                            new RunSpec(
                                    RunSpec.idOf(r.name(), model, seed),
                                    r.name(),
                                    model,
                                    seed,
                                    phases));
                }
            }
        }
        return runs;
    }

    // ---- eval ----------------------------------------------------------------------------------

    private EvalSpec eval(ConfigNode node) {
        Fields f = node.fields(EVAL_KEYS);
        EvalSpec d = EvalSpec.DEFAULT;
        return build(
                node,
                () ->
                        new EvalSpec(
                                f.optional("categories")
                                        .map(n -> n.string().trim())
                                        .orElse(d.categories()),
                                f.optional("tasks").map(ConfigNode::stringList).orElse(d.tasks()),
                                f.optional("validation_bpb")
                                        .map(ConfigNode::bool)
                                        .orElse(d.validationBpb()),
                                f.optional("probes").map(ConfigNode::bool).orElse(d.probes()),
                                f.optional("task_files")
                                        .map(
                                                n ->
                                                        n.stringList().stream()
                                                                .map(
                                                                        s ->
                                                                                baseDir.resolve(s)
                                                                                        .normalize())
                                                                .toList())
                                        .orElse(d.taskFiles())));
    }

    // ---- shards --------------------------------------------------------------------------------

    private ShardsSpec shards(ConfigNode node) {
        Fields f = node.fields(SHARDS_KEYS);
        ShardsSpec d = ShardsSpec.DEFAULT;
        List<ShardsSpec.Format> formats =
                f.optional("formats")
                        .map(
                                n ->
                                        n.list(true).stream()
                                                .map(
                                                        item ->
                                                                build(
                                                                        item,
                                                                        () ->
                                                                                ShardsSpec.Format
                                                                                        .of(
                                                                                                item.string()
                                                                                                        .trim())))
                                                .toList())
                        .orElse(d.formats());
        ShardsSpec.TokenDtype megatron =
                f.optional("megatron_dtype")
                        .map(n -> dtype(n, "megatron_dtype", ShardsSpec.MEGATRON_DTYPES))
                        .orElse(d.megatronDtype());
        ShardsSpec.TokenDtype olmo =
                f.optional("olmo_dtype")
                        .map(n -> dtype(n, "olmo_dtype", ShardsSpec.OLMO_DTYPES))
                        .orElse(d.olmoDtype());
        long olmoFileTokens =
                f.optional("olmo_file_tokens")
                        .map(ConfigNode::tokenCount)
                        .orElse(d.olmoFileTokens());
        return build(node, () -> new ShardsSpec(formats, megatron, olmo, olmoFileTokens));
    }

    private static ShardsSpec.TokenDtype dtype(
            ConfigNode node, String key, Set<ShardsSpec.TokenDtype> allowed) {
        return build(node, () -> ShardsSpec.TokenDtype.of(key, node.string().trim(), allowed));
    }

    // ---- helpers -------------------------------------------------------------------------------

    static int positiveInt(ConfigNode node, String key) {
        long value = node.integer();
        if (value <= 0 || value > Integer.MAX_VALUE)
            throw node.error(key + " must be a positive whole number, found " + node.string());
        return (int) value;
    }

    /** Runs a record constructor and re-locates its validation failure at {@code node}. */
    private static <T> T build(ConfigNode node, Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (InvalidValueException e) {
            throw node.error(e);
        }
    }

    private static String stripExtension(String fileName) {
        int dot = fileName.indexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }
}
