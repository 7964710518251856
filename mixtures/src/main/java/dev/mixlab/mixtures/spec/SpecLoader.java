package dev.mixlab.mixtures.spec;

import dev.mixlab.mixtures.spec.ConfigNode.Fields;
import dev.mixlab.mixtures.spec.MixtureBinding.DeclaredMixture;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads an ablation YAML into an {@link AblationSpec}, section by section: {@link SpecBinding},
 * {@link MixtureBinding} and {@link TrainingBinding} turn each section into its records (unknown
 * keys get a "did you mean"), {@link SweepExpansion} turns sweeps into mixtures, and {@link
 * RecipeGraph} adds cooldown runs, checks {@code init_from} references and cycles, orders the
 * recipes and expands them into runs. Every failure is a {@link SpecException} naming file, line,
 * column and key. The key reference is docs/SPEC.md.
 *
 * <p>A new top-level section is a component of {@link AblationSpec} (its key follows from it) and
 * one line in {@link #read()} binding it.
 */
public final class SpecLoader {
    private static final int DEFAULT_SEQ_LEN = 2048;

    private final Path file;
    private final ConfigNode root;
    private final SpecBinding binding;

    private SpecLoader(ConfigNode root) {
        this.root = root;
        this.file = root.file();
        Path parent = file.toAbsolutePath().getParent();
        this.binding = new SpecBinding(parent == null ? Path.of("").toAbsolutePath() : parent);
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
        Fields top = root.fields(SpecBinding.TOP_KEYS);
        String name =
                top.optional("name")
                        .map(ConfigNode::name)
                        .orElse(stripExtension(file.getFileName().toString()));
        String description = top.optional("description").map(ConfigNode::string).orElse("");
        Path workdir = top.optional("workdir").map(binding::path).orElse(null);
        TokenizerSpec tokenizer =
                top.optional("tokenizer")
                        .map(binding::tokenizer)
                        .orElse(new TokenizerSpec("o200k_base", null));
        int seqLen =
                top.optional("seq_len")
                        .map(n -> SpecBinding.positiveInt(n, "seq_len"))
                        .orElse(DEFAULT_SEQ_LEN);
        long seed = top.optional("seed").map(ConfigNode::integer).orElse(0L);

        List<SourceSpec> sources = binding.sources(top.require("sources", root));
        Set<String> sourceNames = new LinkedHashSet<>();
        sources.forEach(s -> sourceNames.add(s.name()));

        Map<String, ModelSpec> models =
                top.optional("models").map(TrainingBinding::models).orElse(Map.of());
        TrainingSpec training =
                top.optional("training")
                        .map(TrainingBinding::training)
                        .orElse(TrainingSpec.DEFAULT);

        Map<String, DeclaredMixture> declared = mixtures(top, sourceNames, seed);
        RecipeGraph recipes =
                new RecipeGraph(
                        top.optional("runs")
                                .map(
                                        n ->
                                                TrainingBinding.recipes(
                                                        n,
                                                        models,
                                                        training.lr(),
                                                        declared.keySet()))
                                .orElse(List.of()));
        List<MixtureSpec> mixtures =
                declared.values().stream().map(m -> m.build(recipes, seqLen)).toList();
        EvalSpec eval = top.optional("eval").map(binding::eval).orElse(EvalSpec.DEFAULT);
        ShardsSpec shards =
                top.optional("shards").map(SpecBinding::shards).orElse(ShardsSpec.DEFAULT);
        StorageSpec storage =
                top.optional("storage").map(SpecBinding::storage).orElse(StorageSpec.NONE);
        DecontaminationSpec decontamination =
                top.optional("decontamination")
                        .map(n -> binding.decontamination(n, sourceNames))
                        .orElse(null);

        return SpecBinding.bind(
                root,
                () ->
                        new AblationSpec(
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
                                recipes.recipes(),
                                recipes.runs(),
                                eval,
                                shards,
                                decontamination,
                                null,
                                storage));
    }

    /** Explicit mixtures then the sweeps' ones, by name; names must be unique across both. */
    private Map<String, DeclaredMixture> mixtures(Fields top, Set<String> sourceNames, long seed) {
        List<DeclaredMixture> declared = new ArrayList<>();
        top.optional("mixtures")
                .ifPresent(
                        n ->
                                n.list(false)
                                        .forEach(
                                                m ->
                                                        declared.add(
                                                                MixtureBinding.explicitMixture(
                                                                        m, sourceNames, seed))));
        top.optional("sweeps")
                .ifPresent(
                        n ->
                                n.list(false)
                                        .forEach(
                                                s ->
                                                        declared.addAll(
                                                                MixtureBinding.sweep(
                                                                        s, sourceNames, seed))));
        Map<String, DeclaredMixture> byName = new LinkedHashMap<>();
        for (DeclaredMixture m : declared) {
            DeclaredMixture previous = byName.putIfAbsent(m.name(), m);
            if (previous != null) {
                throw m.node()
                        .error(
                                "mixture name '"
                                        + m.name()
                                        + "' is already used (first at line "
                                        + previous.node().line()
                                        + "); mixture names must be unique, including those a sweep generates");
            }
        }
        return byName;
    }

    private static String stripExtension(String fileName) {
        int dot = fileName.indexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }
}
