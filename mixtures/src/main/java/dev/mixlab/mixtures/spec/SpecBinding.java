package dev.mixlab.mixtures.spec;

import dev.mixlab.filters.FilterCatalog;
import dev.mixlab.filters.Suggestions;
import dev.mixlab.io.StoragePaths;
import dev.mixlab.mixtures.spec.ConfigNode.Fields;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Binds YAML to the spec records: checks each map's keys against the record's ({@link SpecKeys}),
 * converts values, resolves relative paths against the spec's directory, and re-locates a record's
 * own validation failure at the node it came from. This class binds the tokenizer, the sources and
 * {@code eval:}; {@link MixtureBinding} and {@link TrainingBinding} bind the other sections.
 */
final class SpecBinding {
    static final Set<String> TOP_KEYS = SpecKeys.of(AblationSpec.class, "sweeps");
    private static final Set<String> SOURCE_KEYS = SpecKeys.of(SourceSpec.class);
    private static final Set<String> DEDUP_KEYS = SpecKeys.of(DedupSpec.class);
    private static final Set<String> NEAR_KEYS = SpecKeys.of(DedupSpec.NearDedup.class);
    private static final Set<String> EVAL_KEYS = SpecKeys.of(EvalSpec.class);
    private static final Set<String> SHARDS_KEYS = SpecKeys.of(ShardsSpec.class);
    private static final Set<String> STORAGE_KEYS = SpecKeys.of(StorageSpec.class);
    private static final Set<String> DECONTAMINATION_KEYS = SpecKeys.of(DecontaminationSpec.class);
    private static final Set<String> EVAL_SET_KEYS = SpecKeys.of(DecontaminationSpec.EvalSet.class);

    private final Path baseDir;

    SpecBinding(Path baseDir) {
        this.baseDir = baseDir;
    }

    /** Runs a record constructor and re-locates its validation failure at {@code node}. */
    static <T> T bind(ConfigNode node, Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (InvalidValueException e) {
            throw node.error(e);
        }
    }

    static int positiveInt(ConfigNode node, String key) {
        long value = node.integer();
        if (value <= 0 || value > Integer.MAX_VALUE)
            throw node.error(key + " must be a positive whole number, found " + node.string());
        return (int) value;
    }

    private static Integer optionalPositiveInt(Fields f, String key) {
        return f.optional(key).map(n -> positiveInt(n, key)).orElse(null);
    }

    Path path(ConfigNode node) {
        String text = node.string();
        if (StoragePaths.isUri(text)) {
            try {
                return StoragePaths.of(text).normalize();
            } catch (IllegalArgumentException e) {
                throw node.error(e.getMessage());
            }
        }
        return baseDir.resolve(text).normalize();
    }

    // ---- tokenizer and sources ----------------------------------------------------------------

    TokenizerSpec tokenizer(ConfigNode node) {
        String value = node.string().trim();
        boolean isFile = value.endsWith(".json") || value.contains("/");
        return bind(
                node,
                () ->
                        isFile
                                ? new TokenizerSpec(null, baseDir.resolve(value).normalize())
                                : new TokenizerSpec(value, null));
    }

