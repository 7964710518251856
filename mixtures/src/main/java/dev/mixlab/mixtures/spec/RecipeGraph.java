package dev.mixlab.mixtures.spec;

import dev.mixlab.filters.Suggestions;
import dev.mixlab.mixtures.spec.PhaseSpec.PhaseRef;
import dev.mixlab.mixtures.spec.RecipeSpec.CooldownSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The recipes of an ablation as a graph: each recipe with a cooldown gets a generated {@code
 * <name>-cooldown} recipe continued from its last phase; every {@code init_from} must name a
 * declared run's phase trained at the same model sizes and seeds; recipes are ordered so that each
 * comes after the one it starts from (cycles are errors); and each recipe expands into one run per
 * model size and seed. It also answers how many tokens the runs take from a mixture, which is the
 * budget of a mixture declared without one.
 */
final class RecipeGraph {
    /** A recipe with the nodes needed to report reference errors at the right line. */
    record DeclaredRecipe(
            RecipeSpec recipe, ConfigNode node, List<ConfigNode> phaseNodes, ConfigNode initNode) {
        long cooldownTokens() {
            return Math.max(1, Math.round(recipe.totalTokens() * recipe.cooldown().fraction()));
        }
    }

    private final List<DeclaredRecipe> ordered;

    /** Adds the cooldown recipes, checks the references and orders {@code declared}. */
    RecipeGraph(List<DeclaredRecipe> declared) {
        List<DeclaredRecipe> all = new ArrayList<>(declared);
        Map<String, DeclaredRecipe> byName = new LinkedHashMap<>();
        declared.forEach(d -> byName.put(d.recipe().name(), d));
        addCooldownRecipes(all, byName);
        checkInitReferences(all, byName);
        this.ordered = dependencyOrder(all, byName);
    }

    /** Declared and generated recipes, each after the one it starts from. */
    List<RecipeSpec> recipes() {
        return ordered.stream().map(DeclaredRecipe::recipe).toList();
    }

    /**
     * The budget {@code mixture} needs so that every phase reading it finds its rows unread: the
     * largest {@code start_row × seq_len + tokens} over the phases that read it, where {@code
     * start_row} counts the rows its lineage read before it ({@link DataOrder}); 0 when no run uses
     * it. With a {@code budget}, a phase that would run past the mixture's {@code ⌈budget /
     * seq_len⌉} rows is an error unless it sets {@code new_epoch}.
     */
    long budgetNeeded(String mixture, Long budget, ConfigNode budgetNode, int seqLen) {
        DataOrder order = DataOrder.of(runs(), seqLen);
        long needed = 0;
        for (DeclaredRecipe d : ordered) {
            List<PhaseSpec> phases = d.recipe().phases();
            for (int i = 0; i < phases.size(); i++) {
                PhaseSpec phase = phases.get(i);
                if (!phase.mixture().equals(mixture)) continue;
                DataOrder.RowRange range = order.range(firstRunOf(d.recipe()), phase.name());
                long tokensNeeded = range.start() * seqLen + phase.tokens();
                if (budget != null && !phase.newEpoch()) {
                    long rows = (budget + seqLen - 1) / seqLen;
                    if (range.end() > rows)
                        throw budgetTooSmall(d, i, phase, range, budget, rows, budgetNode, seqLen);
                }
                needed = Math.max(needed, tokensNeeded);
            }
        }
        return needed;
    }

    private static String firstRunOf(RecipeSpec recipe) {
        return RunSpec.idOf(recipe.name(), recipe.models().get(0), recipe.seeds().get(0));
    }

    private static SpecException budgetTooSmall(
            DeclaredRecipe d,
            int phaseIndex,
            PhaseSpec phase,
            DataOrder.RowRange range,
            long budget,
            long rows,
            ConfigNode budgetNode,
            int seqLen) {
        String read =
                range.start() == 0
                        ? ""
                        : " after the "
                                + range.start()
                                + " rows its lineage read before it ("
                                + String.join(", ", range.readBefore())
                                + ")";
        return d.phaseNodes()
                .get(Math.min(phaseIndex, d.phaseNodes().size() - 1))
                .error(
                        "phase '"
                                + phase.name()
                                + "' of run '"
                                + d.recipe().name()
                                + "' needs "
                                + range.rows()
                                + " rows of mixture '"
                                + phase.mixture()
                                + "'"
                                + read
                                + ", but its budget "
                                + TokenCounts.format(budget)
                                + " (line "
                                + budgetNode.line()
                                + ") makes "
                                + rows
                                + " rows, "
                                + Math.max(0, rows - range.start())
                                + " left; raise the budget to at least "
                                + range.end() * seqLen
                                + " tokens, lower the phase's tokens, or set new_epoch: true on the phase to start a new pass over the mixture");
    }

