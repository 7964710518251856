package dev.mixlab.mixtures.spec;

import static dev.mixlab.mixtures.spec.SpecBinding.bind;
import static dev.mixlab.mixtures.spec.SpecBinding.positiveInt;

import dev.mixlab.filters.Suggestions;
import dev.mixlab.mixtures.spec.ConfigNode.Fields;
import dev.mixlab.mixtures.spec.PhaseSpec.PhaseRef;
import dev.mixlab.mixtures.spec.RecipeGraph.DeclaredRecipe;
import dev.mixlab.mixtures.spec.RecipeSpec.CooldownSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Binds the training side of a spec: {@code models:}, {@code training:} (learning-rate schedule,
 * command and Slurm settings) and the recipes of {@code runs:} with their phases and cooldown. The
 * references between recipes are {@link RecipeGraph}'s.
 */
final class TrainingBinding {
    private static final Set<String> MODEL_KEYS = SpecKeys.of(ModelSpec.class);
    private static final Set<String> TRAINING_KEYS = SpecKeys.of(TrainingSpec.class);
    private static final Set<String> COMMAND_KEYS = SpecKeys.of(TrainingSpec.CommandSpec.class);
    private static final Set<String> SLURM_KEYS = SpecKeys.of(TrainingSpec.SlurmSpec.class);
    private static final Set<String> LR_KEYS = SpecKeys.of(LrSchedule.class);
    private static final Set<String> RECIPE_KEYS = SpecKeys.of(RecipeSpec.class);
    private static final Set<String> PHASE_KEYS = SpecKeys.of(PhaseSpec.class);
    private static final Set<String> COOLDOWN_KEYS = SpecKeys.of(CooldownSpec.class);

    private TrainingBinding() {}

    static Map<String, ModelSpec> models(ConfigNode node) {
        Map<String, ModelSpec> models = new LinkedHashMap<>();
        node.fieldsUnchecked()
                .namedEntries()
                .forEach((name, value) -> models.put(name, model(name, value)));
        return models;
    }

    private static ModelSpec model(String name, ConfigNode node) {
        Fields f = node.fields(MODEL_KEYS);
        int dModel = positiveInt(f.require("d_model", node), "d_model");
        int layers = positiveInt(f.require("n_layers", node), "n_layers");
        int heads = positiveInt(f.require("n_heads", node), "n_heads");
        int dMlp = f.optional("d_mlp").map(n -> positiveInt(n, "d_mlp")).orElse(4 * dModel);
        String positions = f.optional("positions").map(n -> n.string().trim()).orElse("rotary");
        return bind(node, () -> new ModelSpec(name, dModel, layers, heads, dMlp, positions));
    }

    static TrainingSpec training(ConfigNode node) {
        Fields f = node.fields(TRAINING_KEYS);
        TrainingSpec d = TrainingSpec.DEFAULT;
        LrSchedule lr = f.optional("lr").map(n -> lr(n, d.lr())).orElse(d.lr());
        String backend = f.optional("backend").map(n -> n.string().trim()).orElse(d.backend());
        int batchSize =
                f.optional("batch_size")
                        .map(n -> positiveInt(n, "batch_size"))
                        .orElse(d.batchSize());
        double weightDecay =
                f.optional("weight_decay").map(ConfigNode::number).orElse(d.weightDecay());
        double gradClip = f.optional("grad_clip").map(ConfigNode::number).orElse(d.gradClip());
        int checkpointEvery =
                f.optional("checkpoint_every")
                        .map(n -> positiveInt(n, "checkpoint_every"))
                        .orElse(d.checkpointEvery());
        int logEvery =
                f.optional("log_every").map(n -> positiveInt(n, "log_every")).orElse(d.logEvery());
        TrainingSpec.CommandSpec command =
                f.optional("command").map(TrainingBinding::command).orElse(null);
        TrainingSpec.SlurmSpec slurm = f.optional("slurm").map(TrainingBinding::slurm).orElse(null);
        return bind(
                node,
                () ->
                        new TrainingSpec(
                                backend,
                                batchSize,
                                lr,
                                weightDecay,
                                gradClip,
                                checkpointEvery,
                                logEvery,
                                command,
                                slurm));
    }

    static TrainingSpec.CommandSpec command(ConfigNode node) {
        Fields f = node.fields(COMMAND_KEYS);
        Map<String, String> env = stringMap(f.optional("env"));
        return bind(
                node,
                () -> new TrainingSpec.CommandSpec(f.require("template", node).string(), env));
    }

    private static TrainingSpec.SlurmSpec slurm(ConfigNode node) {
        Fields f = node.fields(SLURM_KEYS);
        Map<String, String> directives = stringMap(f.optional("directives"));
        List<String> setup = f.optional("setup").map(ConfigNode::stringList).orElse(List.of());
        int poll = f.optional("poll_seconds").map(n -> positiveInt(n, "poll_seconds")).orElse(30);
        return bind(node, () -> new TrainingSpec.SlurmSpec(directives, setup, poll));
    }

    private static Map<String, String> stringMap(Optional<ConfigNode> node) {
        Map<String, String> map = new LinkedHashMap<>();
        node.ifPresent(
                n -> n.fieldsUnchecked().entries().forEach((k, v) -> map.put(k, v.string())));
        return map;
    }

