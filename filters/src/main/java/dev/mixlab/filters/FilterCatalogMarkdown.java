package dev.mixlab.filters;

import java.util.Comparator;
import java.util.Set;
import java.util.stream.Collectors;

/** Renders the {@link FilterCatalog} as the Markdown reference {@code docs/FILTERS.md}. */
public final class FilterCatalogMarkdown {

    private FilterCatalogMarkdown() {}

    public static String render() {
        StringBuilder md = new StringBuilder();
        md.append("# Filters\n\n")
                .append(
                        "<!-- Generated from dev.mixlab.filters.FilterCatalog by FilterCatalogMarkdown; do not edit by hand."
                                + " Regenerate with: mvn -pl filters test -Dtest=FilterCatalogDocTest -Dmixlab.writeDocs=true -->\n\n")
                .append(
                        "Curation steps that a source's `filters:` section can name. Each step applies to the document")
                .append(
                        " kinds listed unless the source overrides them. Filters keep or drop a document and report a")
                .append(
                        " reason code `<name>.<rule>` with the measured value; mappers rewrite it and report counters.\n\n")
                .append("Conventions shared by all filters:\n\n")
                .append(
                        "- A `min_*` rule drops a document whose measured value is below the minimum; a `max_*` rule one")
                .append(" whose value is above the maximum.\n")
                .append(
                        "- A parameter marked `null = off` switches its rule off when set to `null` in YAML.\n")
                .append(
                        "- Unknown parameter names are errors, with a suggestion for the closest known name.\n\n")
                .append(
                        "Speed of the steps, one thread, with the commands that measure it: [BENCHMARKS.md](BENCHMARKS.md#filters-one-thread-issue-20).\n\n")
                .append("| name | kind | applies to | summary |\n|---|---|---|---|\n");
        for (FilterCatalog.Entry entry : FilterCatalog.entries()) {
            md.append("| [`")
                    .append(entry.name())
                    .append("`](#")
                    .append(entry.name())
                    .append(") | ")
                    .append(entry.isFilter() ? "filter" : "mapper")
                    .append(" | ")
                    .append(kinds(entry))
                    .append(" | ")
                    .append(entry.summary())
                    .append(" |\n");
        }
        for (FilterCatalog.Entry entry : FilterCatalog.entries()) {
            md.append("\n## ")
                    .append(entry.name())
                    .append("\n\n")
                    .append(entry.summary())
                    .append("\n\n")
                    .append(entry.notes().isEmpty() ? "" : entry.notes() + "\n\n")
                    .append("Implementation: `")
                    .append(entry.implementation().getName())
                    .append("`. Applies to: ")
                    .append(kinds(entry))
                    .append(". Runs ")
                    .append(entry.stage().description())
                    .append(order(entry))
                    .append(".\n\n")
                    .append("| parameter | default | values | description |\n|---|---|---|---|\n");
            for (FilterParameter<?> parameter : entry.parameters()) {
                md.append("| `")
                        .append(parameter.name())
                        .append("` | `")
                        .append(parameter.defaultText())
                        .append("` | ")
                        .append(parameter.constraint())
                        .append(" | ")
                        .append(escape(parameter.description()))
                        .append(" |\n");
            }
        }
        return md.toString();
    }

    private static String order(FilterCatalog.Entry entry) {
        StringBuilder text = new StringBuilder();
        if (!entry.requires().isEmpty()) {
            text.append("; needs ")
                    .append(names(entry.requires()))
                    .append(" on, and runs after it");
        }
        if (!entry.after().isEmpty()) {
            text.append("; after ").append(names(entry.after())).append(" when that is on");
        }
        return text.toString();
    }

    private static String names(Set<String> steps) {
        return steps.stream().sorted().map(n -> "`" + n + "`").collect(Collectors.joining(", "));
    }

    private static String kinds(FilterCatalog.Entry entry) {
        return entry.defaultKinds().stream()
                .sorted(Comparator.naturalOrder())
                .collect(Collectors.joining(", "));
    }

    private static String escape(String cell) {
        return cell.replace("|", "\\|");
    }
}