    /** One run per recipe, model size and seed, in dependency order. */
    List<RunSpec> runs() {
        List<RunSpec> runs = new ArrayList<>();
        for (DeclaredRecipe d : ordered) {
            RecipeSpec r = d.recipe();
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
                        phases.add(
                                new PhaseSpec(
                                        p.name(),
                                        p.mixture(),
                                        p.tokens(),
                                        p.lr(),
                                        init,
                                        p.newEpoch()));
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

    /** The generated recipe that continues {@code recipe} with its cooldown. */
    static String cooldownName(RecipeSpec recipe) {
        return recipe.name() + "-cooldown";
    }

    private static void addCooldownRecipes(
            List<DeclaredRecipe> declared, Map<String, DeclaredRecipe> byName) {
        for (DeclaredRecipe d : List.copyOf(declared)) {
            CooldownSpec cooldown = d.recipe().cooldown();
            if (cooldown == null) continue;
            String name = cooldownName(d.recipe());
            if (byName.containsKey(name)) {
                throw byName.get(name)
                        .node()
                        .error(
                                "run name '"
                                        + name
                                        + "' clashes with the cooldown run generated for '"
                                        + d.recipe().name()
                                        + "'; rename one of them");
            }
            PhaseSpec last = d.recipe().phases().get(d.recipe().phases().size() - 1);
            PhaseSpec phase =
                    new PhaseSpec(
                            "cooldown",
                            cooldown.mixture(),
                            d.cooldownTokens(),
                            cooldown.lr(),
                            new PhaseRef(d.recipe().name(), last.name()),
                            cooldown.newEpoch());
            RecipeSpec recipe =
                    new RecipeSpec(
                            name, d.recipe().models(), d.recipe().seeds(), List.of(phase), null);
            DeclaredRecipe generated =
                    new DeclaredRecipe(recipe, d.node(), List.of(d.node()), d.node());
            byName.put(name, generated);
            declared.add(generated);
        }
    }

    private static void checkInitReferences(
            List<DeclaredRecipe> declared, Map<String, DeclaredRecipe> byName) {
        for (DeclaredRecipe d : declared) {
            PhaseRef ref = d.recipe().phases().get(0).initFrom();
            if (ref == null) continue;
            DeclaredRecipe target = byName.get(ref.run());
            if (target == null) {
                throw d.initNode()
                        .error(
                                "init_from names run '"
                                        + ref.run()
                                        + "', which is not declared"
                                        + Suggestions.didYouMean(ref.run(), byName.keySet()));
            }
            List<String> phases = target.recipe().phases().stream().map(PhaseSpec::name).toList();
            if (!phases.contains(ref.phase())) {
                throw d.initNode()
                        .error(
                                "run '"
                                        + ref.run()
                                        + "' has no phase '"
                                        + ref.phase()
                                        + "'"
                                        + Suggestions.didYouMean(ref.phase(), phases)
                                        + "; its phases are: "
                                        + String.join(", ", phases));
            }
            for (String model : d.recipe().models()) {
                if (!target.recipe().models().contains(model)) {
                    throw d.initNode()
                            .error(
                                    "run '"
                                            + d.recipe().name()
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
            for (long seed : d.recipe().seeds()) {
                if (!target.recipe().seeds().contains(seed)) {
                    throw d.initNode()
                            .error(
                                    "run '"
                                            + d.recipe().name()
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

    /** Declaration order, except that every recipe comes after the one it initialises from. */
    private static List<DeclaredRecipe> dependencyOrder(
            List<DeclaredRecipe> declared, Map<String, DeclaredRecipe> byName) {
        List<DeclaredRecipe> ordered = new ArrayList<>();
        Set<String> done = new HashSet<>();
        for (DeclaredRecipe d : declared) visit(d, byName, done, new LinkedHashSet<>(), ordered);
        return ordered;
    }

    private static void visit(
            DeclaredRecipe d,
            Map<String, DeclaredRecipe> byName,
            Set<String> done,
            LinkedHashSet<String> path,
            List<DeclaredRecipe> ordered) {
        String name = d.recipe().name();
        if (done.contains(name)) return;
        if (!path.add(name)) {
            List<String> cycle = new ArrayList<>(path);
            cycle = cycle.subList(cycle.indexOf(name), cycle.size());
            throw d.initNode()
                    .error(
                            "init_from forms a cycle: "
                                    + String.join(" → ", cycle)
                                    + " → "
                                    + name
                                    + "; a run cannot start from a checkpoint that depends on itself");
        }
        PhaseRef ref = d.recipe().phases().get(0).initFrom();
        if (ref != null) visit(byName.get(ref.run()), byName, done, path, ordered);
        path.remove(name);
        done.add(name);
        ordered.add(d);
    }
}