    List<SourceSpec> sources(ConfigNode node) {
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
                            .map(n -> bind(n, () -> InputFormat.fromYaml(n.string().trim())))
                            .orElse(InputFormat.AUTO);
            FieldMapping fields =
                    f.optional("fields").map(this::fields).orElse(FieldMapping.DEFAULT);
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
                    bind(
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
     * {@code text} and {@code id} name the text and id fields; every other key is a metadata key
     * mapped to the field named by its value ({@code path: max_stars_repo_path}).
     */
    private FieldMapping fields(ConfigNode node) {
        Fields f = node.fieldsUnchecked();
        String text = f.optional("text").map(ConfigNode::string).orElse("text");
        String id = f.optional("id").map(ConfigNode::string).orElse("id");
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigNode> e : f.entries().entrySet()) {
            if (e.getKey().equals("text") || e.getKey().equals("id")) continue;
            String field = e.getValue().string();
            bind(e.getValue(), () -> new FieldMapping(text, id, Map.of(e.getKey(), field)));
            metadata.put(e.getKey(), field);
        }
        return bind(node, () -> new FieldMapping(text, id, metadata));
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
                f.optional("near").map(this::nearDedup).orElse(DedupSpec.NearDedup.DEFAULT);
        return bind(node, () -> new DedupSpec(exact, across, near));
    }

    private DedupSpec.NearDedup nearDedup(ConfigNode node) {
        if (node.isScalar()) {
            return node.bool()
                    ? DedupSpec.NearDedup.DEFAULT
                    : new DedupSpec.NearDedup(false, "auto", null, null, null, null, null);
        }
        Fields f = node.fields(NEAR_KEYS);
        boolean enabled = f.optional("enabled").map(ConfigNode::bool).orElse(true);
        String shingle = f.optional("shingle").map(ConfigNode::string).orElse("auto");
        Integer ngram = optionalPositiveInt(f, "ngram");
        Integer permutations = optionalPositiveInt(f, "permutations");
        Integer bands = optionalPositiveInt(f, "bands");
        Integer rows = optionalPositiveInt(f, "rows");
        Double threshold = f.optional("threshold").map(ConfigNode::number).orElse(null);
        return bind(
                node,
                () ->
                        new DedupSpec.NearDedup(
                                enabled, shingle, ngram, permutations, bands, rows, threshold));
    }

    // ---- eval ----------------------------------------------------------------------------------

    /** Task files resolved against the spec's directory; each names its task, a name. */
    private List<Path> taskFiles(ConfigNode node) {
        List<Path> files = new ArrayList<>();
        for (ConfigNode item : node.list(true)) {
            Path file = path(item);
            item.generatedName(EvalSpec.taskName(file));
            files.add(file);
        }
        return files;
    }

    EvalSpec eval(ConfigNode node) {
        Fields f = node.fields(EVAL_KEYS);
        EvalSpec d = EvalSpec.DEFAULT;
        String categories =
                f.optional("categories").map(n -> n.string().trim()).orElse(d.categories());
        List<String> tasks = f.optional("tasks").map(ConfigNode::stringList).orElse(d.tasks());
        boolean bpb = f.optional("validation_bpb").map(ConfigNode::bool).orElse(d.validationBpb());
        boolean probes = f.optional("probes").map(ConfigNode::bool).orElse(d.probes());
        List<Path> taskFiles = f.optional("task_files").map(this::taskFiles).orElse(d.taskFiles());
        TrainingSpec.CommandSpec command =
                f.optional("command").map(TrainingBinding::command).orElse(d.command());
        String device = f.optional("device").map(n -> n.string().trim()).orElse(d.device());
        return bind(
                node,
                () -> new EvalSpec(categories, tasks, bpb, probes, taskFiles, command, device));
    }

    // ---- decontamination -----------------------------------------------------------------------

    DecontaminationSpec decontamination(ConfigNode node, Set<String> sourceNames) {
        Fields f = node.fields(DECONTAMINATION_KEYS);
        int ngram =
                f.optional("ngram")
                        .map(n -> positiveInt(n, "ngram"))
                        .orElse(DecontaminationSpec.DEFAULT_NGRAM);
        Map<String, Integer> ngrams =
                perSource(f, "ngrams", sourceNames, value -> positiveInt(value, "ngrams"));
        String unit = f.optional("unit").map(n -> n.string().trim()).orElse("auto");
        Map<String, String> units =
                perSource(f, "units", sourceNames, value -> value.string().trim());
        String mode =
                f.optional("mode")
                        .map(n -> n.string().trim())
                        .orElse(DecontaminationSpec.DEFAULT_MODE);
        List<String> sources = new ArrayList<>();
        f.optional("sources")
                .ifPresent(
                        n ->
                                n.list(true)
                                        .forEach(
                                                item -> {
                                                    requireSource(item, item.string(), sourceNames);
                                                    sources.add(item.string());
                                                }));
        long bloomAbove =
                f.optional("bloom_above")
                        .map(ConfigNode::tokenCount)
                        .orElse(DecontaminationSpec.DEFAULT_BLOOM_ABOVE);
        double bloomFpr =
                f.optional("bloom_fpr")
                        .map(ConfigNode::number)
                        .orElse(DecontaminationSpec.DEFAULT_BLOOM_FPR);
        long maxDocumentFrequency =
                f.optional("max_document_frequency")
                        .map(ConfigNode::integer)
                        .orElse(DecontaminationSpec.DEFAULT_MAX_DOCUMENT_FREQUENCY);
        List<DecontaminationSpec.EvalSet> sets = new ArrayList<>();
        for (ConfigNode item : f.require("sets", node).list(false)) {
            Fields s = item.fields(EVAL_SET_KEYS);
            String name = s.require("name", item).name();
            String format = s.require("format", item).string().trim();
            List<Path> files =
                    s.require("files", item).list(true).stream().map(this::path).toList();
            sets.add(bind(item, () -> new DecontaminationSpec.EvalSet(name, format, files)));
        }
        return bind(
                node,
                () ->
                        new DecontaminationSpec(
                                ngram,
                                ngrams,
                                unit,
                                units,
                                mode,
                                sources,
                                bloomAbove,
                                bloomFpr,
                                maxDocumentFrequency,
                                sets));
    }

    /** The map {@code key} of source name → value, each source checked; empty when absent. */
    private static <T> Map<String, T> perSource(
            Fields f, String key, Set<String> sourceNames, Function<ConfigNode, T> value) {
        Map<String, T> bySource = new LinkedHashMap<>();
        f.optional(key)
                .ifPresent(
                        n ->
                                n.fieldsUnchecked()
                                        .entries()
                                        .forEach(
                                                (source, node) -> {
                                                    requireSource(node, source, sourceNames);
                                                    bySource.put(source, value.apply(node));
                                                }));
        return bySource;
    }

    private static void requireSource(ConfigNode node, String name, Set<String> sourceNames) {
        if (!sourceNames.contains(name))
            throw node.error(Suggestions.unknown("source", name, sourceNames));
    }

    // ---- shards --------------------------------------------------------------------------------

    static StorageSpec storage(ConfigNode node) {
        Fields f = node.fields(STORAGE_KEYS);
        String endpoint = f.optional("endpoint").map(ConfigNode::string).orElse(null);
        Boolean pathStyle = f.optional("path_style").map(ConfigNode::bool).orElse(null);
        String region = f.optional("region").map(ConfigNode::string).orElse(null);
        return bind(node, () -> new StorageSpec(endpoint, pathStyle, region));
    }

    static ShardsSpec shards(ConfigNode node) {
        Fields f = node.fields(SHARDS_KEYS);
        ShardsSpec d = ShardsSpec.DEFAULT;
        List<ShardsSpec.Format> formats =
                f.optional("formats")
                        .map(
                                n ->
                                        n.list(true).stream()
                                                .map(
                                                        item ->
                                                                bind(
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
        return bind(node, () -> new ShardsSpec(formats, megatron, olmo, olmoFileTokens));
    }

    private static ShardsSpec.TokenDtype dtype(
            ConfigNode node, String key, Set<ShardsSpec.TokenDtype> allowed) {
        return bind(node, () -> ShardsSpec.TokenDtype.of(key, node.string().trim(), allowed));
    }
}