    /** A schedule whose unset keys come from {@code base}. */
    static LrSchedule lr(ConfigNode node, LrSchedule base) {
        Fields f = node.fields(LR_KEYS);
        String kind = f.optional("schedule").map(n -> n.string().trim()).orElse(base.kind());
        double peak = f.optional("peak").map(ConfigNode::number).orElse(base.peak());
        double min = f.optional("min").map(ConfigNode::number).orElse(base.min());
        long warmup =
                f.optional("warmup_steps").map(ConfigNode::integer).orElse(base.warmupSteps());
        return bind(node, () -> new LrSchedule(kind, peak, min, warmup));
    }

    /**
     * The recipes of {@code runs:} in declaration order, with their model sizes and mixtures
     * checked; {@link RecipeGraph} checks the references between them.
     */
    static List<DeclaredRecipe> recipes(
            ConfigNode node,
            Map<String, ModelSpec> models,
            LrSchedule defaultLr,
            Set<String> mixtures) {
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
                                + byName.get(name).node().line());
            List<String> modelNames = modelNames(f.require("models", item), models);
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
                String mixture = mixtureName(pf.require("mixture", p), mixtures, true);
                long tokens = pf.require("tokens", p).tokenCount();
                LrSchedule lr = pf.optional("lr").map(n -> lr(n, defaultLr)).orElse(defaultLr);
                PhaseRef initFrom = null;
                if (pf.has("init_from")) {
                    initNode = pf.require("init_from", p);
                    if (i > 0) {
                        throw initNode.error(
                                "only a run's first phase may have init_from; later phases continue from the phase before them");
                    }
                    initFrom = phaseRef(initNode);
                }
                PhaseRef init = initFrom;
                boolean newEpoch = pf.optional("new_epoch").map(ConfigNode::bool).orElse(false);
                phases.add(
                        bind(
                                p,
                                () ->
                                        new PhaseSpec(
                                                phaseName, mixture, tokens, lr, init, newEpoch)));
                phaseNodes.add(p);
            }
            CooldownSpec cooldown =
                    f.optional("cooldown").map(n -> cooldown(n, defaultLr, mixtures)).orElse(null);
            RecipeSpec recipe =
                    bind(item, () -> new RecipeSpec(name, modelNames, seeds, phases, cooldown));
            checkRunIds(nameNode, recipe);
            DeclaredRecipe d = new DeclaredRecipe(recipe, item, phaseNodes, initNode);
            byName.put(name, d);
            declared.add(d);
        }
        return declared;
    }

    /** The run ids a recipe expands into (with its cooldown's) are names too. */
    private static void checkRunIds(ConfigNode nameNode, RecipeSpec recipe) {
        for (String model : recipe.models()) {
            for (long seed : recipe.seeds()) {
                nameNode.generatedName(RunSpec.idOf(recipe.name(), model, seed));
                if (recipe.cooldown() != null)
                    nameNode.generatedName(
                            RunSpec.idOf(RecipeGraph.cooldownName(recipe), model, seed));
            }
        }
    }

    private static List<String> modelNames(ConfigNode node, Map<String, ModelSpec> models) {
        List<String> names = node.stringList();
        for (int i = 0; i < names.size(); i++) {
            if (!models.containsKey(names.get(i))) {
                throw node.list(true)
                        .get(i)
                        .error(
                                "unknown model size '"
                                        + names.get(i)
                                        + "'"
                                        + Suggestions.didYouMean(names.get(i), models.keySet())
                                        + (models.isEmpty()
                                                ? "; declare it under models:"
                                                : "; declared sizes: "
                                                        + String.join(", ", models.keySet())));
            }
        }
        return names;
    }

    private static String mixtureName(ConfigNode node, Set<String> mixtures, boolean listThem) {
        String mixture = node.string().trim();
        if (!mixtures.contains(mixture)) {
            throw node.error(
                    "unknown mixture '"
                            + mixture
                            + "'"
                            + Suggestions.didYouMean(mixture, mixtures)
                            + (listThem ? "; mixtures are: " + String.join(", ", mixtures) : ""));
        }
        return mixture;
    }

    private static CooldownSpec cooldown(
            ConfigNode node, LrSchedule defaultLr, Set<String> mixtures) {
        Fields f = node.fields(COOLDOWN_KEYS);
        String mixture = mixtureName(f.require("mixture", node), mixtures, false);
        // The paper's cooldown: linear annealing to 1e-6, no re-warmup.
        LrSchedule cooldownBase =
                new LrSchedule("linear", defaultLr.peak(), Math.min(1e-6, defaultLr.peak()), 0);
        LrSchedule lr = f.optional("lr").map(n -> lr(n, cooldownBase)).orElse(cooldownBase);
        double fraction = f.optional("fraction").map(ConfigNode::number).orElse(0.1);
        boolean newEpoch = f.optional("new_epoch").map(ConfigNode::bool).orElse(false);
        return bind(node, () -> new CooldownSpec(mixture, fraction, lr, newEpoch));
    }

    private static PhaseRef phaseRef(ConfigNode node) {
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
}
