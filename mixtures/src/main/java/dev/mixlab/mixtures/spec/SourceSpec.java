package dev.mixlab.mixtures.spec;

import dev.mixlab.filters.FilterCatalog;
import dev.mixlab.filters.pii.PiiRedactor;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One corpus of the ablation: where it is, how to read it, and how to curate it into a pool.
 *
 * @param name unique name, used in mixture weights and pool directory names
 * @param kind what the data is: {@code text}, {@code code}, {@code markup}, {@code code-adjacent},
 *     {@code synthetic}, or any label; mixtures report their share per kind
 * @param inputs glob patterns as written; relative ones resolve against {@code baseDir}
 * @param baseDir the spec file's directory
 * @param format input format, or {@link InputFormat#AUTO} to decide per file
 * @param fields which record fields are the text and the id
 * @param dedup exact and near-duplicate settings
 * @param filters per-filter settings by filter name as written (validated against the filter
 *     catalog by the curation stage); an entry mapped to {@code false}/{@code off} disables a
 *     filter
 * @param pii shorthand for {@code filters.pii: true/false} (redact emails, IPs and secrets); null =
 *     the catalog's default for the kind (on for code); an entry under {@code filters} wins
 * @param heldoutFraction share of documents held out for validation, chosen by id hash (default
 *     0.01)
 */
public record SourceSpec(
        String name,
        String kind,
        List<String> inputs,
        @SpecKeys.NotInYaml Path baseDir,
        InputFormat format,
        FieldMapping fields,
        DedupSpec dedup,
        Map<String, Object> filters,
        Boolean pii,
        double heldoutFraction) {
    public static final List<String> WELL_KNOWN_KINDS =
            List.of("text", "code", "markup", "code-adjacent", "synthetic");
    public static final double DEFAULT_HELDOUT_FRACTION = 0.01;

    public SourceSpec {
        InvalidValueException.check(
                kind != null && !kind.isBlank(), "kind", "kind must not be empty");
        InvalidValueException.check(
                !inputs.isEmpty(), "inputs", "a source needs at least one input path or glob");
        InvalidValueException.check(
                heldoutFraction >= 0 && heldoutFraction < 1,
                "heldout_fraction",
                "heldout_fraction must be in [0, 1), found " + heldoutFraction);
        inputs = List.copyOf(inputs);
        filters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(filters));
        try {
            FilterCatalog.select(kind, steps(filters, pii));
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException("filters", e.getMessage());
        }
    }

    /**
     * The catalog steps as configured: {@code filters} with the {@code pii} shorthand folded in,
     * for {@link FilterCatalog#select}.
     */
    public Map<String, Object> steps() {
        return steps(filters, pii);
    }

    private static Map<String, Object> steps(Map<String, Object> filters, Boolean pii) {
        Map<String, Object> steps = new LinkedHashMap<>(filters);
        if (pii != null) steps.putIfAbsent(PiiRedactor.NAME, pii);
        return steps;
    }

    public boolean isCode() {
        return "code".equals(kind);
    }

    /** The {@code pii} setting, else the catalog's default for the kind (on for code). */
    public boolean redactsPii() {
        return pii != null
                ? pii
                : FilterCatalog.entry(PiiRedactor.NAME).defaultKinds().contains(kind);
    }
}
