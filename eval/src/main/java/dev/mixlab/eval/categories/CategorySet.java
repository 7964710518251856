package dev.mixlab.eval.categories;

import dev.mixlab.mixtures.spec.AblationSpec;
import dev.mixlab.mixtures.spec.ConfigNode;
import dev.mixlab.mixtures.spec.SpecException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The categories a comparison reports, read from a categories YAML (format in docs/EVAL.md). {@link
 * #paper()} is the study's: NL reasoning, world knowledge, code, generative, NL Avg and Total, plus
 * the proxy categories (per-source validation bits per byte, probe accuracy).
 *
 * @param source where it was read from (file path or {@code paper})
 * @param categories task categories, paper ones first, then proxy ones, in file order
 * @param summaries averages of categories
 */
public record CategorySet(String source, List<Category> categories, List<Summary> summaries) {
    public static final String PAPER = "paper";
    private static final String PAPER_RESOURCE = "paper.yaml";
    private static final Set<String> TOP_KEYS = Set.of("categories", "summaries", "proxy");
    private static final Set<String> CATEGORY_KEYS =
            Set.of(
                    "title",
                    "tasks",
                    "task_prefix",
                    "metrics",
                    "higher_is_better",
                    "percent",
                    "chance");
    private static final Set<String> TASK_KEYS = Set.of("task", "metrics", "chance");
    private static final Set<String> SUMMARY_KEYS = Set.of("title", "mean_of");

    public CategorySet {
        categories = List.copyOf(categories);
        summaries = List.copyOf(summaries);
    }

    public Optional<Category> category(String name) {
        return categories.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** The study's categories (bundled {@code dev/mixlab/eval/categories/paper.yaml}). */
    public static CategorySet paper() {
        try (InputStream in = CategorySet.class.getResourceAsStream(PAPER_RESOURCE)) {
            if (in == null)
                throw new IllegalStateException(
                        "the bundled " + PAPER_RESOURCE + " is missing from the class path");
            return parse(
                    ConfigNode.parse(
                            Path.of(PAPER), new InputStreamReader(in, StandardCharsets.UTF_8)),
                    PAPER);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled " + PAPER_RESOURCE, e);
        }
    }

    /**
     * {@code paper} or a categories YAML file; invalid files throw {@link SpecException} naming
     * file, line and key.
     */
    public static CategorySet load(String paperOrFile, Path relativeTo) {
        if (paperOrFile == null || paperOrFile.equals(PAPER)) return paper();
        Path file = relativeTo == null ? Path.of(paperOrFile) : relativeTo.resolve(paperOrFile);
        return parse(ConfigNode.load(file), file.toString());
    }

    /** The spec's {@code eval.categories}, resolved against the spec file's directory. */
    public static CategorySet forSpec(AblationSpec spec) {
        Path dir = spec.file() == null ? null : spec.file().toAbsolutePath().getParent();
        return load(spec.eval().categories(), dir);
    }

    /** The categories under {@code key} (if given), each from its name and its node. */
    private static void addCategories(
            ConfigNode.Fields top, String key, boolean proxy, List<Category> categories) {
        top.optional(key)
                .ifPresent(
                        n ->
                                n.fieldsUnchecked()
                                        .entries()
                                        .forEach(
                                                (name, node) ->
                                                        categories.add(
                                                                category(name, node, proxy))));
    }

    private static CategorySet parse(ConfigNode root, String source) {
        ConfigNode.Fields top = root.fields(TOP_KEYS);
        List<Category> categories = new ArrayList<>();
        addCategories(top, "categories", false, categories);
        addCategories(top, "proxy", true, categories);
        if (categories.isEmpty())
            throw root.error(
                    "no categories: give categories: {name: {tasks: {Label: task}}} (see docs/EVAL.md)");
        Set<String> names = new LinkedHashSet<>();
        for (Category category : categories) {
            if (!names.add(category.name()))
                throw root.error(
                        "category '" + category.name() + "' is declared twice; rename one");
        }
        List<Summary> summaries = new ArrayList<>();
        top.optional("summaries")
                .ifPresent(
                        n ->
                                n.fieldsUnchecked()
                                        .entries()
                                        .forEach(
                                                (name, node) -> {
                                                    ConfigNode.Fields f = node.fields(SUMMARY_KEYS);
                                                    ConfigNode meanOf = f.require("mean_of", node);
                                                    List<String> parts = meanOf.stringList();
                                                    for (String part : parts) {
                                                        if (!names.contains(part))
                                                            throw meanOf.error(
                                                                    "'"
                                                                            + part
                                                                            + "' is not a category; categories: "
                                                                            + names);
                                                    }
                                                    if (names.contains(name))
                                                        throw node.error(
                                                                "summary '"
                                                                        + name
                                                                        + "' has the name of a category; rename it");
                                                    summaries.add(
                                                            build(
                                                                    node,
                                                                    () ->
                                                                            new Summary(
                                                                                    name,
                                                                                    f.optional(
                                                                                                    "title")
                                                                                            .map(
                                                                                                    ConfigNode
                                                                                                            ::string)
                                                                                            .orElse(
                                                                                                    name),
                                                                                    parts)));
                                                }));
        return new CategorySet(source, categories, summaries);
    }

    private static Category category(String name, ConfigNode node, boolean proxy) {
        ConfigNode.Fields f = node.fields(CATEGORY_KEYS);
        List<String> metrics = f.optional("metrics").map(ConfigNode::stringList).orElse(List.of());
        Double chance = f.optional("chance").map(ConfigNode::number).orElse(null);
        List<TaskRef> tasks = new ArrayList<>();
        f.optional("tasks")
                .ifPresent(
                        t ->
                                t.fieldsUnchecked()
                                        .entries()
                                        .forEach(
                                                (label, task) ->
                                                        tasks.add(
                                                                task(
                                                                        label, task, metrics,
                                                                        chance))));
        return build(
                node,
                () ->
                        new Category(
                                name,
                                f.optional("title").map(ConfigNode::string).orElse(name),
                                tasks,
                                f.optional("task_prefix").map(ConfigNode::string).orElse(null),
                                metrics,
                                f.optional("higher_is_better").map(ConfigNode::bool).orElse(true),
                                f.optional("percent").map(ConfigNode::bool).orElse(true),
                                proxy,
                                chance));
    }

    /**
     * {@code Label: name}, {@code Label: [name, alias]} or {@code Label: {task: name, metrics:
     * [...], chance: 0.25}}.
     */
    private static TaskRef task(
            String label, ConfigNode node, List<String> categoryMetrics, Double categoryChance) {
        if (node.isMap()) {
            ConfigNode.Fields f = node.fields(TASK_KEYS);
            List<String> names = f.require("task", node).stringList();
            List<String> metrics =
                    f.optional("metrics").map(ConfigNode::stringList).orElse(categoryMetrics);
            Double chance = f.optional("chance").map(ConfigNode::number).orElse(categoryChance);
            return build(node, () -> new TaskRef(label, names, metrics, chance));
        }
        return build(
                node, () -> new TaskRef(label, node.stringList(), categoryMetrics, categoryChance));
    }

    private static <T> T build(ConfigNode node, java.util.function.Supplier<T> record) {
        try {
            return record.get();
        } catch (IllegalArgumentException e) {
            throw node.error(e.getMessage());
        }
    }
}
