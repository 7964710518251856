package dev.mixlab.filters;

import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Renders the {@link FilterCatalog} as the Markdown reference {@code docs/FILTERS.md}. */
public final class FilterCatalogMarkdown {

    /**
     * Measured single-thread cost of the steps that run on every code file, shown in their
     * sections; update it with a new run of CodeFiltersBenchmark when they change.
     */
    private static final Map<String, String> THROUGHPUT =
            Map.of(
                    "pii",
                            "about 150 MB/s (was 3 MB/s when every pattern was tried at every character)",
                    "encoded_data",
                            "about 55 MB/s (was 5 MB/s when its regexes were tried at every character)");

    private static final String THROUGHPUT_SECTION =
            """

      ## Throughput

      Single-thread throughput per CPU-second over the code sample (`data/sample/code`, 4,844 files,
      47.9 MB of UTF-8 text), median of at least ten seconds of passes after two warm-up passes, on a
      busy shared 2-core machine; for scale, whole curation is to reach 12 MB/s, 0.6 times the cl100k
      tokenizer alone on the same code.

      | step | before | after |
      |---|---|---|
      | `normalise` (TextNormaliser) | 218 MB/s | 243 MB/s (code unchanged; the difference is noise) |
      | `encoded_data` | 5.3 MB/s | 56 MB/s |
      | `pii` | 3.0 MB/s | 154 MB/s |

      Both filters now try their regexes only where a match can start (`AnchoredSearch`), and
      `encoded_data` scans base64 runs, unicode escapes and code tokens by hand; the results are the
      same as before on all 22,449 sample documents (code, markup and text). Measured with:

      ```bash
      mvn -B -o -q -pl filters test-compile
      mvn -B -o -q -pl filters dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
      java -Xmx2g -XX:+UseSerialGC -cp filters/target/test-classes:filters/target/classes:$(cat /tmp/cp.txt) \\
           dev.mixlab.filters.CodeFiltersBenchmark data/sample
      ```
      """;

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
            if (THROUGHPUT.containsKey(entry.name())) {
                md.append("\nThroughput on code, one thread: ")
                        .append(THROUGHPUT.get(entry.name()))
                        .append("; see [Throughput](#throughput).\n");
            }
        }
        return md.append(THROUGHPUT_SECTION).toString();
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
